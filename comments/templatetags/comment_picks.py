from django import template

register = template.Library()


@register.filter
def editors_picks(threads):
    """The featured comments anywhere in the threaded list (already loaded: no query), most
    recently picked first."""
    picks, waiting = [], list(threads)
    while waiting:
        comment = waiting.pop()
        if comment.is_featured:
            picks.append(comment)
        waiting.extend(getattr(comment, "thread_replies", ()))
    return sorted(picks, key=lambda comment: comment.featured_at, reverse=True)

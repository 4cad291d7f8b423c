from django import template

from comments.models import Comment

register = template.Library()


@register.simple_tag(takes_context=True)
def pending_comment_count(context):
    """For the admin index only: how many comments wait for a moderator."""
    if not context["request"].user.has_perm("comments.moderate_comment"):
        return None
    return Comment.objects.pending().count()

def comment_context(request, article):
    """What the article page needs to show its comments (filled in by the comments app)."""
    return {}

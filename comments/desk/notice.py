"""Deciding from a moderation notice: the link opens a confirmation page (a GET never acts, as
mail scanners follow links), whose button makes the decision with the comment's own method."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from comments import notice_links, notifications
from comments.desk import actions
from comments.models import Comment


@require_http_methods(["GET", "POST"])
def notice_decision(request, token, admin_site):
    context = {**admin_site.each_context(request), "title": "Moderate a comment", "token": token}
    try:
        comment_id, decision, address = notice_links.read(token)
        moderator = notifications.moderator_for(address)
    except notice_links.LinkError as refusal:
        return render(request, "admin/comments/notice_decision.html", {**context, "refusal": refusal},
                      status=400)
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None:
        return render(request, "admin/comments/notice_decision.html",
                      {**context, "refusal": "This comment no longer exists."}, status=404)
    context.update(comment=comment, decision=decision, label=notice_links.DECISIONS[decision],
                   decided=comment.status != Comment.Status.PENDING)
    if request.method == "POST" and not context["decided"]:
        actions.decide(comment, decision, moderator)
        context["done"] = actions.ACTIONS[decision][0]
    return render(request, "admin/comments/notice_decision.html", context)

"""The moderation desk, inside the admin (same login, same permissions). Every decision is a
plain form POST that comes back to the desk, so it works without JavaScript; static/js/desk.js
sends the same forms in place and asks for JSON instead."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from articles.models import Article, Section
from comments import bans, moderation
from comments.desk import actions
from comments.desk.queues import ORDERS, QUEUES, DeskFilter, attach_histories, queue_counts, queue_page
from comments.models import Comment

UNDO_KEY = "comment_desk_undo"
NOTHING_TO_UNDO = "There is no decision to undo."


class DeskReplyForm(forms.Form):
    body = forms.CharField(label="Your reply", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


def _require_moderator(request):
    if not request.user.has_perm("comments.moderate_comment"):
        raise PermissionDenied


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _desk_url(desk_filter):
    return f"{reverse('admin:comments_comment_desk')}?{urlencode(desk_filter.as_query())}"


def desk(request, admin_site):
    _require_moderator(request)
    desk_filter = DeskFilter.from_query(request.GET)
    counts = queue_counts(desk_filter)
    page = queue_page(desk_filter, request.GET.get("page"))
    for comment in page.object_list:
        _prepare(comment)
    article = Article.objects.filter(pk=desk_filter.article).first() if desk_filter.article else None
    return render(request, "admin/comments/desk.html", {
        **admin_site.each_context(request),
        "opts": Comment._meta,
        "title": "Moderation desk",
        "desk_filter": desk_filter,
        "queues": [(name, label, counts[name], urlencode(desk_filter.as_query(queue=name)))
                   for name, (label, _) in QUEUES.items()],
        "orders": list(ORDERS),
        "sections": list(Section.objects.all()),
        "filtered_article": article,
        "page": page,
        **_row_context(request, desk_filter),
        "undo": request.session.get(UNDO_KEY),
    })


def _prepare(comment):
    comment.desk_actions = actions.available_actions(comment)
    comment.desk_can_reply = moderation.may_reply_to(comment, approving=True)
    comment.desk_can_ban = bans.may_be_banned(comment)
    comment.desk_ip_range = bans.suggested_range(comment.ip_address)


def _row_context(request, desk_filter):
    return {
        "desk_query": urlencode(desk_filter.as_query()),
        "may_see_addresses": request.user.has_perm("comments.see_commenter_email"),
    }


def _render_row(request, comment, desk_filter):
    attach_histories([comment])
    comment.open_reports = list(comment.reports.filter(resolved_at__isnull=True))
    _prepare(comment)
    return render_to_string("comments/desk/_comment.html", {
        "comment": comment, **_row_context(request, desk_filter),
    }, request=request)


def _answer(request, comment, message, desk_filter):
    """After a decision: the desk again (no JavaScript), or what desk.js needs to update it."""
    if not _wants_json(request):
        messages.success(request, message)
        return HttpResponseRedirect(_desk_url(desk_filter))
    comment.refresh_from_db()
    return JsonResponse({
        "message": message,
        "counts": queue_counts(desk_filter),
        "comment": comment.pk,
        "stays": desk_filter.holds(comment),
        "html": _render_row(request, comment, desk_filter),
    })


def _refusal(request, message, desk_filter, status=400):
    if not _wants_json(request):
        messages.error(request, message)
        return HttpResponseRedirect(_desk_url(desk_filter))
    return JsonResponse({"error": message}, status=status)


@require_POST
def decide(request, pk, action):
    _require_moderator(request)
    desk_filter = DeskFilter.from_query(request.GET)
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    if action == "reply":
        form = DeskReplyForm(request.POST)
        if not form.is_valid():
            return _refusal(request, "Write your reply first.", desk_filter)
        try:
            undo = actions.reply(comment, form.cleaned_data["body"], request.user)
        except actions.CannotReply as refusal:
            return _refusal(request, str(refusal), desk_filter)
    elif action == "ban":
        form = bans.BanForm(request.POST)
        if not form.is_valid():
            return _refusal(request, " ".join(error for errors in form.errors.values() for error in errors),
                            desk_filter)
        try:
            undo = actions.ban(comment, form, request.user)
        except bans.CannotBan as refusal:
            return _refusal(request, str(refusal), desk_filter)
    elif action in actions.ACTIONS:
        undo = actions.decide(comment, action, request.user)
    else:
        return _refusal(request, f"There is no desk action called “{action}”.", desk_filter, status=404)
    request.session[UNDO_KEY] = undo.as_session()
    return _answer(request, comment, undo.summary, desk_filter)


def undo(request):
    _require_moderator(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    desk_filter = DeskFilter.from_query(request.GET)
    record = request.session.pop(UNDO_KEY, None)
    if record is None:
        return _refusal(request, NOTHING_TO_UNDO, desk_filter, status=409)
    comment = actions.undo(record, request.user)
    return _answer(request, comment, f"Undone: {record['summary']}", desk_filter)

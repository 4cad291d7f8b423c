"""A reader's comment arrives here, and so do the private parts of an article page: the reader's
own token, saved details and waiting comments (for static/js/comments.js), and the pages a post
leads to. All of them are private (`Cache-Control: private, no-store`); the article page itself
stays the one shared page."""

import logging

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.models import Article
from comments import editing, posting, reports
from comments.forms import CONTROL_CHARACTERS, CommentForm, ReportForm, one_line
from comments.models import WAITING_STATUSES, Comment
from comments.spam import TokenError, claim_token, make_token, rate_limited
from operations.client_address import client_ip
from website import address_proof, reader_cookies
from website.comment_section import Message, form_to_send_again
from website.reader_posts import CROSS_SITE, csrf_failure, private, sent_from_this_site
from website.views import render_article

logger = logging.getLogger("newsroom.comments")

REPORTS_RATE_LIMITED = ("You have sent several reports in a short time. Please wait a while and send "
                        "this one again.")
RATE_LIMITED = ("You have sent several comments in a short time. Please wait a few minutes and send "
                "this one again.")
CONFIRM = "Nearly there: check your comment, then press “Post Comment” to send it."


def _published_article(article_id):
    article = Article.objects.with_page_details().published().filter(pk=article_id).first()
    if article is None:
        raise Http404("This article is not published, so it cannot take comments.")
    return article


def _page_with_form(request, article, form, message, status, reason=None):
    if reason:
        logger.info("comment refused on article %s: %s", article.pk, reason)
    return private(render_article(request, article, form=form_to_send_again(form),
                                  message=message, status=status))


@csrf_exempt  # anonymous posts carry a signed form token instead (see comments.spam)
@require_POST
def post_comment(request, article_id):
    article = _published_article(article_id)
    if request.user.is_authenticated and (failure := csrf_failure(request)):
        return failure
    form = CommentForm(request.POST, article=article, auto_id="comment-%s")
    if not sent_from_this_site(request):
        form.is_valid()
        return _page_with_form(request, article, form, Message(CROSS_SITE), 403, "cross-site")
    if not form.is_valid():
        code = form.refusal_code
        status = 403 if code == "closed" else 400
        message = Message(form.refusal_message)
        return _page_with_form(request, article, form, message, status, code or "invalid")
    if form.form_token.shared:
        # The page came from the shared cache and no script gave it a token of its own: how long
        # the reader took is unknown, so they confirm on a page of their own.
        return _page_with_form(request, article, form, Message(CONFIRM, is_error=False), 200)

    ip_address = client_ip(request)
    if rate_limited(ip_address):
        return _page_with_form(request, article, form, Message(RATE_LIMITED), 429, "rate limit")
    if form.honeypot_filled:
        return _keep_as_spam(request, article, form, ip_address)
    try:
        claim_token(form.cleaned_data["token"], form.cleaned_data["author_email"])
    except TokenError as error:
        return _page_with_form(request, article, form, Message(str(error)), 400, "replay")

    staff_user = request.user if request.user.is_authenticated and request.user.is_staff else None
    email = form.cleaned_data["author_email"]
    try:
        comment = posting.submit(form.new_comment(
            ip_address=ip_address, user_agent=_user_agent(request), staff_user=staff_user,
            address_proven=address_proof.proves(request, email),
        ), notify=form.notifications)
    except posting.Refused as refusal:
        return _page_with_form(request, article, form, Message(str(refusal)), 403, "banned")
    if comment.status in WAITING_STATUSES:
        response = redirect("comments:posted", comment_id=comment.pk)
        response["Location"] += f"#{comment.anchor}"
    else:
        response = redirect(comment.get_absolute_url())
    reader_cookies.remember_own(response, request, comment)
    reader_cookies.save_details(response, request, comment, form.cleaned_data.get("remember"))
    return response


def _user_agent(request):
    return one_line(request.META.get("HTTP_USER_AGENT", ""))[:300]


def _keep_as_spam(request, article, form, ip_address):
    """A filled honeypot on an otherwise valid post is a bot: keep it as spam for review, and tell
    the bot nothing."""
    data = form.data
    Comment.objects.create(
        article=article,
        author_name=one_line(data.get("author_name", ""))[:100] or "(no name)",
        author_email=one_line(data.get("author_email", ""))[:254],
        author_url=one_line(data.get("author_url", ""))[:200],
        body=CONTROL_CHARACTERS.sub("", data.get("body", ""))[:5000],
        status=Comment.Status.SPAM,
        moderation_reasons=["filled the hidden honeypot field"],
        ip_address=ip_address,
        user_agent=_user_agent(request),
    )
    logger.info("comment on article %s caught by the honeypot", article.pk)
    return redirect(article.get_absolute_url())


@require_GET
def posted(request, comment_id):
    """Where a held comment's author lands: the article page with their waiting comments in it."""
    pending_ids = reader_cookies.own_comment_ids(request)
    comment = (Comment.objects.filter(pk=comment_id)
               .only("article_id", "status", "parent_id", "created_at").first())
    if comment is None or comment.status not in WAITING_STATUSES or comment_id not in pending_ids:
        if comment is not None and comment.status == Comment.Status.APPROVED:
            return redirect(comment.get_absolute_url())
        raise Http404("There is no comment of yours waiting here.")
    article = _published_article(comment.article_id)
    own = Comment.objects.filter(article=article, pk__in=pending_ids)
    return private(render_article(request, article, pending_ids=pending_ids, page=_page_showing(comment),
                                  editable_ids=[c.pk for c in editing.editable(own, pending_ids)]))


def _page_showing(comment):
    return Comment.objects.page_number(comment, settings.NEWSROOM_COMMENT_THREADS_PER_PAGE)


@require_GET
def permalink(request, comment_id):
    """A comment's own address (in notices, the admin, feeds): the page of the conversation that
    shows it, at its anchor."""
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or not comment.article.is_published:
        raise Http404("There is no published comment here.")
    page = _page_showing(comment) if comment.status == Comment.Status.APPROVED else 1
    query = f"?page={page}" if page > 1 else ""
    return redirect(f"{comment.article.get_absolute_url()}{query}#{comment.anchor}")


@require_GET
def reader_state(request, article_id):
    """What static/js/comments.js fills into the shared page for this reader alone."""
    article = _published_article(article_id)
    details = reader_cookies.saved_details(request)
    own_ids = reader_cookies.own_comment_ids(request)
    own = list(Comment.objects.filter(article=article, pk__in=own_ids)) if own_ids else []
    waiting = [comment for comment in own if comment.status in WAITING_STATUSES]
    return private(JsonResponse({
        "token": make_token(article.pk),
        "details": details or None,
        "waiting": [
            {"id": comment.pk, "parent": comment.parent_id,
             "html": render_to_string("comments/_comment.html", {"comment": comment})}
            for comment in waiting
        ],
        "editable": [
            {"id": comment.pk, "url": reverse("comments:edit", args=[comment.pk]), "body": comment.body}
            for comment in editing.editable(own, own_ids)
        ],
    }))


@csrf_exempt  # anonymous, like a comment: checked by where the form was sent from instead
@require_http_methods(["GET", "POST"])
def report_comment(request, comment_id):
    """A reader asks a moderator to look at a published comment: a form (GET), then the report."""
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or not reports.may_be_reported(comment) or not comment.article.is_published:
        raise Http404("There is no published comment to report here.")
    form = ReportForm(request.POST if request.method == "POST" else None)
    refusal, status = None, 200
    if request.method == "POST":
        if request.user.is_authenticated and (failure := csrf_failure(request)):
            return failure
        if not sent_from_this_site(request):
            refusal, status = CROSS_SITE, 403
        elif form.is_valid():
            ip_address = client_ip(request)
            if rate_limited(ip_address, settings.NEWSROOM_REPORT_RATE, kind="report"):
                refusal, status = REPORTS_RATE_LIMITED, 429
            else:
                reports.file_report(comment, form.cleaned_data["reason"], form.cleaned_data["text"],
                                    reports.reporter_key(ip_address))
                return private(render(request, "comments/report.html", {"comment": comment, "sent": True}))
        else:
            status = 400
    return private(render(request, "comments/report.html",
                          {"comment": comment, "form": form, "refusal": refusal}, status=status))

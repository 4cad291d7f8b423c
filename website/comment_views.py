import logging

from django.db import transaction
from django.http import Http404
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article
from comments import moderation, notifications
from comments.forms import CONTROL_CHARACTERS, CommentForm, one_line
from comments.models import Comment
from comments.spam import TokenError, check_token, claim_token, make_token, rate_limited
from operations.client_address import client_ip
from website import comment_section as display
from website.views import render_article

logger = logging.getLogger("newsroom.comments")
REPLY_REFUSED = "You can only reply to a published comment on this article that still takes replies."


def _refuse(request, article, form, message, status, reason):
    logger.info("comment refused on article %s: %s", article.pk, reason)
    return render_article(request, article, comment_form=form, comment_error=message, status=status)


def _csrf_failure(request):
    """Staff are logged in, so their posts need the CSRF check that anonymous posts do without."""
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})


@csrf_exempt  # anonymous posts carry a signed form token instead (see comments.spam)
@require_POST
def post_comment(request, article_id):
    article = Article.objects.published().with_page_details().filter(pk=article_id).first()
    if article is None:
        raise Http404("This article is not published, so it cannot take comments.")
    if request.user.is_authenticated and (failure := _csrf_failure(request)):
        return failure

    form = CommentForm(request.POST, auto_id="comment-%s")
    if not moderation.comments_open(article):
        return _refuse(request, article, form, "Comments are closed on this article.", 403, "closed")
    if form.honeypot_filled:
        return _store_trap_catch(request, article, form)
    if not form.is_valid():
        if form.errors.keys() == {"parent"}:  # a hidden field: nothing on the page could be marked
            return _refuse(request, article, form, REPLY_REFUSED, 400, "bad parent")
        return _refuse(request, article, form, "Please correct the fields marked below.", 400, "invalid")
    try:
        check_token(form.cleaned_data["token"], article.pk)
    except TokenError as error:
        return _refuse(request, article, _with_fresh_token(form, article), str(error), 400, "token")

    parent = None
    parent_id = form.cleaned_data.get("parent")
    if parent_id:
        parent = Comment.objects.filter(pk=parent_id).first()
        if (parent is None or parent.article_id != article.pk
                or parent.status != Comment.Status.APPROVED or not moderation.can_reply_to(parent)):
            return _refuse(request, article, form, REPLY_REFUSED, 400, "bad parent")

    ip_address = client_ip(request)
    if rate_limited(ip_address):
        return _refuse(request, article, form, "You have sent several comments in a short time. Please "
                       "wait a few minutes and send this one again.", 429, "rate limit")

    comment = form.save(commit=False)
    comment.article = article
    comment.parent = parent
    comment.ip_address = ip_address
    comment.user_agent = _user_agent(request)
    if request.user.is_authenticated and request.user.is_staff:
        comment.staff_user = request.user
    if Comment.objects.filter(article=article, author_email__iexact=comment.author_email,
                              body=comment.body).exists():
        return _refuse(request, article, form, "Duplicate comment detected: it looks as though you have "
                       "already said that.", 400, "duplicate")
    try:
        claim_token(form.cleaned_data["token"], comment.author_email)
    except TokenError as error:
        return _refuse(request, article, _with_fresh_token(form, article), str(error), 400, "replay")

    decision = moderation.decide(comment)
    comment.status = decision.status
    comment.moderation_reasons = decision.reasons
    with transaction.atomic():
        comment.save()
        if comment.status == Comment.Status.PENDING:
            # robust: the comment is stored; whatever goes wrong with the notice is only logged.
            transaction.on_commit(lambda: notifications.comment_held(comment), robust=True)
    logger.info("comment %s on article %s stored as %s (%s)", comment.pk, article.pk,
                comment.status, "; ".join(decision.reasons))
    response = redirect(comment.get_absolute_url())
    if comment.status == Comment.Status.PENDING:
        display.remember_pending(response, request, comment)
    display.save_commenter(response, request, comment, form.cleaned_data.get("remember"))
    return response


def _user_agent(request):
    return one_line(request.META.get("HTTP_USER_AGENT", ""))[:300]


def _with_fresh_token(form, article):
    """The same typed text, with a token the reader can send again."""
    data = form.data.copy()
    data["token"] = make_token(article.pk)
    return CommentForm(data, auto_id="comment-%s")


def _store_trap_catch(request, article, form):
    """A filled honeypot is a bot: keep the post as spam for review, and tell the bot nothing."""
    data = form.data
    Comment.objects.create(
        article=article,
        author_name=one_line(data.get("author_name", ""))[:100] or "(no name)",
        author_email=one_line(data.get("author_email", ""))[:254],
        author_url=one_line(data.get("author_url", ""))[:200],
        body=CONTROL_CHARACTERS.sub("", data.get("body", ""))[:5000],
        status=Comment.Status.SPAM,
        moderation_reasons=["filled the hidden honeypot field"],
        ip_address=client_ip(request),
        user_agent=_user_agent(request),
    )
    logger.info("comment on article %s caught by the honeypot", article.pk)
    return redirect(article.get_absolute_url())

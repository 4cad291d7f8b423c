"""A reader reports an error in a story. The form in the article page is the same for every
reader (the page cache shares it, see website.error_report_form); what a post leads to is a page
of the reader's own (`Cache-Control: private, no-store`). The checks are the comment form's, in
the same order: where the form was sent from, the signed token, a form from the shared page
confirmed once, the rate limit per address, the honeypot, one report per token and address."""

import logging

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article, ErrorReport, Section
from comments.spam import TokenError, claim_token, make_token, rate_limited
from operations.client_address import client_ip
from website.comment_section import Message
from website.error_report_form import ErrorReportForm
from website.reader_posts import CROSS_SITE, csrf_failure, private, sent_from_this_site

logger = logging.getLogger("newsroom.error_reports")

RATE_LIMITED = ("You have sent several reports in a short time. Please wait a while and send this "
                "one again.")
CONFIRM = "Nearly there: check your report, then press “Send the report” to send it."
CORRECT_FIELDS = "Please correct the fields marked below."


def _published_article(article_id):
    article = Article.objects.published().select_related("section").filter(pk=article_id).first()
    if article is None:
        raise Http404("This article is not published, so it cannot take reports.")
    return article


def _page(request, article, status=200, form=None, message=None, reason=None):
    """The reader's own page: the form brought back with `message`, or (no form) their thanks."""
    if reason:
        logger.info("error report refused on article %s: %s", article.pk, reason)
    form_again = form.to_send_again() if form is not None else None
    context = {"article": article, "nav_sections": list(Section.objects.all()), "error_form": form_again,
               "report_token": form_again["report_token"].value() if form_again else None,
               "error_message": message, "errors": form.errors if form is not None else None}
    return private(render(request, "articles/error_report.html", context, status=status))


@csrf_exempt  # anonymous posts carry a signed form token instead (see comments.spam)
@require_POST
def report_error(request, article_id):
    article = _published_article(article_id)
    if request.user.is_authenticated and (failure := csrf_failure(request)):
        return failure
    form = ErrorReportForm(request.POST, article=article)
    if not sent_from_this_site(request):
        cross_site = Message(CROSS_SITE.replace("comment", "report"))
        return _page(request, article, 403, form, cross_site, "cross-site")
    if not form.is_valid():
        text = form.errors["report_token"][0] if form.token_refused else CORRECT_FIELDS
        return _page(request, article, 400, form, Message(text), "token" if form.token_refused else "invalid")
    if form.form_token.shared:  # no script gave the shared page's form a token of its own
        return _page(request, article, 200, form, Message(CONFIRM, is_error=False))
    if rate_limited(client_ip(request), settings.NEWSROOM_ERROR_REPORT_RATE, kind="error-report"):
        return _page(request, article, 429, form, Message(RATE_LIMITED), "rate limit")
    report = form.new_report()
    if form.honeypot_filled:  # a bot: kept for the editors to see, and told nothing
        report.status = ErrorReport.Status.SPAM
        report.save()
        logger.info("error report on article %s caught by the honeypot", article.pk)
        return _page(request, article)
    try:
        claim_token(form.cleaned_data["report_token"], form.cleaned_data["reader_email"])
    except TokenError as error:
        return _page(request, article, 400, form, Message(str(error).replace("comment", "report")), "replay")
    report.save()
    return _page(request, article)


@require_GET
def reader_token(request, article_id):
    """A token of the reader's own for the form, timed from when they opened it
    (static/js/error_report.js)."""
    article = _published_article(article_id)
    return private(JsonResponse({"token": make_token(article.pk)}))

"""A reader edits their own comment, on a private page of its own (without JavaScript; with it,
static/js/comments.js opens the same form in place and posts here). The browser's proof of its
own comments (website.reader_cookies) says whose it is; comments.editing decides the rest."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from articles.models import Article
from comments import editing
from comments.models import Comment
from comments.spam import rate_limited
from operations.client_address import client_ip
from website import reader_cookies
from website.reader_posts import CROSS_SITE, private, sent_from_this_site

EDITS_RATE_LIMITED = ("You have saved several changes in a short time. Please wait a few minutes and save "
                      "this one again.")


@require_GET
def own_comments(request, article_id):
    """Without JavaScript, the way to the edit page: this browser's comments on the article that
    it may still edit (the shared page links here for every reader, inside <noscript>)."""
    article = Article.objects.published().filter(pk=article_id).first()
    if article is None:
        raise Http404("This article is not published.")
    own_ids = reader_cookies.own_comment_ids(request)
    own = Comment.objects.filter(article=article, pk__in=own_ids) if own_ids else []
    return private(render(request, "comments/yours.html", {
        "article": article, "comments": editing.editable(own, own_ids),
        "minutes": settings.NEWSROOM_COMMENT_EDIT_MINUTES,
    }))


@csrf_exempt  # the proof is the browser's own SameSite cookie, and where the form was sent from
@require_http_methods(["GET", "POST"])
def edit_comment(request, comment_id):
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or not comment.article.is_published:
        raise Http404("There is no comment to edit here.")
    own_ids = reader_cookies.own_comment_ids(request)
    own = comment.pk in own_ids  # a waiting comment's text is its author's alone
    form = editing.CommentEditForm(request.POST or None, initial={"body": comment.body if own else ""})
    refusal, status = None, 200
    try:
        editing.check(comment, own_ids)
    except editing.EditRefused as error:
        refusal, status = str(error), 403
    may_edit = refusal is None
    if request.method == "POST" and may_edit:
        if not sent_from_this_site(request):
            refusal, status = CROSS_SITE, 403
        elif not form.is_valid():
            status = 400
        elif rate_limited(client_ip(request), kind="edit"):
            refusal, status = EDITS_RATE_LIMITED, 429
        else:
            try:
                editing.edit(comment, form.cleaned_data["body"], own_ids)
            except editing.EditRefused as error:
                refusal, status = str(error), 403
            else:
                return _back_to(comment)
    return private(render(request, "comments/edit.html", {
        "comment": comment, "may_edit": may_edit, "form": form, "refusal": refusal,
        "deadline": editing.edit_deadline(comment),
    }, status=status))


def _back_to(comment):
    """The conversation at the comment: its author's private page while it waits, else its place."""
    if comment.status == Comment.Status.PENDING:
        return redirect(f"{reverse('comments:posted', args=[comment.pk])}#{comment.anchor}")
    return redirect(comment.get_absolute_url())

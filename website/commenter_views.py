"""A commenter's pages reached from their mail: the confirmation of their address, the page of all
that address's mail settings, and the one-click unsubscribe (RFC 8058). Each is named by a token,
never by the address; all are private (`Cache-Control: private, no-store`), under /comments/."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from comments import commenters, posting
from comments.models import Comment
from website import address_proof, reader_cookies
from website.reader_posts import CROSS_SITE, private, sent_from_this_site


# Anonymous: checked by where the form was sent from. A GET never acts: mail scanners follow links.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        comment = commenters.comment_to_confirm(token)
    except commenters.LinkError as error:
        return private(render(request, "comments/confirm.html", {"refusal": str(error)}, status=410))
    context = {"comment": comment, "article": comment.article}
    if request.method == "GET":
        return private(render(request, "comments/confirm.html", context))
    if not sent_from_this_site(request):
        return private(render(request, "comments/confirm.html", {**context, "refusal": CROSS_SITE},
                              status=403))
    posting.confirm_address(comment, written_here=reader_cookies.own_comment_ids(request))
    response = render(request, "comments/confirm.html", {
        **context, "confirmed": True, "published": comment.status == Comment.Status.APPROVED,
    })
    address_proof.remember(response, request, comment.author_email)
    return private(response)


@csrf_exempt  # named by its secret token, like the links in the mail
@require_http_methods(["GET", "POST"])
def mail_settings(request, token):
    try:
        commenter = commenters.commenter_from_token(token)
    except commenters.LinkError as error:
        return private(render(request, "comments/mail_settings.html", {"refusal": str(error)}, status=404))
    saved, status = False, 200
    if request.method == "POST":
        if sent_from_this_site(request):
            wanted = [int(pk) for pk in request.POST.getlist("subscription") if pk.isdecimal()]
            commenters.set_mail(commenter, wanted, all_mail=request.POST.get("all_mail") == "on")
            saved = True
        else:
            status = 403
    subscriptions = commenters.subscriptions_of(commenter).select_related("comment__article")
    return private(render(request, "comments/mail_settings.html", {
        "commenter": commenter, "subscriptions": subscriptions, "saved": saved,
        "refusal": CROSS_SITE if status == 403 else None, "daily_cap": settings.NEWSROOM_MAIL_DAILY_CAP,
    }, status=status))


@csrf_exempt  # RFC 8058: a mail client posts `List-Unsubscribe=One-Click`, without cookies
@require_POST
def unsubscribe(request, token):
    try:
        commenter = commenters.commenter_from_token(token)
    except commenters.LinkError:
        return private(HttpResponse("Nothing to unsubscribe here.", content_type="text/plain", status=404))
    commenters.unsubscribe(commenter)
    return private(HttpResponse("Unsubscribed: no more mail will be sent to this address.",
                                content_type="text/plain"))

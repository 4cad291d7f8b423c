"""The whole journey of a reader's mail, in Chromium, through a real SMTP server on the loopback
(tests/mail_server.py). The mail queue's worker runs in this test's own thread (the `Worker` that
`manage.py db_worker` runs), between the browser's steps, sending what the live server queued."""

import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.e2e.test_reader_comments import Reader, approve_in_admin
from tests.factories import ArticleFactory
from tests.mail_server import body, run_mail_queue

pytestmark = [pytest.mark.mail_queue, pytest.mark.confirm_addresses]

ADA, BEN = "ada.reader@example.org", "ben.neighbour@example.org"
CONFIRMATION_LINK = re.compile(r"http://\S+/comments/confirm/\S+/")
DESK = "/admin/comments/comment/desk/?queue=pending"


@pytest.fixture
def article(settings, live_server):
    settings.NEWSROOM_SITE_URL = live_server.url  # the links in the mail lead to this server
    return ArticleFactory(headline="Night buses to run all week", slug="night-buses")


def comment(reader, text, name, email, replying_to=None, ask_for_replies=False):
    if replying_to is not None:
        reader.page.get_by_role("link", name=f"Reply to {replying_to}").first.click()
    reader.write(text, name, email)
    if ask_for_replies:
        reader.page.get_by_role("checkbox", name="Replies to my comment").check()
    reader.send()
    return Comment.objects.get(body=text)


def confirm_from_mail(reader, message):
    """Open the confirmation link from the mail and press its button, in the reader's browser."""
    reader.page.goto(CONFIRMATION_LINK.search(body(message)).group(0))
    reader.page.get_by_role("button", name="Confirm my address and send my comment").click()
    expect(reader.page.get_by_role("status")).to_contain_text("your address is confirmed")


def test_a_reader_confirms_her_address_hears_of_a_reply_and_stops_the_mail_in_one_click(
        article, new_context, editor_page, clock, smtp_server):
    ada = Reader(new_context().new_page(), clock)
    ada.open(article.get_absolute_url())
    expect(ada.page.locator("#respond")).to_contain_text("we mail you one link to confirm the address")
    first = comment(ada, "The night bus saved me a taxi fare every Friday.", "Ada Reader", ADA,
                    ask_for_replies=True)
    assert first.status == Comment.Status.UNCONFIRMED
    expect(ada.page.locator(f"#comment-{first.pk}")).to_contain_text("Please confirm your address")
    editor_page.goto(DESK)
    expect(editor_page.locator("[data-count=pending]")).to_have_text("0")

    [confirmation] = smtp_server.wait_for(ADA)
    assert confirmation["Subject"].startswith("Please confirm your comment")
    confirm_from_mail(ada, confirmation)
    editor_page.goto(DESK)
    expect(editor_page.locator("[data-count=pending]")).to_have_text("1")
    expect(editor_page.locator(".desk-history")).to_contain_text("address verified")
    approve_in_admin(editor_page, first.body)

    ben = Reader(new_context().new_page(), clock)
    ben.open(article.get_absolute_url())
    reply = comment(ben, "Same here, and the drivers are very kind.", "Ben Neighbour", BEN,
                    replying_to="Ada Reader")
    confirm_from_mail(ben, smtp_server.wait_for(BEN)[0])
    approve_in_admin(editor_page, reply.body)

    _, reply_mail = smtp_server.wait_for(ADA, count=2)
    assert "Ben Neighbour replied to your comment" in reply_mail["Subject"]
    assert "Same here, and the drivers are very kind." in body(reply_mail)
    assert BEN not in reply_mail.as_string()
    assert reply_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.search(r"<(http://\S+)>", reply_mail["List-Unsubscribe"]).group(1)
    # What a mail client does for RFC 8058's one click: a POST, without the reader's cookies.
    answer = ada.page.context.request.post(unsubscribe, form={"List-Unsubscribe": "One-Click"})
    assert answer.ok and "Unsubscribed" in answer.text()

    ben.open(article.get_absolute_url())
    again = comment(ben, "And they wait for the last train.", "Ben Neighbour", BEN, replying_to="Ada Reader")
    assert again.status == Comment.Status.APPROVED  # Ben's own browser, a proven and trusted address
    run_mail_queue()
    assert len(smtp_server.to(ADA)) == 2

    # Ada's own browser proves her address: trusted, she is published at once. Someone who types
    # her name and address in another browser is not.
    ada.open(article.get_absolute_url())
    own = comment(ada, "I have now tried the Saturday one too.", "Ada Reader", ADA)
    assert own.status == Comment.Status.APPROVED
    impostor = Reader(new_context().new_page(), clock)
    impostor.open(article.get_absolute_url())
    borrowed = comment(impostor, "Ada here, honestly: buses are a waste.", "Ada Reader", ADA)
    assert borrowed.status == Comment.Status.UNCONFIRMED
    stranger = new_context().new_page()
    stranger.goto(article.get_absolute_url())
    expect(stranger.get_by_text(own.body)).to_be_visible()
    expect(stranger.get_by_text(borrowed.body)).to_have_count(0)

"""Each article's own comment settings: open, closed or closing at a time; every comment held or
trusted commenters published at once; a note above the comments. Checked on the public page
and where a comment is posted."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, comment_post, prove_address

pytestmark = pytest.mark.django_db

TRUSTED_EMAIL = "trusted@example.org"
OPENINGS = {
    "open": {},
    "closed": {"comments_enabled": False},
    "closes later": {"comments_close_at": timedelta(hours=2)},
    "closed at a past time": {"comments_close_at": -timedelta(minutes=1)},
}
MODERATIONS = {
    "site rule": Article.CommentModeration.SITE_DEFAULT,
    "hold all": Article.CommentModeration.HOLD_ALL,
    "trusted": Article.CommentModeration.TRUSTED,
}


def article_with(opening, moderation, note=""):
    options = dict(OPENINGS[opening])
    if "comments_close_at" in options:
        options["comments_close_at"] = timezone.now() + options["comments_close_at"]
    article = ArticleFactory(comments_moderation=MODERATIONS[moderation], comments_note=note, **options)
    CommentFactory(article=article, author_name="Trusted Reader", author_email=TRUSTED_EMAIL,
                   body="An earlier approved remark")
    return article


def post(article, email):
    name = "Trusted Reader" if email == TRUSTED_EMAIL else "New Reader"
    browser = prove_address(Client(), email) if email == TRUSTED_EMAIL else Client()  # their own browser
    return browser.post(f"/comments/post/{article.pk}/", comment_post(
        article, author_name=name, author_email=email, body=f"A new remark from {name}",
    ))


@pytest.mark.parametrize("moderation", MODERATIONS)
@pytest.mark.parametrize("opening", OPENINGS)
def test_each_combination_of_settings_on_the_page_and_at_the_post(settings, opening, moderation):
    settings.NEWSROOM_COMMENT_APPROVE_RETURNING = False
    article = article_with(opening, moderation, note="Comments close at 6 pm. Please keep it civil.")
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Comments close at 6 pm. Please keep it civil." in page
    is_open = opening in {"open", "closes later"}
    assert ("Leave a Reply" in page) is is_open
    assert ("Comments are closed." in page) is not is_open

    trusted, newcomer = post(article, TRUSTED_EMAIL), post(article, "new@example.org")
    if not is_open:
        assert trusted.status_code == newcomer.status_code == 403
        assert "Comments are closed on this article." in trusted.content.decode()
        assert Comment.objects.filter(article=article).count() == 1
        return
    statuses = dict(Comment.objects.filter(article=article).exclude(body="An earlier approved remark")
                    .values_list("author_email", "status"))
    trusted_published = moderation == "trusted"
    assert statuses[TRUSTED_EMAIL] == ("approved" if trusted_published else "pending")
    assert statuses["new@example.org"] == "pending"
    public = Client().get(article.get_absolute_url()).content.decode()
    assert ("A new remark from Trusted Reader" in public) is trusted_published
    assert "A new remark from New Reader" not in public


def test_holding_every_comment_overrides_the_sites_trust_in_returning_commenters(settings):
    settings.NEWSROOM_COMMENT_APPROVE_RETURNING = True
    held = article_with("open", "hold all")
    usual = article_with("open", "site rule")
    post(held, TRUSTED_EMAIL)
    post(usual, TRUSTED_EMAIL)
    assert Comment.objects.get(article=held, body__startswith="A new").status == "pending"
    assert Comment.objects.get(article=held, body__startswith="A new").moderation_reasons == [
        "every comment on this article is held for moderation"]
    assert Comment.objects.get(article=usual, body__startswith="A new").status == "approved"


def test_comments_close_at_the_articles_own_time_even_from_the_cache(clock):
    article = article_with("closes later", "site rule")
    assert "Leave a Reply" in Client().get(article.get_absolute_url()).content.decode()
    clock.advance(hours=3)
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Comments are closed." in page and "Leave a Reply" not in page


def test_the_article_form_has_the_comment_settings(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    form = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    for name in ["comments_enabled", "comments_close_at_0", "comments_moderation", "comments_note"]:
        assert f'name="{name}"' in form

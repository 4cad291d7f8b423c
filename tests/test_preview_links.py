"""A signed preview link lets someone without an account read a draft: never indexed, never
cached, for a limited time, and withdrawn when the newsroom says so."""

import json
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from tests.admin_forms import article_form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(section):
    return ArticleFactory(section=section, status=Article.Status.DRAFT, headline="Inquiry findings leaked",
                          body="<p>The unpublished findings, in full.</p>")


def preview_link(client, article):
    """The link the article's change form gives, as its editor would copy it."""
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    return re.search(r'class="guest-preview-link">https?://[^/]+(/preview/shared/[^<]+)</a>', page)[1]


def test_preview_link_opens_the_draft_without_an_account(client, editor, draft):
    client.force_login(editor)
    link = preview_link(client, draft)
    response = Client().get(link)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Inquiry findings leaked" in page and "The unpublished findings, in full." in page
    assert "Draft — not published." in page


def test_preview_link_page_is_never_indexed_nor_cached(settings, client, editor, draft):
    settings.NEWSROOM_PAGE_CACHE = True
    client.force_login(editor)
    link = preview_link(client, draft)
    response = Client().get(link)
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex' in response.content.decode()
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert "X-Page-Cache" not in response
    assert response["Referrer-Policy"] == "no-referrer", "the link must not leave with a click on the page"
    draft.headline = "Inquiry findings, second draft"
    draft.save()
    assert "Inquiry findings, second draft" in Client().get(link).content.decode()


def test_preview_link_says_an_article_is_embargoed(client, editor, section):
    embargoed = ArticleFactory(section=section, embargo_until=timezone.now() + timedelta(hours=5))
    client.force_login(editor)
    page = Client().get(preview_link(client, embargoed)).content.decode()
    assert "Embargoed until" in page
    assert "not published" in page


def test_expired_preview_link_is_refused_with_a_clear_page(settings, client, editor, draft, clock):
    settings.NEWSROOM_PREVIEW_LINK_DAYS = 2
    client.force_login(editor)
    link = preview_link(client, draft)
    clock.advance(days=2, seconds=1)
    response = Client().get(link)
    page = response.content.decode()
    assert response.status_code == 410
    assert "This preview link has expired" in page
    assert "The unpublished findings" not in page
    assert "no-store" in response["Cache-Control"]


def test_withdrawn_preview_links_are_refused_and_a_new_one_works(client, writer, draft):
    client.force_login(writer)
    link = preview_link(client, draft)
    confirm = client.get(f"/admin/articles/article/{draft.pk}/withdraw-preview-links/")
    assert "will stop working" in confirm.content.decode()
    client.post(f"/admin/articles/article/{draft.pk}/withdraw-preview-links/")
    response = Client().get(link)
    assert response.status_code == 410
    assert "withdrawn by the newsroom" in response.content.decode()
    assert "Inquiry findings leaked" not in response.content.decode()
    assert Client().get(preview_link(client, draft)).status_code == 200


def test_a_forged_preview_link_opens_nothing(client, editor, draft, section):
    other = ArticleFactory(section=section, status=Article.Status.DRAFT, headline="Another secret draft")
    client.force_login(editor)
    signature = preview_link(client, draft).split("/")[3].split(":", 1)[1]
    claim = json.dumps({"pk": other.pk, "secret": other.preview_secret, "expires": 2**40},
                       separators=(",", ":"))
    response = Client().get(f"/preview/shared/{signing.b64_encode(claim.encode()).decode()}:{signature}/")
    assert response.status_code == 410
    assert "not a valid preview link" in response.content.decode()
    assert "Another secret draft" not in response.content.decode()


def test_a_published_article_gives_its_address_not_a_preview_link(client, editor, article):
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "The article is public: share its address." in page
    assert "guest-preview-link" not in page


def test_restoring_an_earlier_revision_does_not_bring_withdrawn_links_back(client, editor, section):
    client.force_login(editor)
    first = article_form_data(section, headline="First words", slug="words")
    client.post("/admin/articles/article/add/", first)
    article = Article.objects.get()
    link = preview_link(client, article)
    client.post(f"/admin/articles/article/{article.pk}/change/",
                article_form_data(section, headline="Second words", slug="words"))
    client.post(f"/admin/articles/article/{article.pk}/withdraw-preview-links/")
    oldest = Version.objects.get_for_object(article).last()
    restore = f"/admin/articles/article/{article.pk}/history/{oldest.pk}/"
    client.get(restore)
    assert client.post(restore, first).status_code == 302
    article.refresh_from_db()
    assert article.headline == "First words"
    assert Client().get(link).status_code == 410

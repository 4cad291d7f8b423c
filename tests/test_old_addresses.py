"""A renamed article's old address keeps redirecting until a published article lives there again."""

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from tests.admin_forms import article_form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renamed():
    """A published story whose slug an editor changed: its old address redirects."""
    article = ArticleFactory(slug="flood-warning", headline="Flood warning for the valley")
    old_address = article.get_absolute_url()
    article.slug = "flood-warning-valley"
    article.save()
    return article, old_address


def draft_at(client, user, old_address, article):
    """`user` saves, in the admin, a draft that takes the renamed story's old slug and date."""
    client.force_login(user)
    published = timezone.localtime(article.publish_at)
    client.post("/admin/articles/article/add/", article_form_data(
        article.section, headline="Flood warning, a new draft", slug="flood-warning",
        publish_at_0=published.strftime("%Y-%m-%d"), publish_at_1=published.strftime("%H:%M:%S"),
    ))
    draft = Article.objects.get(slug="flood-warning")
    assert draft.get_absolute_url() == old_address
    return draft


def test_a_draft_taking_an_old_slug_leaves_its_redirect_alone(renamed, writer):
    article, old_address = renamed
    draft_at(Client(), writer, old_address, article)
    reader = Client()
    response = reader.get(old_address)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert "Flood warning for the valley" in reader.get(response["Location"]).content.decode()


def test_a_published_article_at_the_old_address_replaces_the_redirect(renamed, writer, editor):
    article, old_address = renamed
    draft = draft_at(Client(), writer, old_address, article)
    draft.refresh_from_db()
    draft.unpublish()  # saved again as a draft: still no reason to forget the old address
    assert Client().get(old_address).status_code == 301

    admin = Client()
    admin.force_login(editor)
    admin.post("/admin/articles/article/", {"action": "publish_selected", "_selected_action": [draft.pk]})
    page = Client().get(old_address)
    assert page.status_code == 200
    assert "Flood warning, a new draft" in page.content.decode()
    draft.refresh_from_db()
    draft.unpublish()  # and once it is gone again, the old story is no longer found there
    assert Client().get(old_address).status_code == 404

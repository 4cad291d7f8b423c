from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_published_lists_only_articles_whose_time_has_come():
    live = ArticleFactory()
    ArticleFactory(status=Article.Status.DRAFT)
    ArticleFactory(publish_at=timezone.now() + timedelta(days=1))
    assert list(Article.objects.published()) == [live]


def test_draft_is_not_found_by_readers(client):
    draft = ArticleFactory(status=Article.Status.DRAFT, headline="Secret draft headline")
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
    assert "Secret draft headline" not in client.get("/").content.decode()


def test_scheduled_article_appears_once_its_time_has_passed(client, clock):
    soon = ArticleFactory(publish_at=timezone.now() + timedelta(hours=2), headline="Tomorrow's story")
    assert client.get(soon.get_absolute_url()).status_code == 404
    assert "Tomorrow&#x27;s story" not in client.get("/").content.decode()

    clock.advance(hours=2, seconds=1)
    response = client.get(soon.get_absolute_url())
    assert response.status_code == 200
    assert "Tomorrow&#x27;s story" in client.get("/").content.decode()


def test_staff_can_preview_a_draft_that_readers_cannot_see(client, editor):
    draft = ArticleFactory(status=Article.Status.DRAFT, headline="Draft for review")
    assert client.get(f"/preview/{draft.pk}/").status_code == 302  # to the login page
    client.force_login(editor)
    response = client.get(f"/preview/{draft.pk}/")
    assert response.status_code == 200
    assert "Draft for review" in response.content.decode()
    assert "a draft" in response.content.decode()

import pytest

from articles.models import Article
from tests.admin_forms import article_form_data
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def test_writer_can_save_a_draft(client, writer):
    client.force_login(writer)
    response = client.post(ADD_URL, article_form_data(SectionFactory()))
    assert response.status_code == 302
    assert Article.objects.get().status == Article.Status.DRAFT


def test_writer_cannot_publish_even_with_a_crafted_post(client, writer):
    client.force_login(writer)
    response = client.post(ADD_URL, article_form_data(SectionFactory(), status="published"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Article.objects.exists()


def test_writer_cannot_publish_an_existing_draft(client, writer):
    draft = ArticleFactory(status=Article.Status.DRAFT, slug="draft")
    client.force_login(writer)
    data = article_form_data(draft.section, slug="draft", status="published")
    response = client.post(change_url(draft), data)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_writer_cannot_use_the_publish_action(client, writer):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    client.force_login(writer)
    client.post("/admin/articles/article/", {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_writer_cannot_publish_an_article_waiting_for_review(client, writer):
    waiting = ArticleFactory(status=Article.Status.REVIEW, slug="waiting")
    client.force_login(writer)
    data = article_form_data(waiting.section, slug="waiting", status="published", _submit_for_review="Submit")
    response = client.post(change_url(waiting), data)
    assert "Select a valid choice" in response.content.decode()
    client.post("/admin/articles/article/", {"action": "publish_selected", "_selected_action": [waiting.pk]})
    waiting.refresh_from_db()
    assert waiting.status == Article.Status.REVIEW


def test_writer_cannot_send_back_or_unpublish_by_submitting(client, writer):
    waiting = ArticleFactory(status=Article.Status.REVIEW)
    published = ArticleFactory(headline="Already out")
    client.force_login(writer)
    response = client.post(f"/admin/articles/article/{waiting.pk}/send-back/", {"note": "Mine now"})
    assert response.status_code == 403
    client.post("/admin/articles/article/", {
        "action": "submit_selected_for_review", "_selected_action": [published.pk],
    })
    waiting.refresh_from_db()
    published.refresh_from_db()
    assert waiting.status == Article.Status.REVIEW
    assert published.is_published


def test_writer_cannot_withdraw_preview_links_of_published_work(client, writer):
    published = ArticleFactory()
    secret = published.preview_secret
    client.force_login(writer)
    response = client.post(f"/admin/articles/article/{published.pk}/withdraw-preview-links/")
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.preview_secret == secret


def test_writer_cannot_change_or_delete_published_work(client, writer):
    published = ArticleFactory(headline="Already out", slug="out")
    client.force_login(writer)
    client.post(change_url(published), article_form_data(published.section, headline="Rewritten", slug="out",
                                                         status="draft"))
    client.post(f"/admin/articles/article/{published.pk}/delete/", {"post": "yes"})
    client.post("/admin/articles/article/", {
        "action": "delete_selected", "_selected_action": [published.pk], "post": "yes",
    })
    published.refresh_from_db()
    assert published.headline == "Already out"
    assert published.status == Article.Status.PUBLISHED


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW])
def test_editor_publishes_a_draft_and_readers_see_it(client, editor, status):
    draft = ArticleFactory(status=status, headline="Fresh news")
    client.force_login(editor)
    client.post("/admin/articles/article/", {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published
    client.logout()
    assert "Fresh news" in client.get("/").content.decode()


def test_editor_can_schedule_through_the_change_form(client, editor):
    client.force_login(editor)
    data = article_form_data(SectionFactory(), status="published", publish_at_0="2099-01-01",
                             publish_at_1="09:00:00", headline="Future story", slug="future-story")
    assert client.post(ADD_URL, data).status_code == 302
    article = Article.objects.get()
    assert article.is_scheduled
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_article_history_can_be_restored(client, editor):
    client.force_login(editor)
    section = SectionFactory()
    client.post(ADD_URL, article_form_data(section, headline="First words", slug="words"))
    article = Article.objects.get()
    client.post(change_url(article), article_form_data(section, headline="Second words", slug="words"))
    from reversion.models import Version

    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    oldest = versions.last()
    response = client.post(
        f"/admin/articles/article/{article.pk}/history/{oldest.pk}/",
        article_form_data(section, headline="First words", slug="words"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "First words"

"""An article's history in the admin (django-reversion): restoring an earlier revision brings
back its words, never removes a published correction, and is itself recorded."""

from datetime import timedelta

import lxml.html
import pytest
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Correction
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def posted_form(response, **changes):
    """What the browser sends when the editor presses Save on the page, after `changes`."""
    page = lxml.html.fromstring(response.content.decode())
    form = page.get_element_by_id("article_form")
    data = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    data.update({name: [value] for name, value in changes.items()})
    return data


def save_with_a_correction(client, article, body, correction):
    page = client.get(change_url(article))
    now = timezone.localtime()
    data = posted_form(page, body=body, **{
        "corrections-TOTAL_FORMS": "1", "corrections-0-kind": "correction",
        "corrections-0-text": correction, "corrections-0-published_at_0": now.strftime("%Y-%m-%d"),
        "corrections-0-published_at_1": now.strftime("%H:%M:%S"),
    })
    assert client.post(change_url(article), data).status_code == 302


def restore(client, article, version):
    url = f"/admin/articles/article/{article.pk}/history/{version.pk}/"
    page = client.get(url)
    return page, client.post(url, posted_form(page))


@pytest.fixture
def typo_fixed_with_a_correction(client, editor):
    """An editor published a typo, fixed it and logged a correction the page shows."""
    client.force_login(editor)
    article = ArticleFactory(headline="Council vote", slug="council-vote",
                             publish_at=timezone.now() - timedelta(hours=2),
                             body="<p>The council voted five to three.</p>")
    assert client.post(change_url(article), posted_form(client.get(change_url(article)))).status_code == 302
    typo_version = Version.objects.get_for_object(article).get()
    save_with_a_correction(client, article, "<p>The council voted six to three.</p>",
                           "An earlier version gave the vote as five to three.")
    return article, typo_version


def test_restoring_an_earlier_revision_keeps_the_published_correction(client, typo_fixed_with_a_correction):
    article, typo_version = typo_fixed_with_a_correction
    _, response = restore(client, article, typo_version)
    assert response.status_code == 302

    client.logout()
    story = client.get(article.get_absolute_url()).content.decode()
    assert "five to three." in story  # the editor chose the earlier words
    assert "An earlier version gave the vote as five to three." in story
    assert Correction.objects.filter(article=article).count() == 1


def test_the_restore_page_says_the_corrections_stay(client, typo_fixed_with_a_correction):
    article, typo_version = typo_fixed_with_a_correction
    page = client.get(f"/admin/articles/article/{article.pk}/history/{typo_version.pk}/")
    shown = lxml.html.fromstring(page.content.decode()).text_content()
    assert "Restoring keeps the article's 1 published correction" in shown


def test_restoring_never_rewrites_a_correction(client, typo_fixed_with_a_correction):
    article, _ = typo_fixed_with_a_correction
    correction = Correction.objects.get()
    with_correction = Version.objects.get_for_object(article).first()
    correction.text = "An earlier version gave the vote as five to three, and the date wrongly."
    correction.save()
    restore(client, article, with_correction)
    assert Correction.objects.get().text == correction.text


def test_a_restore_is_recorded_as_a_new_revision(client, typo_fixed_with_a_correction):
    article, typo_version = typo_fixed_with_a_correction
    restore(client, article, typo_version)
    history = Version.objects.get_for_object(article)
    assert history.count() == 3
    newest = history.first()
    assert newest.revision.comment.startswith("Reverted to previous version")
    assert newest.revision.user.username == "editor"
    assert "five to three" in newest.field_dict["body"]
    assert Article.objects.get().body == newest.field_dict["body"]


def test_revisions_saved_before_the_fix_no_longer_hold_corrections(client, typo_fixed_with_a_correction):
    """Older revisions kept a copy of each correction; the migration forgets those copies."""
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core import serializers

    article, _ = typo_fixed_with_a_correction
    correction = Correction.objects.get()
    newest = Version.objects.get_for_object(article).first()
    Version.objects.create(
        revision=newest.revision, content_type=ContentType.objects.get_for_model(Correction),
        object_id=str(correction.pk), db="default", format="json", object_repr=str(correction),
        serialized_data=serializers.serialize("json", [correction]),
    )
    correction.text = "An earlier version gave the vote as five to three, and the date wrongly."
    correction.save()

    migration = importlib.import_module("articles.migrations.0009_corrections_leave_article_history")
    migration.forget_corrections_in_revisions(apps, None)
    restore(client, article, newest)
    assert Correction.objects.get().text == correction.text

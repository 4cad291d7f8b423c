"""Upgrading a site: the hero images it already has, with their words, move into the media library."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles.images import store_image
from articles.models import Article, Picture
from tests.factories import jpeg_upload

BEFORE_THE_LIBRARY = [("articles", "0014_error_reports")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_hero_images_with_their_alt_caption_and_credit_move_into_the_library():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = migrate(BEFORE_THE_LIBRARY)
        section = old.get_model("articles", "Section").objects.create(name="Local", slug="local")
        stored = store_image(jpeg_upload(size=(1000, 600)), "articles")
        hero = {"hero_image": stored.name, "hero_width": stored.width, "hero_height": stored.height,
                "hero_renditions": stored.renditions, "hero_alt": "The quay at dawn",
                "hero_caption": "Boats back at the quay", "hero_credit": "Ann Reader"}
        OldArticle = old.get_model("articles", "Article")
        OldArticle.objects.create(headline="Boats return", slug="boats-return", section=section,
                                  publish_at=timezone.now(), **hero)
        OldArticle.objects.create(
            headline="Quay reopens", slug="quay-reopens", section=section, publish_at=timezone.now(),
            body=f'<p><img src="/media/{stored.renditions[0]["fallback"]}" alt="The quay"></p>', **hero)
        OldArticle.objects.create(headline="No picture", slug="no-picture", section=section,
                                  publish_at=timezone.now())
    finally:
        migrate(latest)

    picture = Picture.objects.get()  # two heroes, one picture
    assert (picture.file.name, picture.width, picture.height) == (stored.name, 1000, 600)
    assert (picture.alt_text, picture.caption, picture.credit) == (
        "The quay at dawn", "Boats back at the quay", "Ann Reader")
    assert picture.renditions == stored.renditions
    assert sorted(picture.hero_of.values_list("slug", flat=True)) == ["boats-return", "quay-reopens"]
    assert list(picture.in_bodies.values_list("slug", flat=True)) == ["quay-reopens"]
    assert Article.objects.get(slug="no-picture").hero_picture is None

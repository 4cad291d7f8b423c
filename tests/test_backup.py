import json

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, PictureFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(settings):
    article = ArticleFactory(headline="Before the backup", hero_picture=PictureFactory(alt_text="A bridge"))
    comment = CommentFactory(article=article, body="Said before the backup.")
    return article, comment


def test_backup_then_restore_brings_back_the_database_and_the_media(site, tmp_path, settings, client):
    article, comment = site
    call_command("backup", str(tmp_path / "nightly"))
    manifest = json.loads((tmp_path / "nightly" / "backup.json").read_text())
    assert manifest["media_files"] == len(list((settings.MEDIA_ROOT).rglob("*.*")))

    comment.delete()
    CommentFactory(article=article, body="Said after the backup.")
    Article.objects.filter(pk=article.pk).update(headline="After the backup")
    photo = settings.MEDIA_ROOT / article.hero_picture.file.name
    photo.unlink()

    call_command("restore", str(tmp_path / "nightly"), yes=True)
    assert Article.objects.get(pk=article.pk).headline == "Before the backup"
    assert list(Comment.objects.values_list("body", flat=True)) == ["Said before the backup."]
    assert photo.exists()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Said before the backup." in page and "Said after the backup." not in page
    assert client.get(f"/media/{article.hero_picture.file.name}").status_code == 200


def test_restore_asks_first_and_changes_nothing_without_a_yes(site, tmp_path, monkeypatch):
    call_command("backup", str(tmp_path / "nightly"))
    CommentFactory(body="Said after the backup.")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(tmp_path / "nightly"))
    assert Comment.objects.filter(body="Said after the backup.").exists()


def test_backup_refuses_to_overwrite_an_earlier_backup(site, tmp_path):
    call_command("backup", str(tmp_path / "nightly"))
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "nightly"))


def test_restore_refuses_a_folder_that_holds_no_backup(tmp_path):
    with pytest.raises(CommandError, match="holds no backup"):
        call_command("restore", str(tmp_path), yes=True)

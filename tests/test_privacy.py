import json
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import CommandError, call_command
from django.utils import timezone

from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def test_export_command_writes_all_data_for_the_address_and_nothing_else(tmp_path):
    CommentFactory(author_email="Ada@Example.org", author_name="Ada", ip_address="192.0.2.7",
                   body="First")
    CommentFactory(author_email="ada@example.org", author_name="Ada", body="Second", status="pending")
    CommentFactory(author_email="bob@example.org", body="Bob's")
    output = tmp_path / "ada.json"
    call_command("export_personal_data", "ada@example.org", output=str(output))
    data = json.loads(output.read_text())
    assert sorted(c["comment"] for c in data["comments"]) == ["First", "Second"]
    assert "bob@example.org" not in output.read_text()
    assert any(c["ip_address"] == "192.0.2.7" for c in data["comments"])


def stored_text(comment):
    """Every column of the comment, as the database holds it."""
    return " ".join(str(field.value_from_object(comment)) for field in Comment._meta.concrete_fields)


def test_erase_command_leaves_no_trace_of_the_address_in_any_column(client):
    article = ArticleFactory()
    CommentFactory(article=article, author_email="Eve@Example.org", author_name="Eve Example",
                   author_url="https://eve.example", ip_address="192.0.2.9", user_agent="EveBrowser/1.0",
                   body="Kept text. Write to me at eve@example.org!", moderation_reasons=["held"])
    CommentFactory(article=article, author_email="eve@example.org", author_name="Eve Example",
                   status="pending", body="A second one")
    kept = CommentFactory(article=article, author_email="keep@example.org", author_name="Keep")
    call_command("erase_personal_data", "eve@example.org", yes=True)
    for erased in Comment.objects.exclude(pk=kept.pk):
        text = stored_text(erased).lower()
        for trace in ("eve@example.org", "eve example", "eve.example", "192.0.2.9", "evebrowser"):
            assert trace not in text
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Kept text. Write to me at [address removed]!" in page
    assert "Anonymous" in page and "Eve Example" not in page
    assert Comment.objects.get(pk=kept.pk).author_email == "keep@example.org"


def test_erasure_also_renames_the_commenter_in_the_admin_history(client, editor):
    comment = CommentFactory(author_email="ivy@example.org", author_name="Ivy Example", status="pending")
    client.force_login(editor)
    client.post(f"/admin/comments/comment/{comment.pk}/change/", {
        "author_name": "Ivy Example", "author_email": "ivy@example.org", "author_url": "", "body": "Edited",
    }, follow=True)
    assert LogEntry.objects.filter(object_repr__contains="Ivy Example").exists()
    call_command("erase_personal_data", "ivy@example.org", yes=True)
    assert not LogEntry.objects.filter(object_repr__contains="Ivy").exists()
    assert "Ivy Example" not in client.get("/admin/").content.decode()  # the "Recent actions" list


def test_erase_command_asks_first_and_a_no_keeps_everything(monkeypatch):
    CommentFactory(author_email="undecided@example.org", author_name="Undecided")
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError):
        call_command("erase_personal_data", "undecided@example.org")
    assert Comment.objects.get().author_name == "Undecided"


def test_retention_purge_clears_old_ip_addresses_and_user_agents_only(settings):
    settings.NEWSROOM_COMMENT_RETENTION_DAYS = 30
    now = timezone.now()
    old = CommentFactory(ip_address="192.0.2.1", user_agent="Old", created_at=now - timedelta(days=31))
    new = CommentFactory(ip_address="192.0.2.2", user_agent="New", created_at=now - timedelta(days=29))
    call_command("purge_comment_metadata")
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (new.ip_address, new.user_agent) == ("192.0.2.2", "New")


# A commenter who typed their address with capitals outside ASCII, asking in their own spelling.
TYPED, ASKED = "Greta@ÉXAMPLE.org", "greta@éxample.ORG"


def test_export_and_erase_commands_find_an_address_whatever_its_capitals(tmp_path):
    CommentFactory(author_email=TYPED, author_name="Greta", body="Write to Greta@ÉXAMPLE.org")
    CommentFactory(author_email="greta@éxample.org", author_name="Greta", body="Second")
    CommentFactory(author_email="greta@example.org", author_name="Another Greta", body="Not hers")
    output = tmp_path / "greta.json"
    call_command("export_personal_data", ASKED, output=str(output))
    assert sorted(c["comment"] for c in json.loads(output.read_text())["comments"]) == [
        "Second", "Write to Greta@ÉXAMPLE.org"]

    call_command("erase_personal_data", ASKED, yes=True)
    assert sorted(Comment.objects.values_list("author_name", flat=True)) == [
        "Anonymous", "Anonymous", "Another Greta"]
    assert Comment.objects.filter(body="Write to [address removed]").exists()


def test_admin_actions_find_every_comment_of_an_address_whatever_its_capitals(client, editor):
    selected = CommentFactory(author_email=TYPED, body="Mine")
    CommentFactory(author_email="GRETA@éxample.org", body="Also mine")
    client.force_login(editor)
    response = client.post("/admin/comments/comment/",
                           {"action": "export_selected", "_selected_action": [selected.pk]})
    assert sorted(c["comment"] for c in json.loads(response.content)[0]["comments"]) == ["Also mine", "Mine"]
    client.post("/admin/comments/comment/",
                {"action": "erase_selected", "_selected_action": [selected.pk], "confirm": "yes"})
    assert set(Comment.objects.values_list("author_name", flat=True)) == {"Anonymous"}


def test_comments_written_in_bulk_are_found_by_their_address():
    """The WordPress import and the benchmark archive write comments with bulk_create."""
    article = ArticleFactory()
    imported = Comment.objects.bulk_create([Comment(article=article, author_name="Greta", body="Old",
                                                    author_email=TYPED)])
    imported[0].author_email = "Greta@ÉXAMPLE.net"
    Comment.objects.bulk_update(imported, ["author_email"])
    assert list(Comment.objects.by_email("greta@éxample.net")) == imported
    assert not Comment.objects.by_email(ASKED).exists()


def test_comments_stored_before_the_upgrade_are_found_by_their_address():
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    comment = CommentFactory(author_email=TYPED)
    Comment.objects.update(author_email_key="")  # as the column was added, before the data migration
    migration = importlib.import_module("comments.migrations.0006_comment_author_email_key")
    migration.key_every_address(apps, SimpleNamespace(connection=connection))
    assert list(Comment.objects.by_email(ASKED)) == [comment]


def test_looking_an_address_up_reads_an_index():
    from django.db import connection

    if connection.vendor == "postgresql":  # a tiny table is cheaper to scan: make it choose as if large
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    assert "comment_email_key_idx" in Comment.objects.by_email(ASKED).explain()

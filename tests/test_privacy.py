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

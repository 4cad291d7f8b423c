import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment
from tests.factories import CommentFactory

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


def test_erase_command_leaves_no_trace_of_the_address():
    CommentFactory(author_email="eve@example.org", author_name="Eve", author_url="https://eve.example",
                   ip_address="192.0.2.9", user_agent="EveBrowser", body="Kept text")
    CommentFactory(author_email="keep@example.org", author_name="Keep")
    call_command("erase_personal_data", "eve@example.org", yes=True)
    erased = Comment.objects.get(body="Kept text")
    for field in ("author_name", "author_email", "author_url", "user_agent", "body", "body_html"):
        assert "eve" not in str(getattr(erased, field)).lower()
    assert erased.ip_address is None
    assert Comment.objects.filter(author_email="keep@example.org").exists()


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

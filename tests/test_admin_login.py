from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def log_in(client, username, password, address="10.0.0.1"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


def fail_ten_times(client, username, address="10.0.0.1"):
    for attempt in range(10):
        response = log_in(client, username, f"wrong guess {attempt}", address)
    return response


def can_reach_admin(client):
    return client.get("/admin/").status_code == 200


def test_ten_wrong_passwords_lock_the_account_from_that_address_even_with_the_right_password(
    client, editor
):
    for attempt in range(9):
        assert log_in(client, "editor", f"wrong guess {attempt}").status_code == 200
    locked = log_in(client, "editor", "wrong guess 9")
    assert locked.status_code == 429
    assert "Signing in is locked" in locked.content.decode()

    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert not can_reach_admin(client)
    # from the editor's own address the account still opens: a guesser cannot lock them out
    assert log_in(Client(), "editor", PASSWORD, address="192.0.2.7").status_code == 302


def test_wrong_passwords_from_rotating_addresses_never_lock_the_editor_out(client, editor):
    for number in range(30):
        log_in(Client(), "editor", f"wrong guess {number}", address=f"198.51.100.{number}")
    assert log_in(client, "editor", PASSWORD, address="192.0.2.7").status_code == 302
    assert can_reach_admin(client)


def test_nine_wrong_passwords_then_the_right_one_logs_in_and_forgets_the_failures(client, editor):
    for attempt in range(9):
        log_in(client, "editor", f"wrong guess {attempt}")
    assert log_in(client, "editor", PASSWORD).status_code == 302
    assert can_reach_admin(client)
    assert not AccessAttempt.objects.filter(username="editor").exists()


def test_an_editor_unlocks_the_account_in_the_admin(client, editor):
    fail_ten_times(client, "editor")
    colleague = UserFactory(username="colleague", group="Editors")
    admin = Client()
    admin.force_login(colleague)
    attempt = AccessAttempt.objects.get(username="editor")
    assert "editor" in admin.get("/admin/axes/accessattempt/").content.decode()
    response = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302

    assert log_in(client, "editor", PASSWORD).status_code == 302
    assert can_reach_admin(client)


def test_the_command_line_unlocks_the_account(client, editor):
    fail_ten_times(client, "editor")
    call_command("axes_reset_username", "editor")
    assert log_in(client, "editor", PASSWORD).status_code == 302


def test_the_lockout_lifts_by_itself_after_the_cool_off_time(client, editor, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    fail_ten_times(client, "editor")
    assert log_in(client, "editor", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=29))
    assert log_in(client, "editor", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert log_in(client, "editor", PASSWORD).status_code == 302


def test_guessing_across_many_accounts_from_one_address_is_stopped(client, editor):
    for number in range(10):
        log_in(client, f"guess{number}", "password")
    assert log_in(client, "editor", PASSWORD).status_code == 429
    assert log_in(Client(), "editor", PASSWORD, address="192.0.2.7").status_code == 302


def test_staff_sessions_end_with_the_browser_and_after_eight_hours(client, editor, clock):
    response = log_in(client, "editor", PASSWORD)
    cookie = response.cookies["sessionid"]
    assert not cookie["max-age"] and not cookie["expires"]  # gone when the browser closes
    assert cookie["httponly"]
    clock.advance(hours=7, minutes=50)
    assert can_reach_admin(client)
    clock.advance(minutes=11)
    assert not can_reach_admin(client)


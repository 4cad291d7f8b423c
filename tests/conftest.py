import os

import pytest
from hypothesis import settings as hypothesis_settings

# In CI (CI=true) Hypothesis draws the same examples on every run, so a run is reproducible and a
# failure it finds fails again on the next (no example database, no timing deadline on a shared
# machine; a failure prints the blob that replays it). A developer's machine explores anew each run.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
if os.environ.get("CI", "").lower() == "true":
    hypothesis_settings.load_profile("ci")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """A test that commits (transaction=True) starts with what the migrations made (groups,
    permissions, content types) and leaves every table empty behind it (serialized_rollback), so
    that no such test finds another's rows, whatever order they run in."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        commits = marker is not None and marker.kwargs.get("transaction")
        if commits and "serialized_rollback" not in marker.kwargs:
            item.add_marker(pytest.mark.django_db(*marker.args, **marker.kwargs, serialized_rollback=True),
                            append=False)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session", autouse=True)
def mail_at_once_and_addresses_taken_as_typed():
    """Most tests are about other rules: their mail is sent at once, not queued, and a commenter's
    address needs no confirmation link (for fixtures of any scope). The tests of those two mark
    themselves `mail_queue` and `confirm_addresses`, and get the site's defaults."""
    from django.test import override_settings

    with override_settings(NEWSROOM_MAIL_QUEUE=False, NEWSROOM_COMMENT_CONFIRM_ADDRESS=False):
        yield


@pytest.fixture(autouse=True)
def site_defaults_for_mail_and_addresses(request, settings):
    marked = {marker.name for marker in request.node.iter_markers()}
    if "mail_queue" in marked:
        settings.NEWSROOM_MAIL_QUEUE = True
    if "confirm_addresses" in marked:
        settings.NEWSROOM_COMMENT_CONFIRM_ADDRESS = True


@pytest.fixture(autouse=True)
def fresh_cache(request):
    """Each database test starts with empty caches (pages, rate limits; they may live in the database)."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db", "transactional_db", "live_server"
    } & set(request.fixturenames)
    if not uses_db:
        yield
        return
    if "transactional_db" not in request.fixturenames:
        request.getfixturevalue("db")
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free loopback port, which the site's mail goes to."""
    from tests.mail_server import MailServer

    server = MailServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    yield server
    server.stop()


@pytest.fixture
def editor(db):
    from tests.factories import UserFactory

    return UserFactory(username="editor", group="Editors")


@pytest.fixture
def writer(db):
    from tests.factories import UserFactory

    return UserFactory(username="writer", group="Writers")


@pytest.fixture
def clock(monkeypatch):
    """The site's clock (`django.utils.timezone.now`), which `clock.advance(hours=2)` moves on."""
    import datetime

    from django.utils import timezone

    real_now = timezone.now

    class Clock:
        offset = datetime.timedelta()

        def advance(self, **delta):
            self.offset += datetime.timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + clock.offset)
    return clock


@pytest.fixture
def section(db):
    from tests.factories import SectionFactory

    return SectionFactory(name="Harbour", slug="harbour")


@pytest.fixture
def article(section):
    """A published story with a byline and a tag, open for comments."""
    from tests.factories import ArticleFactory, AuthorFactory, TagFactory

    return ArticleFactory(headline="Bridge reopens", section=section, authors=[AuthorFactory()],
                          tags=[TagFactory()])

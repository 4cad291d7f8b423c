import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fresh_cache(request):
    """Each database test starts with an empty cache (the cache may live in the database)."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db", "transactional_db", "live_server"
    } & set(request.fixturenames)
    if not uses_db:
        yield
        return
    if "transactional_db" not in request.fixturenames:
        request.getfixturevalue("db")
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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

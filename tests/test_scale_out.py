"""Any number of app machines can serve the site: no state of theirs lives on their own disk."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PROJECT = Path(__file__).resolve().parent.parent


def django_shell(code, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    environment.update(env)
    result = subprocess.run(  # noqa: S603 (the code is the test's own)
        [sys.executable, "manage.py", "shell", "-c", code], cwd=PROJECT, env=environment,
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_sessions_and_the_page_cache_live_in_the_shared_database_or_redis():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(caches["default"], DatabaseCache | RedisCache)


def test_uploads_go_to_the_storage_backend_named_in_the_environment_with_its_options(tmp_path):
    options = {"location": str(tmp_path / "bucket"), "base_url": "https://media.example.com/"}
    stored_at = django_shell(
        "from django.core.files.base import ContentFile; "
        "from django.core.files.storage import default_storage as s; "
        "name = s.save('articles/x.txt', ContentFile(b'x')); print(s.url(name), s.path(name))",
        NEWSROOM_MEDIA_STORAGE="django.core.files.storage.FileSystemStorage",
        NEWSROOM_MEDIA_STORAGE_OPTIONS=json.dumps(options),
    )
    url, path = stored_at.split()
    assert url == "https://media.example.com/articles/x.txt"
    assert Path(path).read_bytes() == b"x"
    assert Path(path).is_relative_to(tmp_path / "bucket")

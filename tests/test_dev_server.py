"""`make run` and `make serve` on another address: every link the site writes carries it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
# What the site writes (canonical links, Open Graph, JSON-LD, feeds, sitemaps and the moderation
# e-mail are all built on the site's address), in a process started as the Makefile starts the server.
LINKS = """
import django
django.setup()
from django.conf import settings
from website.metadata import absolute_url
print(absolute_url("/2025/1/31/a-story/"))
print(settings.NEWSROOM_SITE_URL + "/" + settings.NEWSROOM_ADMIN_PATH)
"""


def server_line(target, *make_arguments):
    """The shell line `make TARGET` runs to start the server, found with `make -n`."""
    dry_run = subprocess.run(  # noqa: S603 (the tests' own command)
        [shutil.which("make"), "-n", target, *make_arguments], cwd=PROJECT, capture_output=True,
        text=True, timeout=60, check=True,
    )
    return next(line for line in dry_run.stdout.splitlines() if "runserver" in line or "gunicorn " in line)


def links_written_by(line, **environment):
    """The links a process writes that the shell starts with the variables `line` sets."""
    assigned = line[:line.index(".venv/bin/")]
    environment = {**{k: v for k, v in os.environ.items()
                      if not k.startswith(("DJANGO_", "PYTEST", "NEWSROOM_"))},
                   "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DJANGO_SECRET_KEY": "x" * 60,
                   "LINKS": LINKS, **environment}
    result = subprocess.run(  # noqa: S603 (the Makefile's own line, run by the shell as make would)
        ["/bin/sh", "-c", f'{assigned} exec "{sys.executable}" -c "$LINKS"'], cwd=PROJECT, env=environment,
        text=True, capture_output=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize("target", ["run", "serve"])
def test_the_server_on_another_port_writes_that_port_into_every_link(target):
    line = server_line(target, "PORT=8201")
    assert "127.0.0.1:8201" in line  # where it listens
    assert links_written_by(line) == ["http://127.0.0.1:8201/2025/1/31/a-story/",
                                      "http://127.0.0.1:8201/admin/"]


def test_the_server_on_another_host_writes_that_host_into_every_link():
    line = server_line("run", "HOST=[::1]", "PORT=8202")
    assert links_written_by(line)[0] == "http://[::1]:8202/2025/1/31/a-story/"


def test_the_public_address_when_set_wins_over_the_server_address():
    line = server_line("serve", "PORT=8201")
    assert links_written_by(line, NEWSROOM_SITE_URL="https://news.example/")[0] == (
        "https://news.example/2025/1/31/a-story/")

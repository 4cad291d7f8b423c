"""Load without loss: 500 comments from 50 concurrent readers, and every accepted one is stored.

Runs the production set-up (`make serve`: gunicorn, 4 workers, DEBUG off) on a throwaway
database — SQLite in a temporary folder, or with --database postgres a PostgreSQL database made
for the run and dropped after it — holding one published article. Each reader fetches the
article page, takes the comment form's token from it, waits as a person would (at least
NEWSROOM_COMMENT_MIN_SECONDS, the form refuses faster posts) and posts a comment of its own;
readers start together, so posts arrive in bursts. Half-way through, `manage.py backup` copies
the site while it serves. The per-IP rate limit is off: every reader comes from 127.0.0.1.

It prints the figures and exits with 1 when an accepted comment is missing from the database,
a response was a 5xx, or the server log says "database is locked".

    .venv/bin/python bench/comment_load.py [--database sqlite|postgres] [--comments 500] [--clients 50]
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r'name="token" value="([^"]+)"')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", help="a server where the run may create and drop its own database",
                        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--comments", type=int, default=500)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--min-seconds", type=float, default=2.0, help="NEWSROOM_COMMENT_MIN_SECONDS")
    return parser.parse_args()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def throwaway_database(args, folder):
    """A DATABASE_URL nobody else uses, gone after the run."""
    if args.database == "sqlite":
        yield f"sqlite:///{folder / 'load.sqlite3'}"
        return
    import psycopg

    server = urllib.parse.urlsplit(args.postgres_url)
    name = f"newsroom_load_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(args.postgres_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(server._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(args.postgres_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *arguments, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *arguments], cwd=PROJECT, env=env, check=True,
                          text=True, **kwargs)


CREATE_ARTICLE = """
from articles.models import Article, Section
section = Section.objects.create(name="Town", slug="town")
article = Article.objects.create(headline="Council votes on the new bridge", slug="bridge-vote",
                                 section=section, status="published", body="<p>The vote.</p>")
print(article.pk, article.get_absolute_url())
"""
STORED_BODIES = """
from comments.models import Comment
for body in Comment.objects.values_list("body", flat=True):
    print(body)
"""


class Server:
    """`make serve` on the throwaway database, in its own process group so it can be stopped whole."""

    def __init__(self, env, port, log_path):
        self.env, self.port, self.log_path = env, port, log_path

    def __enter__(self):
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in __exit__)
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "serve", f"PORT={self.port}", "HOST=127.0.0.1"],
            cwd=PROJECT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and self.process.poll() is None:
            with contextlib.suppress(OSError):
                request("GET", self.port, "/healthz")
                return self
            time.sleep(0.5)
        self.__exit__()
        raise SystemExit(f"make serve did not answer; see {self.log_path}")

    def __exit__(self, *exc):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=60)
        self.log.close()


def request(method, port, path, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


class Reader(threading.Thread):
    """One reader: fetch the page, read, post; again, until its share of the comments is sent."""

    def __init__(self, number, posts, port, article_id, article_url, wait, results, start_together):
        super().__init__()
        self.number, self.posts, self.port = number, posts, port
        self.article_id, self.article_url, self.wait = article_id, article_url, wait
        self.results, self.start_together = results, start_together

    def run(self):
        self.start_together.wait()
        for post in range(self.posts):
            status, page = request("GET", self.port, self.article_url)
            if status != 200 or not TOKEN.search(page):
                self.results.append({"body": None, "status": f"page {status}", "seconds": 0})
                continue
            # As the page's script does: the shared page's token is swapped for the reader's own
            # (a post with the shared one is asked to confirm, on a page of its own).
            status, state = request("GET", self.port, f"/comments/reader/{self.article_id}/")
            token = json.loads(state)["token"] if status == 200 else None
            if token is None:
                self.results.append({"body": None, "status": f"reader state {status}", "seconds": 0})
                continue
            time.sleep(self.wait)
            body = f"Reader {self.number} says thing {post}: the bridge vote was {secrets.token_hex(4)}."
            form = urllib.parse.urlencode({
                "body": body, "author_name": f"Reader {self.number}",
                "author_email": f"reader{self.number}.{post}@example.org", "author_url": "",
                "token": token, "parent": "", "homepage": "",
            })
            started = time.monotonic()
            try:
                status, _ = request("POST", self.port, f"/comments/post/{self.article_id}/", form)
            except OSError as error:
                status = f"connection: {error}"
            self.results.append({"body": body, "status": status, "seconds": time.monotonic() - started})


def run_backup(env, folder, report):
    started = time.monotonic()
    manage(env, "backup", str(folder / "backup"), capture_output=True)
    report["backup_seconds"] = time.monotonic() - started
    copy = folder / "backup" / "database.sqlite3"
    if copy.exists():
        with contextlib.closing(sqlite3.connect(copy)) as database:
            report["backup_check"] = database.execute("PRAGMA integrity_check").fetchone()[0]
            count = database.execute("SELECT count(*) FROM comments_comment").fetchone()[0]
            report["backup_comments"] = count
    else:
        report["backup_check"] = f"pg_dump, {(folder / 'backup' / 'database.pgdump').stat().st_size} bytes"


def main():
    args = parse_args()
    folder = Path(tempfile.mkdtemp(prefix="newsroom-load-"))
    with throwaway_database(args, folder) as database_url:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_", "REDIS_"))},
            "DATABASE_URL": database_url, "NEWSROOM_VAR_DIR": str(folder),
            "MEDIA_ROOT": str(folder / "media"),
            "DJANGO_DEBUG": "0", "DJANGO_HTTPS": "0", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "NEWSROOM_COMMENT_RATE": "off", "NEWSROOM_COMMENT_MIN_SECONDS": str(args.min_seconds),
            "WEB_CONCURRENCY": "4",
        }
        manage(env, "migrate", "--noinput", "--verbosity", "0", capture_output=True)
        article_id, article_url = manage(env, "shell", "-v", "0", "-c", CREATE_ARTICLE,
                                         capture_output=True).stdout.split()[-2:]
        port = free_port()
        results, report = [], {}
        per_reader = [args.comments // args.clients + (n < args.comments % args.clients)
                      for n in range(args.clients)]
        with Server(env, port, folder / "server.log"):
            start_together = threading.Barrier(args.clients)
            readers = [Reader(n, per_reader[n], port, article_id, article_url, args.min_seconds + 0.2,
                              results, start_together) for n in range(args.clients)]
            started = time.monotonic()
            for reader in readers:
                reader.start()
            while len(results) < args.comments // 2:
                time.sleep(0.2)
            backup = threading.Thread(target=run_backup, args=(env, folder, report))
            backup.start()
            for reader in readers:
                reader.join()
            elapsed = time.monotonic() - started
            backup.join()
        stored = manage(env, "shell", "-v", "0", "-c", STORED_BODIES, capture_output=True).stdout.splitlines()
    log = (folder / "server.log").read_text()
    failed = print_report(args, results, stored, log, elapsed, report)
    if failed:
        print(f"The server log and the backup are kept in {folder}")
    else:
        shutil.rmtree(folder)
    return failed


def print_report(args, results, stored, log, elapsed, report):
    statuses = Counter(str(result["status"]) for result in results)
    accepted = {result["body"] for result in results if result["status"] == 302}
    missing = accepted - set(stored)
    server_errors = sum(count for status, count in statuses.items() if status.startswith("5"))
    locked = log.count("database is locked")
    post_times = sorted(result["seconds"] for result in results if result["body"])
    print(f"database: {args.database}; {args.clients} concurrent readers, {args.comments} comments; "
          f"gunicorn workers booted: {log.count('Booting worker')}, DEBUG off")
    print(f"responses: {dict(sorted(statuses.items()))}")
    print(f"accepted (302): {len(accepted)}; stored in the database: {len(stored)}; "
          f"accepted but missing: {len(missing)}")
    print(f"5xx responses: {server_errors}; 'database is locked' in the server log: {locked}; "
          f"tracebacks in the log: {log.count('Traceback')}")
    if post_times:
        print(f"POST time: median {statistics.median(post_times) * 1000:.0f} ms, "
              f"95th percentile {post_times[int(len(post_times) * 0.95) - 1] * 1000:.0f} ms, "
              f"max {post_times[-1] * 1000:.0f} ms; {len(results) / elapsed:.1f} posts/s over "
              f"{elapsed:.1f} s (each reader waits {args.min_seconds + 0.2:.1f} s before each post)")
    if report:
        print(f"backup during the load: {report.get('backup_seconds', 0):.1f} s, check: "
              f"{report.get('backup_check')}, comments in the copy: {report.get('backup_comments', '—')}")
    lost = missing or server_errors or locked or len(accepted) != args.comments
    print("RESULT:", "FAIL" if lost else f"OK — {len(accepted)}/{args.comments} stored, 0 5xx")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())

"""`make bench`: how close Newsroom's pages come to the speed of a static file.

Builds a throwaway SQLite archive of the chosen size under var/bench/ (kept for the next run of
the same size), starts the production set-up (`make serve`: gunicorn, DEBUG off) on it twice —
page cache on, then NEWSROOM_PAGE_CACHE=off — loads each page with wrk, and prints one table.
SQL queries and bytes per page are measured in this process with Django's test client.

    .venv/bin/python bench/run.py [--articles 10000] [--comments 100000] [--duration 5]
"""

import argparse
import contextlib
import gzip
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per row")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--port", type=int, default=0, help="default: any free port")
    parser.add_argument("--rebuild", action="store_true", help="build the archive again even if it exists")
    return parser.parse_args()


def main():
    args = parse_args()
    wrk = ensure_wrk()
    database = PROJECT / "var" / "bench" / f"newsroom-{args.articles}-{args.comments}.sqlite3"
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",  # plain http on 127.0.0.1, as `make serve`
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "bench-" + os.urandom(24).hex(),
        "NEWSROOM_LOG_LEVEL": "WARNING",
        "NEWSROOM_SERVE_MEDIA": "0",
    })
    os.environ.pop("REDIS_URL", None)
    if args.rebuild or not database.exists():
        build_archive(database, args.articles, args.comments)
    else:  # an archive built by an older version of the site
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
                       cwd=PROJECT, check=True)

    import django

    django.setup()
    from bench.archive import measured_urls

    urls = measured_urls()
    args.port = args.port or free_port()
    rows = []
    for cache_setting in ("on", "off"):
        with server(args.port, cache_setting):
            static_url = static_file_url()
            targets = [("static file", static_url), *urls.items()]
            results = {}
            for name, path in targets:
                url = f"http://127.0.0.1:{args.port}{path}"
                warm(url)
                results[name] = run_wrk(wrk, url, args)
            for name, _ in targets:
                ratio = results[name]["rps"] / results["static file"]["rps"]
                rows.append((name, cache_setting, results[name], ratio))
    print_table(rows, urls, args)


# --- the archive ------------------------------------------------------------------------------

def build_archive(database, articles, comments):
    database.parent.mkdir(parents=True, exist_ok=True)
    partial = database.with_suffix(".building")
    for leftover in database.parent.glob(partial.name + "*"):
        leftover.unlink()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{partial}"}
    print(f"Building {articles:,} articles and {comments:,} comments in {database} …", flush=True)
    started = time.monotonic()
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "--verbosity", "0"], cwd=PROJECT, env=env, check=True)
    subprocess.run([sys.executable, "-m", "bench.archive", str(articles), str(comments)], cwd=PROJECT,
                   env=env, check=True)
    partial.rename(database)
    print(f"… built in {time.monotonic() - started:.0f} s", flush=True)


# --- the server -------------------------------------------------------------------------------

class server:
    """`make serve` on the bench archive, in its own process group so it can be stopped whole."""

    def __init__(self, port, page_cache):
        self.port, self.page_cache = port, page_cache

    def __enter__(self):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                raise SystemExit(f"something already listens on port {self.port}: choose another --port")
        log = open(PROJECT / "var" / "bench" / f"server-{self.page_cache}.log", "w")  # noqa: SIM115
        env = {**os.environ, "NEWSROOM_PAGE_CACHE": self.page_cache}
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "serve", f"PORT={self.port}", "HOST=127.0.0.1"],
            cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=5)
                return self
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise SystemExit(f"make serve did not answer on port {self.port}; see {log.name}")

    def __exit__(self, *exc):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=60)
        for _ in range(120):  # gunicorn's workers finish their requests before the port is free
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) != 0:
                    return
            time.sleep(0.25)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def static_file_url():
    from django.templatetags.static import static

    return static("css/site.css")


def warm(url):
    for _ in range(3):
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, br"})
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()


# --- wrk --------------------------------------------------------------------------------------

def ensure_wrk():
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)
        return shutil.which("wrk")
    raise SystemExit("wrk is needed: sudo apt-get install wrk (or your system's package of it)")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(wrk, url, args):
    output = subprocess.run(
        [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency",
         "-H", "Accept-Encoding: gzip, br", url],
        capture_output=True, text=True, check=True,
    ).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise SystemExit(f"wrk saw errors on {url}:\n{output}")

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)$", output, re.MULTILINE).groups()
        return float(value) * UNITS[unit]

    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50": latency(50), "p99": latency(99)}


# --- queries and bytes, with the test client -------------------------------------------------

def page_weight(path):
    """(SQL queries with the page cache off, raw bytes, gzip bytes as sent)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.NEWSROOM_PAGE_CACHE = False
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        raw = client.get(path)
    query_count = len(queries)  # the next request empties the log
    compressed = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    return query_count, len(raw.content), len(compressed.content)


def cpu_per_request(path, page_cache):
    """CPU milliseconds this process spends on one request through the test client (the best of
    three rounds): steadier than req/s on a machine that does other work too."""
    from django.conf import settings
    from django.test import Client

    settings.NEWSROOM_PAGE_CACHE = page_cache
    client = Client(HTTP_ACCEPT_ENCODING="gzip, br")
    client.get(path)
    rounds = []
    for _ in range(3):
        started = time.process_time()
        for _ in range(10):
            client.get(path)
        rounds.append((time.process_time() - started) / 10 * 1000)
    return min(rounds)


def static_weight(path):
    from django.contrib.staticfiles.storage import staticfiles_storage

    name = staticfiles_storage.stored_name("css/site.css")
    file = Path(staticfiles_storage.path(name))
    brotli = file.with_name(file.name + ".br")
    sent = brotli.stat().st_size if brotli.exists() else len(gzip.compress(file.read_bytes()))
    return file.stat().st_size, sent


def print_table(rows, urls, args):
    weights = {name: page_weight(path) for name, path in urls.items()}
    cpu = {(name, setting): cpu_per_request(path, setting == "on")
           for name, path in urls.items() for setting in ("on", "off")}
    css_raw, css_sent = static_weight(static_file_url())
    print()
    print(f"Archive: {args.articles:,} articles, {args.comments:,} comments; the article has 50 comments. "
          f"wrk: {args.connections} connections, {args.threads} threads, {args.duration} s per row, "
          f"Accept-Encoding: gzip, br; gunicorn workers: {os.environ.get('WEB_CONCURRENCY', '4')}.")
    print()
    print("| page | page cache | req/s | p50 ms | p99 ms | × static | CPU ms | SQL queries | bytes "
          "| gzip bytes |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, cache_setting, result, ratio in rows:
        queries, raw, compressed = weights.get(name, ("–", css_raw, css_sent))
        cpu_ms = f"{cpu[name, cache_setting]:.2f}" if (name, cache_setting) in cpu else "–"
        print(f"| {name} | {cache_setting} | {result['rps']:,.0f} | {result['p50']:.2f} "
              f"| {result['p99']:.2f} | {ratio:.2f} | {cpu_ms} | {queries} | {raw:,} | {compressed:,} |")
    if "feed" not in urls:
        print("\nfeed: skipped, the site has no RSS feed URL yet.")
    article_sent = weights["article"][2] + css_sent
    print("\nCPU ms: one request in this process (Django's test client, Accept-Encoding: gzip, br): a "
          "hit with the page cache on, the whole render with it off. SQL queries: with it off.")
    print(f"\nArticle page transferred (HTML gzip + CSS {('br' if css_sent else '')}): "
          f"{article_sent / 1024:.1f} KB (target ≤ 25 KB; images aside, no JavaScript).")


if __name__ == "__main__":
    main()

"""`make bench`: how close Newsroom's pages come to the speed of a static file.

Builds a throwaway SQLite archive of the chosen size under var/bench/ (kept for the next run of
the same size), starts the production set-up (`make serve`: gunicorn, DEBUG off) on it twice —
page cache on, then NEWSROOM_PAGE_CACHE=off — loads each page with wrk, and prints one table.
SQL queries and bytes per page are measured in this process with Django's test client.

With the page cache on it also measures the article page as a reader with saved details (the
`newsroom_commenter` cookie) gets it, through Varnish (deploy/varnish/default.vcl, when varnishd is
installed; the site purges it), and while this process edits the article every second: wrk counts
the responses that were made rather than taken from the cache (`X-Page-Cache: miss`), and times
comment POSTs as static/js/comments.js sends them (a token from the reader's own endpoint first).
Besides the article with 50 comments it loads one with 5,000 (fifty threads a page). It ends with
each target of issues #14 and #16, met or not; a target that compares two pages takes the median
of rounds that load them back to back.

    .venv/bin/python bench/run.py [--articles 10000] [--comments 100000] [--duration 5]
"""

import argparse
import contextlib
import gzip
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
VCL = PROJECT / "deploy" / "varnish" / "default.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
# Counts the responses that the page cache made rather than served (X-Page-Cache: miss).
COUNT_MISSES = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) misses = 0 end
function response(status, headers, body)
  if headers["X-Page-Cache"] == "miss" then misses = misses + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("misses") end
  io.write(string.format("page cache misses: %d\\n", total))
end
"""


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
        # Comment POSTs from one address, soon after the form was asked for, and no mail sent.
        "NEWSROOM_COMMENT_RATE": "off",
        "NEWSROOM_COMMENT_MIN_SECONDS": str(POST_WAIT_SECONDS / 2),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    })
    os.environ.pop("REDIS_URL", None)
    args.port = args.port or free_port()
    edge_port = free_port() if os.access(VARNISHD, os.X_OK) else None
    if edge_port:  # pages carry s-maxage for Varnish, which the server and this process purge
        os.environ["NEWSROOM_EDGE_PURGE_URLS"] = f"http://127.0.0.1:{edge_port}/"
    if args.rebuild or not database.exists():
        build_archive(database, args.articles, args.comments)
    else:  # an archive built by an older version of the site
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
                       cwd=PROJECT, check=True)

    import django

    django.setup()
    from bench.archive import measured_urls

    ensure_big_thread()
    urls = measured_urls()
    rows, extra_rows, posts, paired = [], [], [], {}
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
            article_url = f"http://127.0.0.1:{args.port}{urls['article']}"
            static = f"http://127.0.0.1:{args.port}{static_url}"
            if cache_setting == "on":
                extra_rows = measure_readers_and_edits(wrk, args, urls["article"], edge_port,
                                                       results["static file"]["rps"])
                posts = time_comment_posts(args.port)
                cookie = [f"Cookie: {saved_details_cookie()}"]
                paired["cookie"] = paired_ratio(wrk, args, article_url, article_url, headers=cookie)
                paired["cookie vs static"] = paired_ratio(wrk, args, static, article_url, headers=cookie)
            else:
                big_url = f"http://127.0.0.1:{args.port}{urls['article, 5,000 comments']}"
                paired["big thread"] = paired_ratio(wrk, args, article_url, big_url)
                paired["article vs static"] = paired_ratio(wrk, args, static, article_url)
    weights = print_table(rows, urls, args)
    print_extra_table(extra_rows, args)
    print_posts(posts)
    print_targets(rows, extra_rows, weights, posts, paired)


# --- the archive ------------------------------------------------------------------------------

def build_archive(database, articles, comments):
    database.parent.mkdir(parents=True, exist_ok=True)
    partial = database.with_suffix(".building")
    for leftover in database.parent.glob(partial.name + "*"):
        leftover.unlink()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{partial}", "NEWSROOM_EDGE_PURGE_URLS": ""}
    print(f"Building {articles:,} articles and {comments:,} comments in {database} …", flush=True)
    started = time.monotonic()
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "--verbosity", "0"], cwd=PROJECT, env=env, check=True)
    subprocess.run([sys.executable, "-m", "bench.archive", str(articles), str(comments)], cwd=PROJECT,
                   env=env, check=True)
    partial.rename(database)
    print(f"… built in {time.monotonic() - started:.0f} s", flush=True)


def ensure_big_thread():
    """An archive built before the article with 5,000 comments existed gets it now."""
    from django.db import connection

    from articles.models import Article
    from bench.archive import BIG_THREAD_SLUG, add_big_thread

    if not Article.objects.filter(slug=BIG_THREAD_SLUG).exists():
        print("Adding the article with 5,000 comments to the archive …", flush=True)
        add_big_thread()
        if connection.vendor == "sqlite":
            connection.cursor().execute("ANALYZE")


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


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
POSTS, POST_READERS, POST_WAIT_SECONDS = 40, 4, 1.0


def run_wrk(wrk, url, args, headers=(), script=None):
    options = [f"-H{header}" for header in ("Accept-Encoding: gzip, br", *headers)]
    if script:
        options.append(f"--script={script}")
    load = [f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency"]
    output = subprocess.run(
        [wrk, *load, *options, url], capture_output=True, text=True, check=True,
    ).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise SystemExit(f"wrk saw errors on {url}:\n{output}")

    def latency(percent):
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
        if found is None:
            raise SystemExit(f"wrk gave no {percent}th percentile for {url}:\n{output}")
        value, unit = found.groups()
        return float(value) * UNITS[unit]

    misses = re.search(r"^page cache misses: (\d+)$", output, re.MULTILINE)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50": latency(50), "p99": latency(99), "misses": int(misses.group(1)) if misses else None}


# --- a reader's cookie, Varnish in front, edits under load -----------------------------------

def measure_readers_and_edits(wrk, args, article_path, edge_port, static_rps):
    """Rows for the article page: with the saved-details cookie, through Varnish, while edited."""
    article_url = f"http://127.0.0.1:{args.port}{article_path}"
    rows = [("article, saved-details cookie",
             run_wrk(wrk, article_url, args, headers=[f"Cookie: {saved_details_cookie()}"]), "")]
    script = PROJECT / "var" / "bench" / "count-misses.lua"
    script.write_text(COUNT_MISSES)
    with contextlib.ExitStack() as running:
        if edge_port is None:
            print(f"Varnish: skipped, no varnishd at {VARNISHD} (apt-get install varnish varnish-modules).")
        else:
            running.enter_context(varnish(edge_port, args.port))  # purged by the edits below
            edge_url = f"http://127.0.0.1:{edge_port}{article_path}"
            warm(edge_url)
            rows.append(("article through Varnish", run_wrk(wrk, edge_url, args), ""))
        with edited_every_second(article_path) as edits:
            result = run_wrk(wrk, article_url, args, script=script)
    made = result["misses"]
    rows.append(("article, edited every second", result,
                 f"{len(edits)} edits, {made} pages made ({made / max(len(edits), 1):.1f} per edit)"))
    return [(name, result, result["rps"] / static_rps, note) for name, result, note in rows]


def saved_details_cookie():
    """The cookie a reader who ticked "save my details" sends back (website.reader_cookies)."""
    from django.http import HttpResponse

    from website.reader_cookies import COMMENTER_COOKIE, COOKIE_SALT

    response = HttpResponse()
    details = {"author_name": "Jo Reader", "author_email": "jo.reader@example.org", "author_url": ""}
    response.set_signed_cookie(COMMENTER_COOKIE, json.dumps(details), salt=COOKIE_SALT)
    return f"{COMMENTER_COOKIE}={response.cookies[COMMENTER_COOKIE].coded_value}"


@contextlib.contextmanager
def edited_every_second(article_path):
    """An editor fixing the article's body once a second, in this process: the list of edits."""
    from articles.models import Article
    from bench.archive import MEASURED_SLUG

    article = Article.objects.get(slug=MEASURED_SLUG)
    original, edits, stop = article.body, [], threading.Event()

    def edit():
        while not stop.wait(1):
            article.body = f"{original}<p>Updated {len(edits) + 1} times.</p>"
            article.save()
            edits.append(time.monotonic())

    editor = threading.Thread(target=edit)
    editor.start()
    try:
        yield edits
    finally:
        stop.set()
        editor.join()
        article.body = original
        article.save()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


POST_OPENER = urllib.request.build_opener(_NoRedirect)


def time_comment_posts(port):
    """Seconds per comment POST, as static/js/comments.js sends them: POST_READERS readers at once,
    each asking its own endpoint for a token, waiting, then posting, POSTS in all (to an article
    that is not measured: they wait for a moderator, so no page is forgotten)."""
    from articles.models import Article
    from bench.archive import BIG_THREAD_SLUG, MEASURED_SLUG

    article = Article.objects.published().exclude(slug__in=[MEASURED_SLUG, BIG_THREAD_SLUG]).first()
    times, statuses = [], []

    def reader(number):
        for post in range(POSTS // POST_READERS):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/comments/reader/{article.pk}/") as response:
                token = json.load(response)["token"]
            time.sleep(POST_WAIT_SECONDS)
            form = urllib.parse.urlencode({
                "body": f"Reader {number} on the bench, remark {post}: {os.urandom(4).hex()}.",
                "author_name": f"Bench reader {number}", "author_email": f"bench{number}.{post}@example.org",
                "author_url": "", "token": token, "parent": "", "homepage": "",
            }).encode()
            address = f"http://127.0.0.1:{port}/comments/post/{article.pk}/"
            request = urllib.request.Request(address, data=form)
            started = time.monotonic()
            try:  # the answer itself, not the page it redirects to
                with POST_OPENER.open(request) as sent:
                    statuses.append(sent.status)
            except urllib.error.HTTPError as answer:
                statuses.append(answer.code)
            times.append(time.monotonic() - started)

    readers = [threading.Thread(target=reader, args=(n,)) for n in range(POST_READERS)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join()
    return {"times": sorted(times), "statuses": statuses}


@contextlib.contextmanager
def varnish(port, backend_port):
    """varnishd with the repository's VCL in front of the bench server."""
    folder = PROJECT / "var" / "bench" / "varnish"
    folder.mkdir(parents=True, exist_ok=True)
    vcl = folder / "default.vcl"
    vcl.write_text(re.sub(r'(backend default \{\s*\.host = "127\.0\.0\.1";\s*\.port = )"\d+"',
                          rf'\g<1>"{backend_port}"', VCL.read_text()))
    log = open(folder / "varnishd.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [VARNISHD, "-F", "-n", str(folder / "work"), "-a", f"127.0.0.1:{port}", "-T", "127.0.0.1:0",
         "-f", str(vcl), "-j", "none", "-s", "malloc,256m"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not listening(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"varnishd did not start; see {log.name}")
            time.sleep(0.2)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def listening(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


# --- queries and bytes, with the test client -------------------------------------------------

CACHE_TABLE = '"newsroom_cache"'


def page_weight(path):
    """(SQL queries with the page cache off, raw bytes, gzip bytes as sent)."""
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.NEWSROOM_PAGE_CACHE = False
    caches["template_fragments"].clear()  # nothing kept from the page before (kept_until_a_change)
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        raw = client.get(path)
    # The page's own queries, as tests/test_query_budget.py counts them: not the shared cache's.
    query_count = len([query for query in queries if CACHE_TABLE not in query["sql"]])
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
    print(f"Archive: {args.articles:,} articles, {args.comments:,} comments; the article has 50 comments, "
          "the other 5,000 (the first of its pages). "
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
          "hit with the page cache on, the whole render with it off. SQL queries: the page's own with it off "
          "(besides up to three reads of the shared cache, a table here, for what each worker keeps).")
    print(f"\nArticle page transferred (HTML gzip + CSS {('br' if css_sent else '')}): "
          f"{article_sent / 1024:.1f} KB (target ≤ 25 KB; images aside, no JavaScript).")
    big_pages = big_thread_page_weights(urls["article, 5,000 comments"])
    print("\nThe article with 5,000 comments, page by page (SQL queries with the page cache off, gzip "
          "bytes): " + "; ".join(f"{label} {queries} queries, {compressed:,} B"
                                 for label, (queries, compressed) in big_pages.items()))
    return {"pages": weights, "big_thread_pages": big_pages}


def big_thread_page_weights(path):
    """Queries and gzip bytes of the big conversation's first, middle and last pages."""
    from django.conf import settings

    from articles.models import Article
    from bench.archive import BIG_THREAD_SLUG
    from comments.models import Comment

    threads = Comment.objects.approved().filter(article=Article.objects.get(slug=BIG_THREAD_SLUG),
                                                parent=None).count()
    last = -(-threads // settings.NEWSROOM_COMMENT_THREADS_PER_PAGE)
    weights = {}
    for number in sorted({1, (last + 1) // 2, last}):
        queries, _, compressed = page_weight(f"{path}?page={number}" if number > 1 else path)
        weights[f"page {number} of {last}"] = (queries, compressed)
    return weights


def print_extra_table(rows, args):
    print(f"\nThe article page, page cache on, {args.connections} connections, {args.duration} s each "
          "(× static: the gunicorn static file above):")
    print()
    print("| article page | req/s | p50 ms | p99 ms | × static | |")
    print("|---|---:|---:|---:|---:|---|")
    for name, result, ratio, note in rows:
        print(f"| {name.removeprefix('article').lstrip(', ')} | {result['rps']:,.0f} | {result['p50']:.2f} "
              f"| {result['p99']:.2f} | {ratio:.2f} | {note} |")
    print("\nTargets: the cookie as fast as without it; Varnish ≥ 5× the static file; edited every second, "
          "p99 under 50 ms and one page made per edit.")


def print_posts(posts):
    if not posts:
        return
    times, statuses = posts["times"], posts["statuses"]
    answers = ", ".join(f"{status}: {statuses.count(status)}" for status in sorted(set(statuses)))
    print(f"\nComment POST, page cache on ({len(times)} posts, {POST_READERS} readers at once, each "
          f"token from /comments/reader/): median {times[len(times) // 2] * 1000:.1f} ms, "
          f"slowest {times[-1] * 1000:.1f} ms; answers {answers}.")


PAIRED_ROUNDS = 3


def paired_ratio(wrk, args, base_url, other_url, headers=()):
    """`other_url`'s req/s (loaded with `headers`) over `base_url`'s, the median of rounds that load
    them one right after the other: where the machine's load moves, rows a minute apart do not
    compare, two loaded back to back do."""
    ratios = []
    for _ in range(PAIRED_ROUNDS):
        base = run_wrk(wrk, base_url, args)["rps"]
        ratios.append(run_wrk(wrk, other_url, args, headers=headers)["rps"] / base)
    return sorted(ratios)[len(ratios) // 2]


def print_targets(rows, extra_rows, weights, posts, paired):
    """Each target of issues #14 and #16 with this run's figure, met or not."""
    rate = {(name, setting): result["rps"] for name, setting, result, _ in rows}
    ratio = {(name, setting): value for name, setting, _, value in rows}
    extra = {name: (result, value, note) for name, result, value, note in extra_rows}
    small_queries = weights["pages"]["article"][0]
    big_pages = weights["big_thread_pages"]
    heaviest = max(compressed for _, compressed in big_pages.values())
    big_vs_small = paired["big thread"]
    checks = [
        (f"article, page cache off: {paired['article vs static']:.3f}× the static file (median of "
         f"{PAIRED_ROUNDS} rounds loading the two back to back; the rows above: "
         f"{ratio['article', 'off']:.3f}×)",
         "≥ 0.07×", paired["article vs static"] >= 0.07),
        (f"5,000 comments: {sorted({q for q, _ in big_pages.values()})} queries a page, the 50-comment "
         f"article {small_queries}", "the same", all(q == small_queries for q, _ in big_pages.values())),
        (f"5,000 comments: heaviest page {heaviest / 1024:.1f} KB gzip", "< 40 KB", heaviest < 40_000),
        (f"5,000 comments, page cache off: {big_vs_small:.2f}× the 50-comment article's req/s (median "
         f"of {PAIRED_ROUNDS} rounds loading the two back to back; the rows above: "
         f"{rate['article, 5,000 comments', 'off'] / rate['article', 'off']:.2f}×)",
         "≥ 0.5× (no slower than 2×)", big_vs_small >= 0.5),
    ]
    if "article, saved-details cookie" in extra:
        _, value, _ = extra["article, saved-details cookie"]
        without, static = paired["cookie"], paired["cookie vs static"]
        checks.append((f"saved-details cookie: {static:.2f}× static, {without:.2f}× the page without it "
                       f"(medians of {PAIRED_ROUNDS} rounds loading the two back to back; the rows above: "
                       f"{value:.2f}× static)", "the same as without, ≥ 0.7× static", static >= 0.7))
    if "article through Varnish" in extra:
        _, value, _ = extra["article through Varnish"]
        checks.append((f"through Varnish: {value:.1f}× the gunicorn static file", "≥ 5×", value >= 5))
    if "article, edited every second" in extra:
        result, _, note = extra["article, edited every second"]
        made = re.search(r"\((\d+\.\d+) per edit\)", note).group(1)
        checks.append((f"edited every second: p99 {result['p99']:.1f} ms, {note}",
                       "p99 < 50 ms, 1 page made per edit", result["p99"] < 50 and float(made) <= 1.0))
    if posts:
        checks.append((f"comment POST: median {posts['times'][len(posts['times']) // 2] * 1000:.1f} ms",
                       "(no target: measured)", None))
    print("\n| target | figure | met |\n|---|---|---|")
    for figure, target, met in checks:
        print(f"| {target} | {figure} | {'–' if met is None else ('yes' if met else 'no')} |")


if __name__ == "__main__":
    main()

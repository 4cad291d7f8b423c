"""`make audit`: Lighthouse (mobile) on the home page and an article, served as in production.

Builds a throwaway SQLite site with the demo content in a temporary folder, starts `make serve`
on it (DEBUG off, collected static files, gunicorn), loads each page once so that it is in the
page cache as it would be for a real reader, then runs Lighthouse from node_modules/ (package.json)
in Debian's Chromium and prints the four scores against the targets. Each page is audited three
times and the run with the median performance score is kept, as Lighthouse's own advice on
variability says: one run on a busy machine can lose points to another process. Full reports go
to test-artifacts/lighthouse/. Exits 1 when a score is under its target.

    .venv/bin/python bench/lighthouse.py [--port 8766] [--runs 3] [--keep]
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
REPORTS = PROJECT / "test-artifacts" / "lighthouse"
TARGETS = {"performance": 100, "accessibility": 100, "best-practices": 100, "seo": 100}
# Root needs --no-sandbox; the rest keep Chromium off the network, which this machine lacks.
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-sync "
                "--disable-background-networking --disable-component-update --disable-dev-shm-usage")


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is kept")
    parser.add_argument("--keep", action="store_true", help="keep the temporary site folder")
    return parser.parse_args()


def main():
    args = parse_args()
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not os.access(chrome, os.X_OK):
        raise SystemExit(f"no Chromium at {chrome}: apt-get install chromium (or set CHROME_PATH)")
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `npm ci` (make audit does)")
    folder = Path(tempfile.mkdtemp(prefix="newsroom-audit-"))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",  # plain http://127.0.0.1, as `make serve`
        "DJANGO_SECRET_KEY": "audit-" + secrets.token_urlsafe(32),
        "NEWSROOM_VAR_DIR": str(folder),
        "MEDIA_ROOT": str(folder / "media"),
        "NEWSROOM_LOG_LEVEL": "WARNING",
        "CHROME_PATH": chrome,
    })
    for variable in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(variable, None)
    try:
        build_site(folder)
        with server(args.port, folder):
            base = f"http://127.0.0.1:{args.port}"
            pages = {"home": "/", "article": first_article_path(base)}
            scores = {}
            for name, path in pages.items():
                urllib.request.urlopen(base + path, timeout=30).read()  # into the page cache
                scores[name] = median_run(name, base + path, args.runs)
    finally:
        if args.keep:
            print(f"Site kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    sys.exit(0 if print_scores(scores, pages) else 1)


def build_site(folder):
    print(f"Building the demo site in {folder} …", flush=True)
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput", "--verbosity", "0"], ["seed_demo"]):
        subprocess.run([*manage, *command], cwd=PROJECT, check=True, stdout=subprocess.DEVNULL)


class server:
    """`make serve` on the throwaway site, in its own process group so it can be stopped whole."""

    def __init__(self, port, folder):
        self.port, self.log_path = port, folder / "server.log"

    def __enter__(self):
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                ["make", "--no-print-directory", "serve", f"PORT={self.port}", "HOST=127.0.0.1",
                 "WEB_CONCURRENCY=2"],
                cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"make serve stopped:\n{self.log_path.read_text()[-3000:]}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=5)
                return self
            except OSError:
                time.sleep(0.5)
        raise SystemExit(f"the server did not answer within 180 s:\n{self.log_path.read_text()[-3000:]}")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=60)


def first_article_path(base):
    """The lead story of the home page, as a reader would open it."""
    home = urllib.request.urlopen(base + "/", timeout=30).read().decode()
    match = re.search(r'href="(/\d{4}/\d{1,2}/\d{1,2}/[^"/]+/)"', home)
    if not match:
        raise SystemExit("the home page links to no article")
    return match.group(1)


def median_run(name, url, runs):
    """The report of the run with the median performance score, saved as test-artifacts'
    lighthouse/<name>.report.{json,html}; every run's score is printed."""
    reports = sorted((run_lighthouse(f"{name}-run{number}", url) for number in range(1, runs + 1)),
                     key=lambda run: performance_score(run[0]))
    print(f"  performance by run: {', '.join(str(performance_score(r)) for r, _ in reports)}")
    report, output = reports[len(reports) // 2]
    for extension in ("json", "html"):
        output.with_name(f"{output.name}.report.{extension}").replace(REPORTS / f"{name}.report.{extension}")
    for _, other in reports:
        for extension in ("json", "html"):
            other.with_name(f"{other.name}.report.{extension}").unlink(missing_ok=True)
    return report


def performance_score(report):
    return round((report["categories"]["performance"]["score"] or 0) * 100)


def run_lighthouse(name, url):
    REPORTS.mkdir(parents=True, exist_ok=True)
    output = REPORTS / name
    print(f"Lighthouse (mobile): {url}", flush=True)
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--only-categories=performance,accessibility,best-practices,seo",
         "--output=json", "--output=html", f"--output-path={output}", f"--chrome-flags={CHROME_FLAGS}"],
        cwd=PROJECT, capture_output=True, text=True, check=False,
    )
    report_path = output.with_name(f"{name}.report.json")
    if result.returncode != 0 or not report_path.exists():
        raise SystemExit(f"Lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    report = json.loads(report_path.read_text())
    if report.get("runtimeError"):
        raise SystemExit(f"Lighthouse could not load {url}: {report['runtimeError']}")
    return report, output


def print_scores(reports, pages):
    """The table of scores, then what holds back any score under its target."""
    print(f"\n{'page':<10}" + "".join(f"{category:>16}" for category in TARGETS))
    print(f"{'target':<10}" + "".join(f"{target:>16}" for target in TARGETS.values()))
    ok = True
    for name, report in reports.items():
        scores = {cat: round((report["categories"][cat]["score"] or 0) * 100) for cat in TARGETS}
        print(f"{name:<10}" + "".join(f"{scores[cat]:>16}" for cat in TARGETS))
        for category, score in scores.items():
            if score < TARGETS[category]:
                ok = False
                for problem in holding_back(report, category):
                    print(f"    {name} {category}: {problem}")
    audits = reports["article"]["audits"] if "article" in reports else {}
    if "largest-contentful-paint" in audits:
        print(f"\narticle LCP {audits['largest-contentful-paint']['displayValue']}, "
              f"total blocking time {audits['total-blocking-time']['displayValue']}")
    print(f"Pages: {', '.join(pages.values())}. Reports: {REPORTS.relative_to(PROJECT)}/*.report.html")
    return ok


def holding_back(report, category):
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] > 0 and audit.get("score") is not None and audit["score"] < 1:
            yield f"{audit['title']} ({audit.get('displayValue') or round(audit['score'] * 100)})"


if __name__ == "__main__":
    main()

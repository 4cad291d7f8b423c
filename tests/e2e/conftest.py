"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's own browser downloads do not work here, so the tests launch the system Chromium
(CHROME_PATH, default /usr/bin/chromium). Without it the tests are skipped on a developer's
machine and fail in CI (CI=true), where `.ci/run` installs it. axe-core comes from the npm
packages pinned in package.json; they are installed with `npm ci` on first use.
"""

import contextlib
import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
# Root needs --no-sandbox; the rest keep Chromium off the network, which this machine lacks.
CHROME_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage",
]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# How long a reader takes to write a comment (more than NEWSROOM_COMMENT_MIN_SECONDS): the tests
# move the site's clock on by this much instead of waiting.
HUMAN_PAUSE_SECONDS = 30


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Every test here is `e2e`, and shares the database with the live server: the groups made by
    migrations are restored before each test (serialized_rollback), since each one empties it."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.path)).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


def unavailable(reason):
    """Skip on a developer's machine, fail in CI: CI must always run the browser tests."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(reason)


@contextlib.contextmanager
def _lock(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="session")
def axe_script():
    """The path of axe.min.js, installed from package.json on first use."""
    if not AXE_SCRIPT.exists():
        npm = shutil.which("npm")
        if npm is None:
            unavailable("npm is not installed, so axe-core cannot be installed (apt-get install npm)")
        with _lock(ROOT / "node_modules" / ".newsroom-install.lock"):
            if not AXE_SCRIPT.exists():
                result = subprocess.run(  # noqa: S603 (a fixed command)
                    [npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, capture_output=True, text=True,
                    check=False,
                )
                if result.returncode != 0 or not AXE_SCRIPT.exists():
                    unavailable(f"npm ci failed, so axe-core is missing:\n{result.stderr[-2000:]}")
    return AXE_SCRIPT


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROME_PATH, os.X_OK):
        unavailable(f"no Chromium at {CHROME_PATH}: apt-get install chromium (or set CHROME_PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is missing: .venv/bin/pip install -e '.[dev]'")
    # Playwright's sync API keeps an asyncio loop running in this thread, so Django would refuse
    # ORM calls from the test itself; they are plain synchronous calls, which is safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections

    before = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    # With a loop running, Django keeps this thread's connections apart from the ones made before
    # (asgiref's Local): the new ones need the database contents serialized at set-up, or
    # serialized_rollback could not restore what the migrations made.
    for alias, connection in before.items():
        if hasattr(connection, "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = connection._test_serialized_contents
    try:
        browser = playwright.chromium.launch(executable_path=CHROME_PATH, args=CHROME_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.e2e_failed = True
    return report


@pytest.fixture
def new_context(request, browser, live_server):
    """Open a fresh browser context (a reader with no cookies) on the live server."""
    contexts = []

    def open_context(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_context
    if getattr(request.node, "e2e_failed", False):
        folder = ARTIFACTS / "failures" / request.node.name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for number, page in enumerate(p for context in contexts for p in context.pages):
            page.screenshot(path=folder / f"page-{number}.png", full_page=True)
            (folder / f"page-{number}.html").write_text(page.content())
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def logged_in_page(new_context, user):
    """A browser of its own, with `user` logged into the admin."""
    page = new_context().new_page()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Log out").or_(page.get_by_role("button", name="Log out")).wait_for()
    return page


@pytest.fixture
def editor_page(new_context, editor):
    """An editor logged into the admin."""
    return logged_in_page(new_context, editor)


@pytest.fixture
def writer_page(new_context, writer):
    """A writer logged into the admin, in a browser of their own."""
    return logged_in_page(new_context, writer)



@pytest.fixture(scope="session")
def e2e_media(tmp_path_factory):
    return tmp_path_factory.mktemp("e2e-media")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, e2e_media):
    """Overrides tests/conftest.py's: the browser tests share one media folder, so that the demo
    pictures and their renditions are made once per session (`demo_pictures`)."""
    settings.MEDIA_ROOT = e2e_media


@pytest.fixture(scope="session")
def demo_pictures(e2e_media):
    """The news site's pictures, stored once through the image pipeline: {index: StoredImage}."""
    from django.test import override_settings

    from articles import demo_content as demo
    from articles.images import store_image

    with override_settings(MEDIA_ROOT=e2e_media):
        return {index: store_image(demo.demo_picture(index, 960, 540), "articles") for index in range(5)}


def pick_from_library(page, field, words):
    """Choose a picture of the media library in the article form's `field` (an autocomplete)."""
    page.locator(f"#id_{field} + .select2 .select2-selection").click()
    page.locator(f".select2-search__field[aria-controls=select2-id_{field}-results]").fill(words)
    page.locator(".select2-results__option", has_text=words).first.click()


def photo_file(folder, index=0):
    """A picture to upload through the admin, drawn like the demo site's."""
    from articles.demo_content import demo_picture

    path = folder / f"photo-{index}.jpg"
    path.write_bytes(demo_picture(index).read())
    return path


@pytest.fixture
def news_site(editor, demo_pictures):
    """A small site as readers see it: sections, bylines, tags, pictures, a correction and a
    threaded conversation under the lead story (with an editor's answer)."""
    import random
    from datetime import timedelta
    from types import SimpleNamespace

    from django.utils import timezone

    from articles import demo_content as demo
    from articles.models import Article, Author, Byline, Correction, Picture, Section, Tag
    from comments.models import Comment

    rng = random.Random(8)
    sections = {slug: Section.objects.create(name=name, slug=slug, description=text, position=i)
                for i, (name, slug, text) in enumerate(demo.SECTIONS)}
    authors = {slug: Author.objects.create(name=name, slug=slug, bio=bio) for name, slug, bio in demo.AUTHORS}
    tags = {name: Tag.objects.create(name=name, slug=name.lower()) for name in demo.TAGS}
    articles = []
    for index, (section, headline, standfirst, dateline, tag_names, bylines) in enumerate(demo.STORIES[:7]):
        picture = demo_pictures.get(index)
        article = Article.objects.create(
            headline=headline, standfirst=standfirst, body=demo.story_body(rng), dateline=dateline,
            section=sections[section], status=Article.Status.PUBLISHED, featured=index == 0,
            publish_at=timezone.now() - timedelta(hours=1 + index * 7), sources="Newsroom reporting",
            hero_picture=picture and Picture.objects.create(
                file=picture.name, renditions=picture.renditions, width=picture.width, height=picture.height,
                alt_text=f"Illustration: {headline.lower()}",
                caption="An illustration drawn for the demo site.", credit="Newsroom graphics"),
        )
        for position, slug in enumerate(bylines):
            Byline.objects.create(article=article, author=authors[slug], position=position)
        article.tags.set([tags[name] for name in tag_names])
        articles.append(article)
    lead = articles[0]
    Correction.objects.create(article=lead, text="An earlier version gave the wrong reopening date.")
    first = Comment.objects.create(
        article=lead, author_name="Ada Reader", author_email="ada@example.org", status="approved",
        body="I crossed it this morning: the new lighting makes a real difference after dark.",
    )
    Comment.objects.create(
        article=lead, parent=first, author_name="Ben Neighbour", author_email="ben@example.org",
        status="approved", body="Agreed. It is much wider for buggies too.",
    )
    Comment.objects.create(
        article=lead, parent=first, author_name="The Newsroom", author_email="desk@example.org",
        status="approved", staff_user=editor, body="Thank you both: we will follow up on the lighting.",
    )
    Comment.objects.create(
        article=lead, author_name="Chris Walker", author_email="chris@example.org", status="approved",
        author_url="https://example.org/chris",
        body="Does anyone know whether cyclists may use it?\n\nThe signs at the market end are unclear.",
    )
    return SimpleNamespace(
        lead=lead, articles=articles, first_comment=first, section=lead.section,
        tag=lead.tags.first(), author=lead.authors.first(),
    )

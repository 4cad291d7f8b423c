"""Every kind of public page passes the W3C Nu HTML checker (vnu.jar) with no error and no warning.

The checker is a Java program that takes seconds to start, so it runs once per test session over
all the pages, which are made first on a throwaway copy of the database and written to a folder.
vnu.jar comes from the npm package pinned in package.json (`npm ci`). Without Java or the jar the
tests are skipped on a developer's machine and fail in CI (CI=true), where `.ci/run` installs both.
"""

import json
import os
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from unittest import mock
from urllib.parse import unquote, urlparse

import pytest
from django.core.cache import cache
from django.db import OperationalError, transaction
from django.test import Client, override_settings
from django.utils import timezone
from lxml import html

from articles.preview_links import token_for
from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    CorrectionFactory,
    PictureFactory,
    SectionFactory,
    TagFactory,
    UserFactory,
    comment_post,
    form_token,
    jpeg_upload,
)

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
W3C_SECONDS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# The mark also tells pytest-django to make the test database that the pages are made on.
pytestmark = pytest.mark.django_db

PAGE_KINDS = [
    "home", "article with a picture, comments and replies", "article with a form error",
    "comment posted", "reply form with a pending comment", "section", "section, second page", "tag",
    "author", "year archive", "month archive", "search with results", "search without results",
    "search form", "404", "503", "500", "preview link of an embargoed draft", "preview link withdrawn",
    "comment edit page", "comments to edit",
    "error report refused", "error report sent",
]


def unavailable(reason):
    """Skip on a developer's machine, fail in CI: CI must always check the HTML."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the HTML checks must run)", pytrace=False)
    pytest.skip(reason)


def _page(response, kind, status=200):
    assert response.status_code == status, f"{kind}: {response.status_code}"
    return response.content.decode()


def make_every_kind_of_page():
    """{page kind: its HTML}, as readers get them."""
    section = SectionFactory(name="Local", slug="local")
    tag = TagFactory(name="Harbour", slug="harbour")
    author = AuthorFactory(name="Ann Other", slug="ann-other")
    article = ArticleFactory(
        headline="Ferry returns", section=section, tags=[tag], authors=[author, AuthorFactory()],
        standfirst="After two years the crossing is back.", featured=True,
        body="<p>The <em>whole</em> story.</p><h2>Timetable</h2><ul><li>Daily</li></ul>",
        publish_at=timezone.now() - timedelta(days=1),
    )
    article.hero_picture = PictureFactory(
        file=jpeg_upload(size=(1600, 900)), alt_text="The ferry at the quay", caption="The first crossing")
    article.save()
    CorrectionFactory(article=article)
    for number in range(3):
        ArticleFactory(headline=f"Harbour story {number}", section=section, tags=[tag], authors=[author],
                       standfirst="")
    ArticleFactory(headline="Elsewhere", standfirst="")

    first = CommentFactory(article=article, author_name="Pat Reader", author_url="https://pat.example.org/",
                           body="First!\n\nAnd a second paragraph.")
    reply = CommentFactory(article=article, parent=first, author_name="Sam", edited_at=timezone.now())
    CommentFactory(article=article, parent=reply, author_name="The Editor", staff_user=UserFactory())
    CommentFactory(article=article, author_name="Hidden", status="pending")

    anonymous, reader = Client(), Client()
    published = timezone.localtime(article.publish_at)
    year, month = published.year, published.month
    pages = {
        "home": _page(anonymous.get("/"), "home"),
        "article with a picture, comments and replies": _page(anonymous.get(article.get_absolute_url()),
                                                              "article"),
        "section": _page(anonymous.get("/section/local/"), "section"),
        "section, second page": _page(anonymous.get("/section/local/?page=2"), "section page 2"),
        "tag": _page(anonymous.get("/tag/harbour/"), "tag"),
        "author": _page(anonymous.get("/author/ann-other/"), "author"),
        "year archive": _page(anonymous.get(f"/{year}/"), "year"),
        "month archive": _page(anonymous.get(f"/{year}/{month}/"), "month"),
        "search with results": _page(anonymous.get("/search/", {"q": "ferry"}), "search"),
        "search without results": _page(anonymous.get("/search/", {"q": "zeppelin"}), "search"),
        "search form": _page(anonymous.get("/search/"), "search form"),
        "404": _page(anonymous.get("/no/such/page/"), "404", status=404),
    }
    embargoed = ArticleFactory(headline="Under embargo", section=section, status="draft",
                               embargo_until=timezone.now() + timedelta(days=1))
    preview_link = f"/preview/shared/{token_for(embargoed)}/"
    pages["preview link of an embargoed draft"] = _page(anonymous.get(preview_link), "preview link")
    embargoed.revoke_preview_links()
    pages["preview link withdrawn"] = _page(anonymous.get(preview_link), "preview link withdrawn", status=410)
    pages["article with a form error"] = _page(
        reader.post(f"/comments/post/{article.pk}/", comment_post(article, body="", author_email="nope")),
        "form error", status=400,
    )
    posted = reader.post(f"/comments/post/{article.pk}/",
                         comment_post(article, parent=str(first.pk), remember="on"), follow=True)
    pages["comment posted"] = _page(posted, "comment posted")
    own = Comment.objects.latest("pk")
    pages["comment edit page"] = _page(reader.get(f"/comments/{own.pk}/edit/"), "comment edit page")
    pages["comments to edit"] = _page(reader.get(f"/comments/yours/{article.pk}/"), "comments to edit")
    pages["reply form with a pending comment"] = _page(
        reader.get(article.get_absolute_url(), {"replyto": first.pk}), "reply form")
    pages["error report refused"] = _page(
        reader.post(f"/report-an-error/{article.pk}/", {"text": "", "reader_email": "nope",
                                                        "report_token": form_token(article)}),
        "error report refused", status=400)
    pages["error report sent"] = _page(
        reader.post(f"/report-an-error/{article.pk}/", {"text": "The date is wrong.", "reader_email": "",
                                                        "report_token": form_token(article)}),
        "error report sent")
    broken = Client(raise_request_exception=False)
    with override_settings(NEWSROOM_PAGE_CACHE=False), mock.patch(
        "website.views.Article.objects.published", side_effect=OperationalError("database is down")
    ):
        pages["503"] = _page(broken.get("/"), "503", status=503)
    with override_settings(NEWSROOM_PAGE_CACHE=False), mock.patch(
        "website.views.Article.objects.published", side_effect=ZeroDivisionError
    ):
        pages["500"] = _page(broken.get("/"), "500", status=500)
    return pages


def run_vnu(java, pages, folder):
    """{page kind: the checker's messages on it}, from one run of vnu.jar over every page."""
    files = {}
    for number, (kind, page) in enumerate(pages.items()):
        path = folder / f"page-{number}.html"
        path.write_text(page, encoding="utf-8")
        files[str(path)] = kind
    result = subprocess.run(  # noqa: S603 (a fixed command on files we wrote)
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", *files],
        capture_output=True, text=True, check=False, timeout=300,
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except ValueError:
        pytest.fail(f"vnu.jar gave no report (exit {result.returncode}):\n{result.stderr[-2000:]}")
    report = {kind: [] for kind in pages}
    for message in messages:
        kind = files.get(unquote(urlparse(message.get("url", "")).path))
        if kind is None:  # a message about the run itself, not about a page
            pytest.fail(f"vnu.jar: {message}")
        report[kind].append(message)
    return report


@pytest.fixture(scope="session")
def pages(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every kind of page, made once on data that is rolled back afterwards."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, NEWSROOM_PAGE_SIZE=2):
        cache.clear()
        try:
            with transaction.atomic():
                made = make_every_kind_of_page()
                transaction.set_rollback(True)
        finally:
            cache.clear()
    return made


@pytest.fixture(scope="session")
def checker_report(pages, tmp_path_factory):
    java = shutil.which("java")
    if java is None:
        unavailable("no Java to run the Nu HTML checker: apt-get install default-jre-headless")
    if not VNU_JAR.exists():
        unavailable(f"no {VNU_JAR.relative_to(ROOT)}: run `npm ci --no-audit --no-fund`")
    return run_vnu(java, pages, tmp_path_factory.mktemp("html"))


def described(messages):
    return "\n".join(
        f"  line {message.get('lastLine', '?')}: {message.get('subType', message['type'])}: "
        f"{message['message']}\n    {message.get('extract', '').strip()!r}"
        for message in messages
    )


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_kind_of_page_passes_the_html_checker_without_error_or_warning(checker_report, kind):
    problems = [message for message in checker_report[kind]
                if message["type"] != "info" or message.get("subType") == "warning"]
    if problems:
        pytest.fail(f"{kind}: the Nu HTML checker found\n{described(problems)}", pytrace=False)


def test_the_pages_checked_show_what_their_kind_promises(pages):
    assert set(pages) == set(PAGE_KINDS)
    assert "<picture>" in pages["article with a picture, comments and replies"]
    assert "comment-children" in pages["article with a picture, comments and replies"]
    assert "Please correct the fields marked below." in pages["article with a form error"]
    assert "Your comment is awaiting moderation." in pages["comment posted"]
    assert "(edited)" in pages["article with a picture, comments and replies"]
    assert "Edit your comment" in pages["comment posted"] and "Save changes" in pages["comment edit page"]
    assert "Edit this comment" in pages["comments to edit"]
    assert "Cancel reply" in pages["reply form with a pending comment"]
    assert "Page 2" in pages["section, second page"]
    assert "<mark>Ferry</mark> returns" in pages["search with results"]  # the matched word marked
    assert "Back in a moment" in pages["503"]
    assert "Please tell us what is wrong." in pages["error report refused"]
    assert "Your report has reached the editors" in pages["error report sent"]


def test_time_elements_give_their_moment_to_the_second(pages):
    """HTML allows at most three digits of a second's fraction; Python's times carry six."""
    for kind, page in pages.items():
        for moment in html.fromstring(page).xpath("//time/@datetime"):
            assert W3C_SECONDS.fullmatch(moment), f"{kind}: <time datetime={moment!r}>"


def test_each_comment_is_headed_by_the_name_of_its_author(pages):
    document = html.fromstring(pages["comment posted"])
    comments = document.xpath('//li[contains(@class, "comment")]/article')
    assert len(comments) == 4
    for comment in comments:
        [heading] = comment.xpath("./header/h3")
        assert comment.get("aria-labelledby") == heading.get("id")
        assert heading.text_content() in {"Pat Reader", "Sam", "The Editor", "Jo Reader"}

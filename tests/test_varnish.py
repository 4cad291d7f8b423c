"""Varnish in front of the site, run with deploy/varnish/default.vcl: readers served from it see
every change at once, and nobody is ever served a page that was made for someone else.

The tests start their own varnishd on a free loopback port in front of pytest-django's live
server. Without varnishd they are skipped on a developer's machine and fail in CI (CI=true).
"""

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

from articles.models import Article
from articles.preview_links import token_for
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, SectionFactory, UserFactory, comment_post

pytestmark = pytest.mark.django_db(transaction=True)
VCL = Path(__file__).resolve().parent.parent / "deploy" / "varnish" / "default.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def unavailable(reason):
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the Varnish tests must run)", pytrace=False)
    pytest.skip(reason)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def varnishd(live_server, tmp_path_factory):
    """varnishd with the repository's VCL, its backend set to the live server."""
    if not os.access(VARNISHD, os.X_OK):
        unavailable(f"no varnishd at {VARNISHD}: apt-get install varnish varnish-modules")
    folder = tmp_path_factory.mktemp("varnish")
    backend_port = urllib.parse.urlsplit(live_server.url).port
    vcl = folder / "default.vcl"
    vcl.write_text(re.sub(r'(backend default \{\s*\.host = "127\.0\.0\.1";\s*\.port = )"\d+"',
                          rf'\g<1>"{backend_port}"', VCL.read_text()))
    port = free_port()
    log = folder / "varnishd.log"
    process = subprocess.Popen(  # noqa: S603 (a fixed command)
        [VARNISHD, "-F", "-n", str(folder / "work"), "-a", f"127.0.0.1:{port}", "-T", "127.0.0.1:0",
         "-f", str(vcl), "-j", "none", "-s", "malloc,32m"],
        stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    else:
        process.kill()
        unavailable(f"varnishd did not start:\n{log.read_text()[-3000:]}")
    yield {"url": f"http://127.0.0.1:{port}", "work": folder / "work"}
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def edge(varnishd, settings):
    """An empty Varnish, purged by the site."""
    subprocess.run(["varnishadm", "-n", str(varnishd["work"]), "ban", "req.url", "~", "."],  # noqa: S603,S607
                   check=True, capture_output=True)
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_EDGE_PURGE_URLS = [varnishd["url"]]
    settings.NEWSROOM_EDGE_CACHE_SECONDS = 600
    settings.NEWSROOM_COMMENT_MIN_SECONDS = 0
    return varnishd["url"]


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, cookies=None, data=None):
    """(status, headers, body) as a browser with these cookies would get them."""
    body = urllib.parse.urlencode(data).encode() if data else None
    request = urllib.request.Request(url, data=body)  # noqa: S310 (Varnish, in front of the live server)
    if cookies:
        request.add_header("Cookie", "; ".join(f"{name}={value}" for name, value in cookies.items()))
    try:
        response = urllib.request.build_opener(NoRedirects).open(request, timeout=10)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return response.status, response.headers, response.read().decode()


def from_varnish(headers):
    """Varnish names two transactions on a hit: this one and the one that fetched the page."""
    return len(headers["X-Varnish"].split()) == 2


def test_a_public_page_is_kept_by_varnish_with_its_keys_for_varnish_alone(edge):
    article = ArticleFactory(headline="Bridge reopens")
    url = edge + article.get_absolute_url()
    status, headers, body = fetch(url)
    assert status == 200 and "Bridge reopens" in body
    assert "s-maxage" in headers["Cache-Control"] and "public" in headers["Cache-Control"]
    status, headers, again = fetch(url)
    assert from_varnish(headers)
    assert again == body
    assert "Surrogate-Key" not in headers and "xkey" not in headers


def test_an_approved_comment_is_on_the_page_varnish_serves_within_a_second(edge):
    article = ArticleFactory()
    comment = CommentFactory(article=article, status=Comment.Status.PENDING, body="The railings are new.")
    url = edge + article.get_absolute_url()
    fetch(url)
    assert from_varnish(fetch(url)[1])
    comment.approve()
    approved = time.monotonic()
    while "The railings are new." not in fetch(url)[2]:
        assert time.monotonic() - approved < 1, "the approved comment is not on Varnish's page after 1 s"
        time.sleep(0.05)


def test_a_removed_comment_is_gone_from_varnish_at_once(edge):
    article = ArticleFactory()
    comment = CommentFactory(article=article, body="Something libellous.")
    url = edge + article.get_absolute_url()
    fetch(url)
    status, headers, body = fetch(url)
    assert from_varnish(headers) and "Something libellous." in body
    comment.remove()
    assert "Something libellous." not in fetch(url)[2]


def test_what_is_made_for_one_reader_is_never_served_from_varnish_to_another(edge):
    article = ArticleFactory()
    url = edge + article.get_absolute_url()
    fetch(url)
    status, headers, _ = fetch(edge + f"/comments/post/{article.pk}/", data=comment_post(
        article, body="My words, still pending.", author_email="saved.reader@example.org", remember="on"))
    assert status == 302
    cookies = dict(re.findall(r"(newsroom_\w+)=([^;]+)", ", ".join(headers.get_all("Set-Cookie"))))
    assert set(cookies) == {"newsroom_pending", "newsroom_commenter"}
    posted = edge + headers["Location"]
    own_parts = edge + f"/comments/reader/{article.pk}/"

    for _ in range(2):
        status, headers, shared = fetch(url, cookies=cookies)  # the page everyone gets, from Varnish
        assert from_varnish(headers) and "saved.reader@example.org" not in shared
        status, headers, own = fetch(own_parts, cookies=cookies)
        assert "saved.reader@example.org" in own and "My words, still pending." in own
        assert "no-store" in headers["Cache-Control"] and not from_varnish(headers)
        status, headers, own_page = fetch(posted, cookies=cookies)
        assert "My words, still pending." in own_page and not from_varnish(headers)

        status, _, anyone = fetch(own_parts)
        assert "saved.reader@example.org" not in anyone and "My words, still pending." not in anyone
        status, _, anyone = fetch(posted)
        assert status == 404 and "My words, still pending." not in anyone

    staff, user = Client(), UserFactory()
    user.save()  # with its password, which the session is signed with
    staff.force_login(user)
    session = {"sessionid": staff.cookies["sessionid"].value}
    for _ in range(2):
        assert "csrfmiddlewaretoken" in fetch(url, cookies=session)[2]
        assert "csrfmiddlewaretoken" not in fetch(url)[2]


def test_a_missing_page_is_not_kept_so_a_section_created_a_moment_later_is_there(edge):
    url = edge + "/section/gardening/"
    assert fetch(url)[0] == 404
    SectionFactory(name="Gardening", slug="gardening")
    status, _, body = fetch(url)
    assert status == 200 and "Gardening" in body


def test_a_preview_link_is_never_kept_by_varnish_and_stops_at_once_when_withdrawn(edge):
    draft = ArticleFactory(status=Article.Status.DRAFT, headline="Findings not yet public")
    url = edge + f"/preview/shared/{token_for(draft)}/"
    for _ in range(2):
        status, headers, body = fetch(url)
        assert status == 200 and "Findings not yet public" in body
        assert "no-store" in headers["Cache-Control"] and not from_varnish(headers)
    draft.revoke_preview_links()
    status, headers, body = fetch(url)
    assert status == 410 and "Findings not yet public" not in body

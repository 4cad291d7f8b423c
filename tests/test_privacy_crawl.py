"""No commenter's e-mail address reaches any public response, in any form.

The crawler starts where a reader or a robot would (the home page, /robots.txt, /sitemap.xml, a
search, a missing page) and follows every same-site link it is shown: `href`/`src` attributes,
sitemap `<loc>`s, RSS `<link>`s and robots.txt's `Sitemap:` lines. Feeds and sitemaps are found the
way a feed reader or a search engine finds them, so pages added later are crawled without being
named here.
"""

import hashlib
import html
import logging
import re
from urllib.parse import unquote, urljoin, urlparse

import pytest
from django.conf import settings
from django.test import Client

from comments.models import Comment, render_plain_text
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

LINK_ATTRIBUTE = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
LINK_ELEMENT = re.compile(r"<(?:loc|link|guid|comments)>\s*([^<\s]+)\s*</", re.IGNORECASE)
ADDRESS_LIKE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
HEX_RUN = re.compile(r"[0-9a-f]{32,}")
NOT_PAGES = ("/static/", "/media/")
REPLY_FORMS_PER_PAGE = 2  # every "Reply" link opens the same page with a form: a couple will do


def fingerprints(addresses):
    """Each address as written, and the MD5 and SHA-256 that gravatar-like services publish."""
    found = set()
    for address in addresses:
        normal = address.strip().lower()
        found |= {normal, hashlib.md5(normal.encode()).hexdigest(),  # noqa: S324 (what gravatar uses)
                  hashlib.sha256(normal.encode()).hexdigest()}
    return found


def readable(text):
    return unquote(html.unescape(text)).replace("\\u0040", "@").lower()


def leaks(text, secrets):
    """The secrets found anywhere in `text`, even glued to other letters or hex digits."""
    text = readable(text)
    found = set()
    for match in ADDRESS_LIKE.finditer(text):
        candidate = match.group()
        found |= {candidate[start:end] for start in range(len(candidate))
                  for end in range(start + 3, len(candidate) + 1)} & secrets
    for match in HEX_RUN.finditer(text):
        run = match.group()
        windows = {run[start:start + size] for size in (32, 64) for start in range(len(run) - size + 1)}
        found |= windows & secrets
    return found


SITE_HOSTS = {"", "testserver", urlparse(settings.NEWSROOM_SITE_URL).netloc, *settings.ALLOWED_HOSTS}


def same_site(base, raw):
    url = urlparse(urljoin(base, html.unescape(raw.strip())))
    if url.scheme in {"", "http", "https"} and url.netloc in SITE_HOSTS and url.path.startswith("/"):
        return url.path + (f"?{url.query}" if url.query else "")
    return None


def links_in(url, response, body):
    if response.status_code in (301, 302, 303, 307, 308):
        yield response["Location"]
    if response.status_code != 200:
        return
    yield from LINK_ATTRIBUTE.findall(body)
    yield from LINK_ELEMENT.findall(body)
    if url == "/robots.txt":
        sitemaps = [line for line in body.splitlines() if line.lower().startswith("sitemap:")]
        yield from (line.split(":", 1)[1] for line in sitemaps)


def crawl(client, start_urls, limit=3000):
    """Every page reachable from `start_urls`: [(url, response, body)]."""
    queue, seen, reply_forms, responses = list(start_urls), set(), {}, []
    while queue:
        url = queue.pop(0)
        if url in seen or url.startswith(NOT_PAGES):
            continue
        seen.add(url)
        if "replyto=" in url:
            path = url.split("?")[0]
            reply_forms[path] = reply_forms.get(path, 0) + 1
            if reply_forms[path] > REPLY_FORMS_PER_PAGE:
                continue
        assert len(responses) < limit, "the crawl does not end: is a link generated without bound?"
        response = client.get(url)
        body = response.content.decode("utf-8", "replace")
        responses.append((url, response, body))
        for raw in links_in(url, response, body):
            link = same_site(url, raw)
            if link and link not in seen:
                queue.append(link)
    return responses


def create_commenters(articles, editor):
    """1,000 published commenters (top-level and replies), and others no one may see: held, spam,
    removed, on a draft; plus an editor's reply. Returns every address used."""
    def comment(n, address, status="approved", **fields):
        body = f"Remark {n} from a reader."
        return Comment(article=fields.pop("article", articles[n % len(articles)]), author_name=f"Reader {n}",
                       author_email=address, body=body, body_html=render_plain_text(body), status=status,
                       author_url=f"https://reader{n}.example.net/" if n % 3 == 0 else "", **fields)

    published = [f"Reader.{n}@Mail{n % 7}.example.org" for n in range(1000)]
    top_level = Comment.objects.bulk_create(comment(n, address) for n, address in enumerate(published[:900]))
    Comment.objects.bulk_create(
        comment(n, address, article=parent.article, parent=parent, depth=1)
        for n, address, parent in zip(range(900, 1000), published[900:], top_level, strict=False)
    )
    hidden = {status: [f"{status}.{n}@example.com" for n in range(20)]
              for status in ("pending", "spam", "removed")}
    Comment.objects.bulk_create(
        comment(n, address, status=status) for status, addresses in hidden.items()
        for n, address in enumerate(addresses)
    )
    draft = ArticleFactory(status="draft")
    Comment.objects.create(article=draft, author_name="Early", author_email="early@example.com",
                           body="Too soon")
    Comment.objects.create(article=articles[0], parent=top_level[0], author_name="The Editor",
                           author_email=editor.email, body="Thanks, we fixed it.", status="approved",
                           staff_user=editor)
    return [*published, *(a for addresses in hidden.values() for a in addresses), "early@example.com",
            editor.email]


def test_no_commenter_email_or_its_hash_appears_in_any_public_response(caplog):
    sections = [SectionFactory() for _ in range(3)]
    tags = [TagFactory() for _ in range(2)]
    authors = [AuthorFactory() for _ in range(2)]
    articles = [ArticleFactory(section=sections[n % 3], authors=[authors[n % 2]], tags=tags)
                for n in range(14)]
    secrets = fingerprints(create_commenters(articles, UserFactory(email="desk.editor@newsroom.example")))

    with caplog.at_level(logging.DEBUG):
        responses = crawl(Client(), ["/", "/robots.txt", "/sitemap.xml", "/search/?q=story",
                                     "/search/?q=Reader", "/no-such-page/", "/2001/01/01/no-such-story/"])

    crawled = {url for url, _, _ in responses}
    assert {article.get_absolute_url() for article in articles} <= crawled, "every article page was found"
    assert sum("Remark" in body for _, _, body in responses) >= len(articles)
    assert any("Thanks, we fixed it." in body for _, _, body in responses)
    for url, response, body in responses:
        headers = "\n".join(f"{name}: {value}" for name, value in response.items())
        assert not leaks(body, secrets), f"{url} shows a commenter's address"
        assert not leaks(headers, secrets), f"{url} sends a commenter's address in a header"
    for record in caplog.records:
        assert not leaks(record.getMessage(), secrets), f"the log names a commenter: {record.getMessage()}"

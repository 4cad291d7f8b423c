"""No commenter's e-mail address reaches any public response, in any form."""

import hashlib
import html
import re
from urllib.parse import unquote, urljoin, urlparse

import pytest
from django.test import Client

from comments.models import Comment, render_plain_text
from tests.factories import ArticleFactory, AuthorFactory, TagFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"""(?:href|src)=["']([^"']+)["']""")
SITEMAP_LOC = re.compile(r"<loc>([^<]+)</loc>")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
HEX = re.compile(r"[0-9a-fA-F]{32,64}")


def fingerprints(addresses):
    found = set()
    for address in addresses:
        normal = address.strip().lower()
        found |= {normal, hashlib.md5(normal.encode()).hexdigest(),  # noqa: S324 (what gravatar uses)
                  hashlib.sha256(normal.encode()).hexdigest()}
    return found


def leaks(text, secrets):
    readable = unquote(html.unescape(text))
    candidates = {match.lower() for match in EMAIL.findall(readable)}
    candidates |= {match.lower() for match in HEX.findall(readable)}
    return candidates & secrets


def same_site_links(base, body):
    for raw in LINK.findall(body) + SITEMAP_LOC.findall(body):
        url = urlparse(urljoin(base, html.unescape(raw)))
        if url.netloc in {"", "testserver", "127.0.0.1:8000"} and not url.path.startswith("/admin"):
            yield url.path + (f"?{url.query}" if url.query else "")


def crawl(client, start_urls, limit=400):
    seen, queue, responses, reply_forms = set(), list(start_urls), [], 0
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen or url.startswith("/media/") or url.startswith("/static/"):
            continue
        if "replyto=" in url:  # the same article page with a reply form: a few are enough
            reply_forms += 1
            if reply_forms > 5:
                continue
        seen.add(url)
        response = client.get(url)
        body = response.content.decode("utf-8", "replace")
        responses.append((url, response, body))
        if response.status_code == 200:
            queue.extend(link for link in same_site_links(url, body) if link not in seen)
        if url == "/robots.txt":
            queue.extend(urlparse(line.split(":", 1)[1].strip()).path
                         for line in body.splitlines() if line.lower().startswith("sitemap:"))
    return responses


def test_no_commenter_email_or_its_hash_appears_in_any_public_response():
    tags = [TagFactory() for _ in range(2)]
    articles = [ArticleFactory(authors=[AuthorFactory()], tags=tags) for _ in range(5)]
    addresses = [f"reader.{n}@mail{n % 7}.example.org" for n in range(1000)]
    Comment.objects.bulk_create(
        Comment(article=articles[n % 5], author_name=f"Reader {n}", author_email=address,
                body=f"Remark {n}", body_html=render_plain_text(f"Remark {n}"), status="approved")
        for n, address in enumerate(addresses)
    )
    hidden = ["pending.one@example.org", "spam.one@example.org"]
    for address, status in zip(hidden, ["pending", "spam"], strict=True):
        Comment.objects.create(article=articles[0], author_name="Hidden", author_email=address,
                               body=f"Not public {status}", status=status)
    secrets = fingerprints(addresses + hidden)

    responses = crawl(Client(), ["/", "/robots.txt", "/sitemap.xml", "/search/?q=story",
                                 "/no-such-page/", *(a.get_absolute_url() for a in articles)])
    crawled = {url for url, _, _ in responses}
    assert all(a.get_absolute_url() in crawled for a in articles)
    assert sum("Remark" in body for _, _, body in responses) >= 5
    for url, response, body in responses:
        headers = " ".join(f"{k}: {v}" for k, v in response.items())
        assert not leaks(body, secrets), url
        assert not leaks(headers, secrets), url

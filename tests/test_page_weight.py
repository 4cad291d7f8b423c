"""An article with 50 comments reaches a reader in 25 KB or less: HTML and CSS, compressed."""

import gzip

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import ArticleFactory, AuthorFactory, CommentFactory, TagFactory

pytestmark = pytest.mark.django_db

REMARK = (
    "I walked across the bridge this morning and the new lighting makes a real difference after "
    "dark. The council should say how long the repairs to the east steps will take, though: the "
    "detour through the market adds ten minutes for anyone pushing a pram or using a wheelchair. "
)


def test_article_page_with_50_comments_is_under_25_kb_compressed_with_its_stylesheet():
    article = ArticleFactory(body="<p>" + REMARK * 12 + "</p>", authors=[AuthorFactory()],
                             tags=[TagFactory(), TagFactory()])
    threads = [CommentFactory(article=article, body=f"{REMARK} ({n})") for n in range(35)]
    for n in range(15):
        CommentFactory(article=article, parent=threads[n], body=f"Reply {n}: {REMARK}")
    response = Client().get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).count(b'<li id="comment-') == 50
    stylesheet = (settings.BASE_DIR / "static" / "css" / "site.css").read_bytes()
    sent = len(response.content) + len(gzip.compress(stylesheet))
    assert sent <= 25 * 1024, f"{sent:,} bytes"

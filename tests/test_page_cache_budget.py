"""The page cache's own SQL on the embedded default, the database-table cache: a hit is one
statement, and a miss adds at most four to what the page itself needs."""

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from operations.database_cache import CULL_EVERY
from tests.factories import ArticleFactory, AuthorFactory, CommentFactory, SectionFactory, TagFactory
from website import page_cache

pytestmark = pytest.mark.django_db
BOOKKEEPING_BUDGET = 4


@pytest.fixture(autouse=True)
def database_cache(settings):
    """Whatever cache CI configures, measure the embedded default."""
    settings.NEWSROOM_PAGE_CACHE = True
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "operations.database_cache.DatabaseCache", "LOCATION": "newsroom_cache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }}
    call_command("createcachetable", verbosity=0)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site():
    section = SectionFactory(slug="harbour")
    tags = [TagFactory(), TagFactory()]
    articles = [ArticleFactory(section=section, authors=[AuthorFactory()], tags=tags) for _ in range(6)]
    CommentFactory(article=articles[0])
    return articles


def statements(url):
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries]


def own_queries(url):
    """What the page needs with no cache at all."""
    from django.conf import settings

    settings.NEWSROOM_PAGE_CACHE = False
    caches["template_fragments"].clear()  # what each worker keeps, as website.page_cache.kept_until_a_change
    try:
        return len(statements(url))
    finally:
        settings.NEWSROOM_PAGE_CACHE = True


def assert_miss_within_budget(url):
    sql = statements(url)
    assert len(sql) - own_queries(url) <= BOOKKEEPING_BUDGET, "\n".join(sql)
    assert not any("COUNT(*)" in statement for statement in sql)


def test_an_article_page_made_right_after_the_cache_was_emptied_costs_four_statements_more(site):
    url = site[0].get_absolute_url()
    Client().get(url)
    cache.clear()
    page_cache._seen.clear()  # nor does this process remember what the page showed
    assert_miss_within_budget(url)
    hit = statements(url)
    assert len(hit) == 1, hit


def test_a_worker_reads_a_pages_bytes_once_then_each_hit_is_one_statement(site):
    url = site[0].get_absolute_url()
    made = Client().get(url).content
    caches["worker_pages"].clear()  # another worker, which has not served the page yet
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url).content == made
    assert len(queries) == 2
    assert len(statements(url)) == 1


def test_a_page_forgotten_by_an_edit_or_a_comment_is_made_again_within_the_budget(site, editor):
    article = site[0]
    url = article.get_absolute_url()
    Client().get(url)
    article.body = "<p>A corrected story.</p>"
    article.save()
    assert_miss_within_budget(url)
    CommentFactory(article=article, status="pending").approve(by=editor)
    assert_miss_within_budget(url)
    assert len(statements(url)) == 1


def test_the_home_page_after_a_publish_shows_new_cards_within_the_budget(site):
    Client().get("/")
    draft = ArticleFactory(section=site[0].section, status=Article.Status.DRAFT, authors=[AuthorFactory()])
    draft.publish()
    sql = statements("/")
    assert draft.headline in Client().get("/").content.decode()
    assert len(sql) - own_queries("/") <= BOOKKEEPING_BUDGET, "\n".join(sql)


def test_the_cache_table_is_counted_once_every_hundred_writes_not_on_each():
    with CaptureQueriesContext(connection) as queries:
        for number in range(CULL_EVERY * 2):
            cache.set(f"key-{number}", number)
    counts = [query["sql"] for query in queries if "COUNT(*)" in query["sql"]]
    assert len(queries) == CULL_EVERY * 2 + len(counts)
    assert len(counts) == 2


def test_culling_drops_pages_before_the_versions_they_depend_on(settings):
    settings.CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": 50}
    from django.core.cache import caches

    small = caches.create_connection("default")
    small.clear()
    small.set_many({f"a-version-{n}": n for n in range(10)}, timeout=None)
    for number in range(CULL_EVERY):
        small.set(f"z-page-{number}", number, timeout=600)
    assert small.get_many([f"a-version-{n}" for n in range(10)]) == {f"a-version-{n}": n for n in range(10)}
    assert len(small.get_many([f"z-page-{n}" for n in range(CULL_EVERY)])) <= 60


def test_a_key_is_claimed_once_until_it_expires_in_one_statement():
    with CaptureQueriesContext(connection) as queries:
        assert cache.add("comment-token:abc", 1, timeout=60)
        assert not cache.add("comment-token:abc", 2, timeout=60)
    assert len(queries) == 2
    assert cache.get("comment-token:abc") == 1
    cache.set("comment-token:abc", 1, timeout=0)  # as if its minute had passed
    assert cache.add("comment-token:abc", 3, timeout=60)
    assert cache.get("comment-token:abc") == 3


def test_a_readers_own_endpoint_and_the_admin_never_ask_the_page_cache(site, editor):
    article = site[0]
    for url, client in ((f"/comments/reader/{article.pk}/", Client()), ("/admin/", Client())):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert not [query for query in queries if "page-cache" in query["sql"]], url

"""Site search: the database's full-text engine (PostgreSQL or SQLite FTS5), published articles only."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.models import Article
from articles.search import searchable_text
from tests.factories import ArticleFactory, PictureFactory, SectionFactory, jpeg_upload

pytestmark = pytest.mark.django_db


def result_headlines(client, query, **params):
    page = client.get("/search/", {"q": query, **params}).content.decode()
    headlines = re.findall(r'<h3 class="card-title"><a href="[^"]+">(.+?)</a>', page)
    return [re.sub(r"</?mark>", "", headline) for headline in headlines]


def test_a_word_only_in_the_body_is_found(client):
    ArticleFactory(headline="Council meeting", body="<p>The <strong>lighthouse</strong> keeper spoke.</p>")
    ArticleFactory(headline="Weather", body="<p>Rain tomorrow.</p>")
    assert result_headlines(client, "lighthouse") == ["Council meeting"]


def test_a_headline_match_comes_before_ten_body_matches(client):
    for i in range(10):
        ArticleFactory(
            headline=f"Town news {i}", body="<p>Walkers saw the otter near the bridge again.</p>",
            publish_at=timezone.now() - timedelta(minutes=i),
        )
    ArticleFactory(headline="Otter returns to the river", body="<p>Good news for wildlife.</p>",
                   publish_at=timezone.now() - timedelta(days=30))
    headlines = result_headlines(client, "otter")
    assert headlines[0] == "Otter returns to the river"
    assert len(headlines) == 11


def test_a_standfirst_match_comes_before_a_body_match(client):
    ArticleFactory(headline="One", body="<p>A heron was seen.</p>")
    ArticleFactory(headline="Two", standfirst="A heron was seen.", body="<p>Nothing else.</p>",
                   publish_at=timezone.now() - timedelta(days=3))
    assert result_headlines(client, "heron") == ["Two", "One"]


def test_words_are_matched_by_their_stem(client):
    ArticleFactory(headline="Roads", body="<p>The river flooded the lower town.</p>")
    assert result_headlines(client, "flooding") == ["Roads"]


def test_every_word_of_the_query_must_match(client):
    ArticleFactory(headline="Ferry", body="<p>The ferry sails at noon.</p>")
    ArticleFactory(headline="Ferry strike", body="<p>The ferry crew walked out.</p>")
    assert result_headlines(client, "ferry crew") == ["Ferry strike"]


def test_markup_in_the_body_is_not_searchable(client):
    ArticleFactory(
        headline="Links", body='<p><a href="https://example.org/zebra">Read the <em>leaflet</em></a>.</p>'
    )
    assert result_headlines(client, "zebra") == []
    assert result_headlines(client, "href") == []
    assert result_headlines(client, "leaflet") == ["Links"]


def test_words_split_by_tags_are_still_separate_words(client):
    ArticleFactory(headline="Lists", body="<ul><li>apples</li><li>pears</li></ul>")
    assert result_headlines(client, "pears") == ["Lists"]


def test_drafts_and_scheduled_articles_are_never_found(client):
    ArticleFactory(headline="Published badger story", body="<p>badger</p>")
    ArticleFactory(headline="Draft badger story", body="<p>badger</p>", status=Article.Status.DRAFT)
    ArticleFactory(headline="Scheduled badger story", body="<p>badger</p>",
                   publish_at=timezone.now() + timedelta(hours=3))
    assert result_headlines(client, "badger") == ["Published badger story"]


def test_an_edited_article_is_found_by_its_new_words_only(client):
    article = ArticleFactory(headline="Old headline", body="<p>walrus</p>")
    article.headline = "Penguin parade"
    article.body = "<p>A new text.</p>"
    article.save()
    assert result_headlines(client, "walrus") == []
    assert result_headlines(client, "penguin") == ["Penguin parade"]


def test_a_deleted_article_is_no_longer_found(client):
    article = ArticleFactory(headline="Gone tomorrow", body="<p>ephemeral</p>")
    article.delete()
    assert result_headlines(client, "ephemeral") == []


def test_the_snippet_marks_the_words_and_escapes_everything_else(client):
    ArticleFactory(
        headline="Escaping",
        body="<p>The &lt;script&gt;alert(1)&lt;/script&gt; trick and the kestrel &amp; the owl.</p>",
    )
    page = client.get("/search/", {"q": "kestrel"}).content.decode()
    snippet = re.search(r'<p class="snippet">(.*?)</p>', page, re.DOTALL).group(1)
    assert "<mark>kestrel</mark>" in snippet
    assert "&lt;/script&gt;" in snippet
    assert "<script" not in snippet and "</script" not in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0


def test_the_query_stays_in_the_search_box_and_the_page_is_not_indexed(client):
    response = client.get("/search/", {"q": 'otters "and" <b>'})
    page = response.content.decode()
    assert 'name="q" value="otters &quot;and&quot; &lt;b&gt;"' in page
    assert '<meta name="robots" content="noindex' in page


@pytest.mark.parametrize("query", ['"', "*", "NEAR(a b)", "a OR", "-", "col:x", "^", "'", "((", "and not"])
def test_search_syntax_in_the_query_is_read_as_words_not_an_error(client, query):
    ArticleFactory(headline="Anything", body="<p>Plain words.</p>")
    assert client.get("/search/", {"q": query}).status_code == 200


@pytest.mark.parametrize("query", ["-" * 40, "bridge\x00", "\x00", "bridge\x01town", "!!! ??? ---",
                                   "-bridge -"])
def test_punctuation_alone_or_control_characters_in_the_query_give_a_page(client, query):
    ArticleFactory(headline="Bridge town", body="<p>Plain words.</p>")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "Search" in response.content.decode()


def test_results_are_paginated(client, settings):
    settings.NEWSROOM_PAGE_SIZE = 5
    for i in range(7):
        ArticleFactory(headline=f"Puffin {i}", publish_at=timezone.now() - timedelta(hours=i))
    first = result_headlines(client, "puffin")
    second = result_headlines(client, "puffin", page=2)
    assert len(first) == 5 and len(second) == 2
    assert not set(first) & set(second)
    assert client.get("/search/", {"q": "puffin", "page": 3}).status_code == 404


def test_the_queryset_method_is_the_interface_and_annotates_rank_and_snippet():
    ArticleFactory(headline="Seal pups", body="<p>Seal pups on the beach.</p>")
    [article] = Article.objects.published().search("seal")
    assert article.search_rank > 0
    assert "<mark>" in article.search_snippet


def test_articles_written_in_bulk_are_found_once_the_index_is_rebuilt(client):
    section = SectionFactory()
    Article.objects.bulk_create([
        Article(headline="Imported narwhal story", slug="narwhal", section=section,
                status=Article.Status.PUBLISHED, publish_at=timezone.now() - timedelta(hours=1)),
    ])
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert result_headlines(client, "narwhal") == ["Imported narwhal story"]


def test_searchable_text_drops_tags_and_decodes_entities():
    assert searchable_text("<p>Fish &amp; chips</p><p>peas</p>") == "Fish & chips peas"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_postgresql_search_uses_the_gin_index():
    ArticleFactory(headline="Index me", body="<p>walrus</p>")
    # Unfiltered, so that the only index that can answer is the full-text one.
    queryset = Article.objects.search("walrus")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "article_search_idx" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored document is PostgreSQL's")
def test_postgresql_ranks_the_stored_document_without_parsing_each_match_again():
    ArticleFactory(headline="Walrus sighted", body="<p>A walrus on the beach.</p>")
    queryset = Article.objects.search("walrus")
    # Parsing every match to rank it made a common word take seconds (migration 0006).
    assert "to_tsvector" not in str(queryset.query)
    assert [article.headline for article in queryset] == ["Walrus sighted"]
    assert queryset[0].search_rank > 0


def test_search_results_show_each_articles_picture(client):
    ArticleFactory(headline="Lighthouse keeper retires", hero_picture=PictureFactory(
        file=jpeg_upload(size=(1000, 600)), alt_text="The lighthouse"))
    page = client.get("/search/", {"q": "lighthouse"}).content.decode()
    result = page[page.index('class="card search-result"'):]
    assert 'type="image/webp"' in result
    assert " 320w" in result and " 640w" in result


def test_a_word_finds_the_words_it_begins(client):
    ArticleFactory(headline="Riverside footbridge reopens", body="<p>The crossing is open.</p>")
    ArticleFactory(headline="Market day", body="<p>Stalls and music.</p>")
    assert result_headlines(client, "river") == ["Riverside footbridge reopens"]
    assert result_headlines(client, "river foot") == ["Riverside footbridge reopens"]


def test_the_matched_words_are_marked_in_the_headline_and_the_snippet(client):
    ArticleFactory(headline="Riverside footbridge reopens",
                   body="<p>Walkers on the riverside path cheered.</p>")
    page = client.get("/search/", {"q": "river"}).content.decode()
    assert re.search(r'<h3 class="card-title"><a href="[^"]+"><mark>Riverside</mark> footbridge reopens</a>',
                     page)
    assert "<mark>riverside</mark>" in re.search(r'<p class="snippet">(.*?)</p>', page, re.DOTALL).group(1)


def test_the_results_page_has_one_search_box(client):
    ArticleFactory(headline="Ferry")
    page = client.get("/search/", {"q": "ferry"}).content.decode()
    assert page.count('type="search"') == 1
    assert page.count('role="search"') == 1


def test_results_can_be_narrowed_to_a_section_and_dates(client):
    now = timezone.now()
    sport, local = SectionFactory(slug="sport"), SectionFactory(slug="local")
    ArticleFactory(headline="Heron at the match", section=sport, publish_at=now - timedelta(days=1))
    ArticleFactory(headline="Heron in the park", section=local, publish_at=now - timedelta(days=1))
    ArticleFactory(headline="Heron last year", section=local, publish_at=now - timedelta(days=400))
    assert result_headlines(client, "heron", section="sport") == ["Heron at the match"]
    week_ago = timezone.localdate() - timedelta(days=7)
    assert sorted(result_headlines(client, "heron", since=week_ago.isoformat())) == [
        "Heron at the match", "Heron in the park"]
    old_day = timezone.localtime(now - timedelta(days=400)).date().isoformat()
    assert result_headlines(client, "heron", since=old_day, until=old_day) == ["Heron last year"]
    page = client.get("/search/", {"q": "heron", "section": "local"}).content.decode()
    assert '<option value="local" selected>' in page


def test_a_filter_that_makes_no_sense_is_explained_and_the_words_are_kept(client):
    ArticleFactory(headline="Heron")
    dates = {"since": "2026-05-02", "until": "2026-05-01"}
    page = client.get("/search/", {"q": "heron", **dates}).content.decode()
    assert "The end of the range is before its start." in page
    assert 'name="q" value="heron"' in page
    assert result_headlines(client, "heron", section="no-such-section") == ["Heron"]


def test_the_next_page_keeps_the_filters(client, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    section = SectionFactory(slug="local")
    for i in range(3):
        ArticleFactory(headline=f"Puffin {i}", section=section,
                       publish_at=timezone.now() - timedelta(hours=i))
    page = client.get("/search/", {"q": "puffin", "section": "local"}).content.decode()
    assert 'href="?q=puffin&amp;section=local&amp;page=2"' in page

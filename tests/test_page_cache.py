"""Anonymous pages come whole from the shared cache, and are never stale."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Section
from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    SectionFactory,
    comment_post,
)
from website import page_keys

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True


def page(url, **headers):
    return Client().get(url, **headers).content.decode()


def view_queries(url, client=None, **headers):
    """The response, and the SQL run for it apart from the cache's own (the cache may be a table)."""
    with CaptureQueriesContext(connection) as queries:
        response = (client or Client()).get(url, **headers)
    return response, [q["sql"] for q in queries if "newsroom_cache" not in q["sql"]]


def test_second_anonymous_request_is_served_from_the_cache_without_a_query(article):
    url = article.get_absolute_url()
    first, first_queries = view_queries(url)
    second, second_queries = view_queries(url)
    assert first_queries, "the first request renders the page"
    assert second_queries == []
    assert second.status_code == 200
    assert second.content == first.content
    assert "Bridge reopens" in second.content.decode()
    for url in ["/", "/section/harbour/", "/search/?q=bridge", f"/tag/{article.tag_list[0]['slug']}/"]:
        view_queries(url)
        assert view_queries(url)[1] == [], url


def test_saving_an_article_shows_at_once_on_its_page_home_and_section(article):
    urls = [article.get_absolute_url(), "/", "/section/harbour/"]
    for url in urls:
        assert "Bridge reopens" in page(url)
    article.headline = "Bridge reopens after repairs"
    article.save()
    for url in urls:
        assert "Bridge reopens after repairs" in page(url), url


def test_publishing_a_draft_shows_it_at_once_on_home_section_and_related_stories(article, section):
    draft = ArticleFactory(headline="Ferry timetable changes", section=section,
                           status=Article.Status.DRAFT)
    urls = ["/", "/section/harbour/", article.get_absolute_url()]
    for url in urls:
        assert "Ferry timetable changes" not in page(url)
    draft.publish()
    for url in urls:
        assert "Ferry timetable changes" in page(url), url
    draft.unpublish()
    for url in urls:
        assert "Ferry timetable changes" not in page(url), url


def test_renaming_a_section_shows_in_every_page_navigation(article, section):
    assert ">Harbour</a>" in page(article.get_absolute_url())
    section.name = "Waterfront"
    section.save()
    assert ">Waterfront</a>" in page(article.get_absolute_url())
    assert ">Waterfront</a>" in page("/")


def test_approving_and_removing_a_comment_shows_on_the_next_request(article, editor):
    comment = CommentFactory(article=article, status="pending", body="The railings are new.")
    url = article.get_absolute_url()
    assert "The railings are new." not in page(url)
    comment.approve(by=editor)
    assert "The railings are new." in page(url)
    assert "1 comment" in page(url)
    comment.remove(by=editor)
    assert "The railings are new." not in page(url)


def test_editing_a_comment_in_the_admin_shows_on_the_next_request(client, article, editor):
    comment = CommentFactory(article=article, body="Teh bridge is open.")
    url = article.get_absolute_url()
    assert "Teh bridge is open." in page(url)
    client.force_login(editor)
    response = client.post(f"/admin/comments/comment/{comment.pk}/change/", {
        "author_name": comment.author_name, "author_email": comment.author_email, "author_url": "",
        "body": "The bridge is open.",
    })
    assert response.status_code == 302
    anonymous = page(url)
    assert "The bridge is open." in anonymous
    assert "Teh bridge" not in anonymous


def test_a_comment_on_one_article_leaves_cached_the_pages_without_it_or_its_count(article, section):
    other = ArticleFactory(section=section)
    # Held since last month, approved today: it is not one of this week's comments.
    late = CommentFactory(article=article, status="pending", created_at=timezone.now() - timedelta(days=30))
    view_queries(other.get_absolute_url())
    view_queries("/")
    late.approve()
    assert view_queries(other.get_absolute_url())[1] == [], "its related stories show no count"
    home, queries = view_queries("/")
    assert queries and "1 comment" in home.content.decode(), "the home page's card of it does"


def test_a_comment_that_moves_the_weeks_most_commented_shows_in_every_pages_rail(article, section):
    other = ArticleFactory(section=section)
    assert "Most commented this week" not in page(other.get_absolute_url())
    CommentFactory(article=article, status="pending").approve()
    rail = page(other.get_absolute_url())
    assert "Most commented this week" in rail and "1 comment this week" in rail
    assert "1 comment this week" in page("/")


def test_a_scheduled_article_appears_when_its_time_comes_without_any_job(article, section, clock):
    ArticleFactory(headline="Regatta results", section=section,
                   publish_at=timezone.now() + timedelta(minutes=10))
    urls = ["/", "/section/harbour/", article.get_absolute_url()]
    for url in urls:
        assert "Regatta results" not in page(url)
        assert view_queries(url)[1] == [], "cached before the publish time"
    clock.advance(minutes=10, seconds=1)
    for url in urls:
        assert "Regatta results" in page(url), url


def test_the_comment_form_closes_by_itself_on_a_cached_page(settings, section, clock):
    settings.NEWSROOM_COMMENT_CLOSE_AFTER_DAYS = 3
    article = ArticleFactory(section=section, publish_at=timezone.now() - timedelta(days=2, hours=23))
    url = article.get_absolute_url()
    assert "Post Comment" in page(url)
    assert view_queries(url)[1] == []
    clock.advance(hours=1, seconds=1)
    closed = page(url)
    assert "Post Comment" not in closed
    assert "Comments are closed." in closed


def test_staff_bypass_the_cache_and_their_pages_are_never_stored(client, article, editor):
    url = article.get_absolute_url()
    client.force_login(editor)
    staff, staff_queries = view_queries(url, client)
    assert staff_queries
    assert "csrfmiddlewaretoken" in staff.content.decode()
    assert "private" in staff["Cache-Control"] and "no-store" in staff["Cache-Control"]

    anonymous, anonymous_queries = view_queries(url)
    assert anonymous_queries, "the staff page was not stored"
    assert "csrfmiddlewaretoken" not in anonymous.content.decode()
    assert view_queries(url, client)[1], "staff are not served the cached page either"


@pytest.mark.parametrize("header", [
    "sessionid=abc", "a=1; sessionid=abc", "a=1;sessionid=", " sessionid = abc ", "xsessionid=abc",
    "sessionid", 'newsroom_commenter="Jo; sessionid=1"', "session=abc; id=1", "",
])
def test_only_the_session_cookie_as_django_reads_it_makes_a_page_private(header):
    from django.http.cookie import parse_cookie
    from django.test import RequestFactory

    from website.middleware import reads_private_page

    request = RequestFactory().get("/", HTTP_COOKIE=header)
    assert reads_private_page(request) == ("sessionid" in parse_cookie(header))


def test_a_reader_with_a_pending_comment_and_saved_details_gets_the_shared_page(client, article):
    url = article.get_absolute_url()
    shared = Client().get(url).content
    client.post(f"/comments/post/{article.pk}/", comment_post(
        article, body="My own words, still pending.", author_email="private.reader@example.org",
        remember="on",
    ))
    assert Comment.objects.get().status == Comment.Status.PENDING
    own, own_queries = view_queries(url, client)
    assert own_queries == [], "served from the shared cache"
    assert own.content == shared
    reader = client.get(f"/comments/reader/{article.pk}/")
    assert "no-store" in reader["Cache-Control"]
    assert "My own words, still pending." in reader.json()["waiting"][0]["html"]
    assert reader.json()["details"]["author_email"] == "private.reader@example.org"

    for _ in range(2):
        anonymous = page(url)
        assert "My own words, still pending." not in anonymous
        assert "private.reader@example.org" not in anonymous
        assert "awaiting moderation" not in anonymous
    assert Client().get(f"/comments/reader/{article.pk}/").json() | {"token": ""} == {
        "token": "", "details": None, "waiting": [], "editable": []}


def test_the_signed_form_token_of_a_cached_page_is_accepted_once_the_reader_confirms(client, settings,
                                                                                    article):
    settings.NEWSROOM_COMMENT_MIN_SECONDS = 0
    url = article.get_absolute_url()
    page(url)
    cached = page(url)
    token = re.search(r'name="token" value="([^"]+)"', cached).group(1)
    confirm = client.post(f"/comments/post/{article.pk}/", comment_post(article, token=token))
    assert confirm.status_code == 200 and not Comment.objects.exists()
    own_token = re.search(r'name="token" value="([^"]+)"', confirm.content.decode()).group(1)
    response = client.post(f"/comments/post/{article.pk}/", comment_post(article, token=own_token))
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_conditional_requests_get_304_until_the_page_changes(article):
    url = article.get_absolute_url()
    first = Client().get(url)
    assert first["Cache-Control"] == "no-cache"
    etag, last_modified = first["ETag"], first["Last-Modified"]
    not_modified = Client().get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert Client().get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304

    article.headline = "Bridge reopens to cyclists"
    article.save()
    changed = Client().get(url, HTTP_IF_NONE_MATCH=etag, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert changed.status_code == 200
    assert "Bridge reopens to cyclists" in changed.content.decode()
    assert Client().get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200


def test_compressed_and_plain_pages_are_cached_apart(article):
    url = article.get_absolute_url()
    for _ in range(2):
        gzipped = Client().get(url, HTTP_ACCEPT_ENCODING="gzip, br")
        plain = Client().get(url)
        assert gzipped["Content-Encoding"] == "gzip"
        assert not plain.has_header("Content-Encoding")
        assert "Bridge reopens" in plain.content.decode()
        assert "Accept-Encoding" in gzipped["Vary"] and "Accept-Encoding" in plain["Vary"]


def test_missing_pages_are_not_cached():
    for _ in range(2):
        response, queries = view_queries("/section/no-such-section/")
        assert response.status_code == 404
        assert queries


def test_page_cache_off_renders_every_request(settings, article):
    settings.NEWSROOM_PAGE_CACHE = False
    url = article.get_absolute_url()
    view_queries(url)
    response, queries = view_queries(url)
    assert queries
    assert not response.has_header("ETag")


def test_a_section_deleted_leaves_no_page_listing_it(section):
    empty = SectionFactory(name="Obituaries", slug="obituaries")
    assert ">Obituaries</a>" in page("/")
    Section.objects.get(pk=empty.pk).delete()
    assert ">Obituaries</a>" not in page("/")


def test_renaming_an_author_shows_on_the_cards_that_name_them(section):
    author = AuthorFactory(name="Ann Reporter")
    ArticleFactory(section=section, authors=[author])
    assert "Ann Reporter" in page("/section/harbour/")
    author.name = "Ann Editor"
    author.save()
    listing = page("/section/harbour/")
    assert "Ann Editor" in listing
    assert "Ann Reporter" not in listing


@pytest.mark.parametrize("page_cache", [True, False])
def test_a_saved_commenters_details_never_reach_another_readers_form(client, settings, article, page_cache):
    settings.NEWSROOM_PAGE_CACHE = page_cache
    url = article.get_absolute_url()
    page(url)
    client.post(f"/comments/post/{article.pk}/", comment_post(
        article, author_name="Saved Reader", author_email="saved.reader@example.org", remember="on",
    ))
    assert "saved.reader@example.org" not in client.get(url).content.decode()
    assert client.get(f"/comments/reader/{article.pk}/").json()["details"]["author_name"] == "Saved Reader"
    for _ in range(2):
        anonymous = page(url)
        assert "saved.reader@example.org" not in anonymous
        assert 'value="Saved Reader"' not in anonymous


def test_a_page_whose_versions_were_evicted_is_made_again_not_served_stale(article):
    from django.core.cache import cache

    from website import page_keys
    from website.page_cache import _version_key

    url = article.get_absolute_url()
    assert "Bridge reopens" in page(url)
    Article.objects.filter(pk=article.pk).update(headline="Bridge reopens at last")  # no save()
    cache.delete(_version_key(page_keys.article(article.pk)))  # as Redis or the table's culling may do
    assert "Bridge reopens at last" in page(url)


def test_a_page_whose_stored_bytes_were_evicted_is_made_again(article):
    from django.core.cache import cache, caches

    from website.page_cache import _content_key, _seen

    url = article.get_absolute_url()
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"
    cache.delete_many([_content_key(entry_id) for entry_id, _ in _seen.values()])  # as culling may do
    caches["worker_pages"].clear()  # in a worker that never served the page
    again = Client().get(url)
    assert again["X-Page-Cache"] == "miss"
    assert article.headline in again.content.decode()
    assert Client().get(url)["X-Page-Cache"] == "hit"


def _bulk_delete_in_admin(editor, model_path, objects):
    staff = Client()
    staff.force_login(editor)
    response = staff.post(f"/admin/{model_path}/", {
        "action": "delete_selected", "_selected_action": [obj.pk for obj in objects], "post": "yes",
    })
    assert response.status_code == 302, response.content.decode()[:500]


def test_tags_deleted_in_bulk_from_the_admin_leave_no_cached_page_showing_them(article, editor):
    tag = article.tags.get()
    tag_url, article_url = tag.get_absolute_url(), article.get_absolute_url()
    assert tag.name in page(article_url) and Client().get(tag_url).status_code == 200  # now cached
    _bulk_delete_in_admin(editor, "articles/tag", [tag])
    assert Client().get(tag_url).status_code == 404
    assert f'href="{tag_url}"' not in page(article_url)


def test_sections_deleted_in_bulk_from_the_admin_leave_the_navigation(editor):
    SectionFactory(name="Harbour", slug="harbour")
    empty = SectionFactory(name="Gardening", slug="gardening")
    assert "Gardening" in page("/") and Client().get("/section/gardening/").status_code == 200
    _bulk_delete_in_admin(editor, "articles/section", [empty])
    assert "Gardening" not in page("/")
    assert Client().get("/section/gardening/").status_code == 404


def test_a_deleted_author_has_no_page_or_bio_left_in_the_cache(editor):
    author = AuthorFactory(name="Nell Gwyn", slug="nell-gwyn", bio="Reporter at large.")
    url = author.get_absolute_url()
    assert "Reporter at large." in page(url)  # now cached
    staff = Client()
    staff.force_login(editor)
    response = staff.post(f"/admin/articles/author/{author.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    gone = Client().get(url)
    assert gone.status_code == 404
    assert "Reporter at large." not in gone.content.decode()


@pytest.mark.parametrize("shown_before", [True, False], ids=["versions read first", "keys seen once made"])
def test_an_edit_saved_while_the_page_is_made_is_on_the_next_request(article, monkeypatch, shown_before):
    from django.core.cache import cache

    from website import page_cache, views

    url = article.get_absolute_url()
    page(url)
    if shown_before:  # the stored page is out of date: it is made again, its versions read first
        cache.delete(page_cache._version_key(page_keys.article(article.pk)))
    else:  # nothing stored, nor remembered: its keys are only known once it is made
        cache.clear()
        page_cache._seen.clear()
        page_cache.forget(["something-else"])
    render_article = views.render_article

    def editor_saves_meanwhile(*args, **kwargs):
        response = render_article(*args, **kwargs)
        edited = Article.objects.get(pk=article.pk)
        edited.headline = "Bridge reopens to cyclists"
        edited.save()
        return response

    monkeypatch.setattr(views, "render_article", editor_saves_meanwhile)
    assert "Bridge reopens to cyclists" not in page(url)
    monkeypatch.setattr(views, "render_article", render_article)
    assert "Bridge reopens to cyclists" in page(url)


def test_an_editors_pick_shows_at_once_on_the_cached_page_and_goes_when_unpicked(article, editor):
    comment = CommentFactory(article=article, body="The best account of the reopening.")
    url = article.get_absolute_url()
    assert "Editor’s pick" not in page(url)
    comment.feature(by=editor)
    assert "Editor’s pick" in page(url)
    comment.unfeature(by=editor)
    assert "Editor’s pick" not in page(url)

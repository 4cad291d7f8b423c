"""Moving a WordPress site: `manage.py import_wordpress` with the export WordPress's Tools → Export
writes (tests/data/wordpress_export.xml: WXR 1.2, posts in every status, threaded comments in every
status, pingbacks, a page, a menu item, attachments), and what WordPress's own importer handles:
WXR 1.0 (tests/data/wordpress_wxr_1_0.xml), WordPress.com's picture host, a second site.

The behaviours checked on both this export and the one a real WordPress wrote
(tests/test_import_real_wordpress.py) are checked here, once, on each."""

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from PIL import Image

from articles.models import Article, ArticleRedirect, Author, ImportedImage, Picture, Section, Tag
from comments.models import Comment
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
EXPORT = DATA / "wordpress_export.xml"
REAL_EXPORT = DATA / "wordpress_real_export.xml"
WXR_1_0_EXPORT = DATA / "wordpress_wxr_1_0.xml"
COMMENTER_EMAILS = [
    "ann.reader@example.org", "bob.walker@example.org", "zoe.commenter@example.org",
    "carl.waiting@example.org", "spammer@spam.example", "dave.binned@example.org",
    "eve.sneaky@example.org",
]


def run_import(path=EXPORT, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def export_text():
    return EXPORT.read_text(encoding="utf-8")


def write_export(tmp_path, text, name="export.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def small_export(tmp_path, *items, site="https://small.example"):
    """A WXR 1.2 export of the site at `site` holding `items` (see `post`)."""
    return write_export(tmp_path, f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
    xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>A small site</title><link>{site}</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{site}</wp:base_site_url><wp:base_blog_url>{site}</wp:base_blog_url>
{"".join(items)}
</channel></rss>""")


def post(post_id, title, *terms, link=""):
    """A published post of `small_export`; each term is (domain, slug, name)."""
    categories = "".join(f'<category domain="{domain}" nicename="{slug}"><![CDATA[{name}]]></category>'
                         for domain, slug, name in terms)
    return f"""<item><title><![CDATA[{title}]]></title><link>{link}</link>
<dc:creator>editor</dc:creator><content:encoded><![CDATA[{title}, in a few words.]]></content:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date_gmt>2020-05-04 10:00:00</wp:post_date_gmt>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>{categories}</item>
"""


def article(wordpress_id):
    return Article.objects.get(wordpress_id=wordpress_id)


def write_picture(folder, relative, size=(1600, 1000), colour=(30, 90, 160)):
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, "JPEG")
    return path


@pytest.fixture
def uploads(tmp_path):
    """A copy of the old site's wp-content/uploads, as `--media` expects it."""
    folder = tmp_path / "uploads"
    write_picture(folder, "2019/03/bridge.jpg")
    write_picture(folder, "2019/03/bridge-300x200.jpg", size=(300, 200))
    write_picture(folder, "2019/04/river.jpg", colour=(20, 140, 60))
    write_picture(folder, "2019/04/river-1024x683.jpg", size=(1024, 683), colour=(20, 140, 60))
    return folder


# --- Posts -----------------------------------------------------------------------------------

def test_every_post_status_maps_to_published_scheduled_review_or_draft():
    out, _ = run_import()
    assert ("Articles: 8 — 3 published, 1 scheduled, 1 ready for review, 3 drafts "
            "(8 created, 0 updated, 0 unchanged)") in out
    assert set(Article.objects.published().values_list("wordpress_id", flat=True)) == {101, 106, 107}
    assert list(Article.objects.scheduled().values_list("wordpress_id", flat=True)) == [102]
    assert set(Article.objects.drafts().values_list("wordpress_id", flat=True)) == {103, 105, 108}
    assert [story.wordpress_id for story in Article.objects.waiting_for_review()] == [104]  # "Pending Review"
    assert "Password-protected posts, imported as drafts: 1" in out
    assert not Article.objects.filter(headline="Binned post").exists()


def test_publish_and_modified_times_keep_their_time_zone():
    run_import()
    story = article(101)
    assert story.publish_at == datetime(2019, 3, 5, 9, 30, tzinfo=UTC)
    assert story.updated_at == datetime(2019, 3, 6, 12, 0, tzinfo=UTC)
    assert article(102).publish_at == datetime(2099, 1, 10, 8, 0, tzinfo=UTC)
    # A draft has no UTC time in WordPress: its local time is read in the site's zone (BST in June).
    assert article(103).publish_at == datetime(2019, 6, 1, 11, 0, tzinfo=UTC)


def test_title_excerpt_slug_and_options_come_across():
    run_import()
    story = article(101)
    assert story.headline == "Bridge reopens after two years"
    assert story.standfirst == "The river crossing is open again & traffic flows."
    assert story.slug == "bridge-reopens"
    assert story.featured  # sticky in WordPress
    assert not article(102).comments_enabled  # comments closed in WordPress
    assert article(103).slug == "draft-about-the-park"  # drafts have no post_name yet
    unicode_story = article(106)
    assert unicode_story.headline == "Café naïve — 日本 trip"
    assert unicode_story.slug == "cafe-naive-trip"


def test_a_slug_already_taken_on_the_site_is_made_unique():
    existing = ArticleFactory(slug="town-hall-fire", headline="Our own town hall story")
    run_import()
    assert article(107).slug == "town-hall-fire-2"
    existing.refresh_from_db()
    assert existing.headline == "Our own town hall story"


def test_wordpress_paragraphs_captions_and_shortcodes_become_clean_html():
    run_import()
    body = article(101).body
    assert body.startswith("<p>The river crossing opened at dawn.<br>\nCrowds waited on both banks.</p>")
    assert re.search(r"<figure><a [^>]*><img [^>]*alt=\"The new bridge\"[^>]*></a>"
                     r"<figcaption>The bridge at dawn</figcaption></figure>", body)
    assert "<p>The mayor cut the ribbon at <strong>nine o'clock</strong>.</p>" in body
    for leftover in ("[caption", "[gallery", "[embed", "youtube", "<script", "alert("):
        assert leftover not in body


@pytest.mark.parametrize("export, wordpress_id, opening, kept", [
    (EXPORT, 106, "<p>Our reporter went to Kyōto and drank <em>matcha</em>.</p>",
     ["<figcaption>The river in spring</figcaption>"]),
    (REAL_EXPORT, 6, "<p>The Café on the Quay has been named the best independent café", [
        "<h2>A family business</h2>",
        "the judges praised her <em>sernik</em> and the view of the river.</p>",
        "<p>We never expected this. We just bake what our mother baked.</p>",
        "<cite>Marta Kowalczyk</cite></blockquote>",  # the quote block's attribution
    ]),
])
def test_block_editor_comments_are_dropped_and_its_markup_kept(export, wordpress_id, opening, kept):
    run_import(export)
    body = article(wordpress_id).body
    assert "wp:" not in body and "<!--" not in body
    assert body.startswith(opening)
    for markup in kept:
        assert markup in body


def test_text_that_looks_like_cdata_in_a_post_or_comment_is_kept(tmp_path, client):
    # WordPress's exporter writes "]]>" inside a CDATA section as "]]]]><![CDATA[>".
    escaped = "Content with nested <![CDATA[ tags ]]]]><![CDATA[> :)"
    text = export_text().replace(
        "Firefighters were called at four.", f"Firefighters were called at four.\n\n{escaped}"
    ).replace("<![CDATA[Lovely piece — 素晴らしい!]]>", f"<![CDATA[Lovely piece. {escaped}]]>")
    run_import(write_export(tmp_path, text))
    fire = article(107)
    assert "<p>Content with nested &lt;![CDATA[ tags ]]&gt; :)</p>" in fire.body
    page = client.get(fire.get_absolute_url()).content.decode()
    assert "Content with nested &lt;![CDATA[ tags ]]&gt; :)" in page
    lovely = Comment.objects.get(wordpress_id=1010)
    assert lovely.body == "Lovely piece. Content with nested <![CDATA[ tags ]]> :)"


# --- Sections, tags, authors -----------------------------------------------------------------

def test_first_category_is_the_section_and_the_rest_are_tags():
    out, _ = run_import()
    story = article(101)
    assert story.section.name == "News"
    assert sorted(story.tags.values_list("name", flat=True)) == ["Bridges", "Café culture", "Transport"]
    assert article(107).section.name == "News"  # Uncategorized beside a real category is ignored
    assert article(106).section.name == "Uncategorized"
    assert article(106).section.slug == "uncategorized"
    assert list(article(106).tags.values_list("name", flat=True)) == ["日本"]
    assert set(Section.objects.values_list("name", flat=True)) == {"News", "Politics", "Uncategorized"}
    assert Tag.objects.count() == 5
    assert "Sections: 3 (3 created, 0 updated, 0 unchanged)" in out
    assert "Tags: 5 (5 created, 0 updated, 0 unchanged)" in out


def test_two_categories_with_the_same_name_stay_two_sections_and_two_tags(tmp_path):
    # WordPress keeps a category by its slug: "News" under Sport is not "News" under Politics.
    news, sport_news = ("category", "news", "News"), ("category", "news-sport", "News")
    export = small_export(
        tmp_path,
        post(1, "Council meets", news),
        post(2, "Cup final tonight", sport_news),
        post(3, "Budget row", ("category", "politics", "Politics"), news, sport_news),
    )
    out, _ = run_import(export)
    assert article(1).section != article(2).section
    assert {(s.slug, s.name) for s in Section.objects.all()} == {
        ("news", "News"), ("news-sport", "News (news-sport)"), ("politics", "Politics"),
    }
    assert {(t.slug, t.name) for t in article(3).tags.all()} == {
        ("news", "News"), ("news-sport", "News (news-sport)"),
    }
    assert "Sections: 3 (3 created, 0 updated, 0 unchanged)" in out
    sections = {n: article(n).section_id for n in (1, 2, 3)}
    out, _ = run_import(export)
    assert {n: article(n).section_id for n in (1, 2, 3)} == sections
    assert "Sections: 3 (0 created, 0 updated, 3 unchanged)" in out and Tag.objects.count() == 2


def test_post_tags_of_a_wxr_10_export_become_tags():
    # WXR 1.0 (WordPress 3.0 and before) wrote post tags as <category domain="tag">, each twice.
    out, _ = run_import(WXR_1_0_EXPORT)
    assert "(WXR 1.0)" in out and "Articles: 2 — 2 published" in out
    wall = article(14)
    assert wall.section.name == "Harbour"
    assert sorted(wall.tags.values_list("name", flat=True)) == ["Sea defences", "storms"]
    assert sorted(article(17).tags.values_list("slug", flat=True)) == ["ferries", "storms"]
    assert article(17).section.slug == "uncategorized"
    assert "Tags: 3 (3 created, 0 updated, 0 unchanged)" in out


def test_authors_become_bylines_without_accounts_or_passwords():
    out, _ = run_import()
    assert article(101).byline_list == [{"name": "Jane Smith", "slug": "jane-smith"}]
    assert article(106).byline_list == [{"name": "Zoë Ångström", "slug": "zoe-angstrom"}]
    assert set(Author.objects.values_list("name", flat=True)) == {"Jane Smith", "Zoë Ångström", "ghostwriter"}
    assert not Author.objects.filter(user__isnull=False).exists()
    assert not get_user_model().objects.exists()
    assert "Authors: 3 (3 created, 0 updated, 0 unchanged)" in out


def test_an_existing_section_tag_or_author_is_reused():
    news = Section.objects.create(name="News", slug="news", position=1)
    jane = Author.objects.create(name="Jane Smith", slug="jane-smith", bio="Our transport reporter.")
    run_import()
    assert article(101).section == news
    assert article(101).authors.get() == jane
    assert Author.objects.filter(name="Jane Smith").count() == 1


# --- Comments --------------------------------------------------------------------------------

def test_comments_keep_status_thread_author_address_and_time():
    out, _ = run_import()
    assert "Comments: 8 — 5 approved, 1 pending, 1 spam, 1 removed (8 created, 0 updated, 0 unchanged)" in out
    assert "1 pingback" in out and "1 trackback" in out
    comments = {c.wordpress_id: c for c in Comment.objects.all()}
    assert set(comments) == {1001, 1002, 1003, 1004, 1005, 1006, 1009, 1010}
    assert comments[1001].status == Comment.Status.APPROVED
    assert comments[1004].status == Comment.Status.PENDING
    assert comments[1005].status == Comment.Status.SPAM
    assert comments[1006].status == Comment.Status.REMOVED
    assert comments[1002].parent == comments[1001] and comments[1003].parent == comments[1002]
    assert [comments[i].depth for i in (1001, 1002, 1003)] == [0, 1, 2]
    ann = comments[1001]
    assert (ann.author_name, ann.author_email, ann.author_url) == (
        "Ann Reader", "ann.reader@example.org", "https://ann.example"
    )
    assert ann.ip_address == "192.0.2.10"
    assert comments[1002].ip_address == "2001:db8::7"
    assert ann.created_at == datetime(2019, 3, 5, 10, 0, tzinfo=UTC)
    assert ann.article == article(101)


def test_comment_html_becomes_plain_text_and_unsafe_details_are_dropped():
    run_import()
    ann = Comment.objects.get(wordpress_id=1001)
    assert ann.body == "Great news for the valley!\n\nFinally we can walk to the shops."
    assert ann.body_html == "<p>Great news for the valley!</p>\n\n<p>Finally we can walk to the shops.</p>"
    zoe = Comment.objects.get(wordpress_id=1003)
    assert zoe.body == "Très bien — the café by the bridge is open too 👍\nSee you there."
    eve = Comment.objects.get(wordpress_id=1009)
    assert eve.author_name == "Eve Bold"
    assert eve.body == "Nice photo.\n\nSecond & last line"
    assert eve.author_url == ""  # javascript: is no website
    assert eve.ip_address is None


@pytest.mark.parametrize("export, wordpress_id, thread, depth, hidden", [
    (EXPORT, 101, ["Great news for the valley!", "Replying to Ann", "Très bien"], 2,
     ["Held for moderation", "casino bonus", "Binned by a moderator", "Trackback text",
      "the bridge reopened", "steal()"]),
    (REAL_EXPORT, 5, ["At last! I have walked the long way round", "Twenty minutes saved each way",
                      "Is it open to bikes too?", "Bikes have to be pushed across"], 3,
     ["who paid for the new piers?", "replica watches", "riverside walk is back on"]),
    (REAL_EXPORT, 6, ["Their cheesecake is the best thing on the quay ☕",
                      "Marta says the recipe stays a family secret"], 1, ["rude about the owner"]),
])
def test_approved_comments_show_threaded_on_the_article_and_the_others_do_not(
    client, export, wordpress_id, thread, depth, hidden
):
    """`thread`: each comment a reply to the one before, down to `depth` levels of replies."""
    run_import(export)
    page = client.get(article(wordpress_id).get_absolute_url()).content.decode()
    positions = [page.index(words) for words in thread]
    assert positions == sorted(positions)
    assert page[positions[0]:positions[-1]].count('class="comment-children"') == depth
    for words in hidden:
        assert words not in page


def test_pending_comments_wait_in_the_moderation_queue(client, editor):
    run_import()
    assert list(Comment.objects.pending().values_list("wordpress_id", flat=True)) == [1004]
    client.force_login(editor)
    queue = client.get("/admin/comments/comment/", {"status__exact": "pending"}).content.decode()
    assert "Held for moderation" in queue


@pytest.mark.parametrize("export, emails", [
    (EXPORT, [*COMMENTER_EMAILS, "jane.private@old.example", "zoe.private@old.example"]),
    (REAL_EXPORT, [*(f"reader{n}@example.org" for n in range(1, 11)),
                   "hannah.morgan@valley-courier.example", "zoe.angstrom@valley-courier.example"]),
])
def test_no_commenter_or_writer_email_appears_on_any_public_page(client, export, emails):
    run_import(export)
    emails = {*emails, *re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", export.read_text(encoding="utf-8"))}
    published = list(Article.objects.published())
    assert len(published) == 3
    pages = {"/", "/feeds/rss/", "/feeds/comments/rss/", "/sitemap.xml",
             f"/search/?q={published[0].headline.split()[0]}"}
    for story in published:
        local = timezone.localtime(story.publish_at)
        pages |= {story.get_absolute_url(), story.section.get_absolute_url(),
                  f"/{local.year}/", f"/{local.year}/{local.month}/"}
        pages |= {f"/author/{byline['slug']}/" for byline in story.byline_list}
        pages |= {f"/tag/{slug}/" for slug in story.tags.values_list("slug", flat=True)}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        for email in emails:
            assert email not in content, (email, url)


# --- Pictures --------------------------------------------------------------------------------

def test_featured_and_inline_pictures_come_from_the_media_folder(uploads, client):
    out, _ = run_import(EXPORT, "--media", str(uploads))
    story = article(101)
    hero = story.hero_picture  # in the media library, described as WordPress described it
    assert hero.file.name.startswith("articles/")
    assert hero.alt_text == "The new bridge at dawn, seen from the east bank"
    assert hero.caption == "Photo: Ann Reader"
    assert (hero.width, hero.height) == (1600, 1000)
    assert hero.renditions
    assert "old.example" not in story.body  # the captioned picture and its link now live here
    assert re.search(r'<img src="/media/articles/\w+-1280\.jpg"', story.body)
    assert Picture.objects.count() == 2
    shown = re.search(r'<img src="/media/(articles/\w+)-1280\.jpg"', story.body).group(1)
    assert [p.key for p in story.body_pictures.all()] == [shown]  # the library knows where each is used
    assert "old.example" not in article(106).body
    assert "Pictures imported: 2" in out and "Missing media" not in out
    page = client.get(story.get_absolute_url()).content.decode()
    assert "The new bridge at dawn, seen from the east bank" in page


def test_without_media_articles_import_and_the_summary_lists_the_missing_files():
    out, _ = run_import()
    assert article(101).hero_picture is None
    assert "Missing media (no --media folder was given): 2" in out
    assert "2019/03/bridge.jpg" in out and "2019/04/river.jpg" in out


def test_a_file_that_is_not_a_picture_is_refused_and_reported(uploads):
    (uploads / "2019/03/bridge.jpg").write_text("<?php system($_GET['c']); ?>")
    out, _ = run_import(EXPORT, "--media", str(uploads))
    assert article(101).hero_picture is None
    assert "Pictures refused: 1" in out and "2019/03/bridge.jpg: This file is not a valid image" in out


def wordpress_com_export(tmp_path):
    """The export as WordPress.com writes it: pictures on the site's own host, resized by ?w=."""
    text = (
        export_text()
        .replace("https://old.example/wp-content/uploads/", "https://oldgazette.files.wordpress.com/")
        .replace("bridge-300x200.jpg", "bridge.jpg?w=300").replace("river-1024x683.jpg", "river.jpg?w=1024")
    )
    text = re.sub(r"<wp:postmeta>\s*<wp:meta_key><!\[CDATA\[_wp_attached_file.*?</wp:postmeta>", "", text,
                  flags=re.DOTALL)
    assert "wp-content" not in text and "_wp_attached_file" not in text
    return write_export(tmp_path, text)


def test_pictures_on_wordpress_com_come_from_the_media_folder(tmp_path, uploads):
    out, _ = run_import(wordpress_com_export(tmp_path), "--media", str(uploads))
    story = article(101)
    assert (story.hero_picture.width, story.hero_picture.height) == (1600, 1000)
    assert re.search(r'<img src="/media/articles/\w+-1280\.jpg"', story.body)
    for body in Article.objects.values_list("body", flat=True):
        assert "files.wordpress.com" not in body
    assert "Pictures imported: 2" in out and "Missing media" not in out


def test_pictures_on_wordpress_com_are_listed_as_missing_without_the_media_folder(tmp_path):
    out, _ = run_import(wordpress_com_export(tmp_path))
    assert "Missing media (no --media folder was given): 2" in out
    assert "2019/03/bridge.jpg" in out and "2019/04/river.jpg" in out


def test_importing_again_does_not_store_the_pictures_twice(uploads, settings):
    run_import(EXPORT, "--media", str(uploads))
    stored = sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "articles").iterdir())
    hero = article(101).hero_picture
    run_import(EXPORT, "--media", str(uploads))
    assert sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "articles").iterdir()) == stored
    assert article(101).hero_picture == hero
    assert Picture.objects.count() == 2


# --- Old links -------------------------------------------------------------------------------

@pytest.mark.parametrize("export, wordpress_id", [(EXPORT, 101), (REAL_EXPORT, 6)])
def test_old_question_mark_p_links_redirect_to_the_article(client, export, wordpress_id):
    run_import(export)
    response = client.get("/", {"p": str(wordpress_id)})
    assert response.status_code == 301
    assert response["Location"] == article(wordpress_id).get_absolute_url()
    assert client.get("/", {"p": "103"}).status_code == 200  # a draft: the home page, no redirect
    assert client.get("/", {"p": "999"}).status_code == 200


@pytest.mark.parametrize("old_path, wordpress_id", [
    ("/2019/03/05/bridge-reopens/", 101),
    ("/caf%C3%A9-naive-%E6%97%A5%E6%9C%AC-trip/", 106),
    ("/archives/107", 107),
    ("/archives/107/", 107),
])
def test_old_permalinks_redirect_permanently(client, old_path, wordpress_id):
    run_import()
    response = client.get(old_path)
    assert response.status_code == 301
    assert response["Location"] == article(wordpress_id).get_absolute_url()
    assert "Bridge" in client.get(article(101).get_absolute_url()).content.decode()


@pytest.mark.parametrize("plain_link", ["https://old.example/site/?p=1", "https://old.example/site/index.php?p=1"])
def test_a_plain_permalink_does_not_redirect_the_old_site_home(tmp_path, client, plain_link):
    export = small_export(
        tmp_path,
        post(1, "Harbour news", link=plain_link),
        post(2, "Ferry news", link="https://old.example/site/2020/05/04/ferry-news/"),
        site="https://old.example/site",
    )
    out, _ = run_import(export)
    assert [r.old_path for r in ArticleRedirect.objects.all()] == ["/site/2020/05/04/ferry-news/"]
    assert "Old permalinks kept as redirects: 1" in out
    for old_home in ("/site/", "/site/index.php"):
        assert client.get(old_home).status_code == 404
    response = client.get("/site/2020/05/04/ferry-news/")
    assert response.status_code == 301 and response["Location"] == article(2).get_absolute_url()
    response = client.get("/", {"p": "1"})  # the plain permalink itself, on the new site
    assert response.status_code == 301 and response["Location"] == article(1).get_absolute_url()


def test_old_permalink_of_an_unpublished_post_is_not_found_and_other_addresses_still_work(client):
    run_import()
    assert ArticleRedirect.objects.filter(old_path="/2019/06/03/private-staff-note/").exists()
    assert client.get("/2019/06/03/private-staff-note/").status_code == 404
    assert client.get("/no-such-post/").status_code == 404
    response = client.get("/search")
    assert response.status_code == 301 and response["Location"] == "/search/"  # APPEND_SLASH


# --- Importing again -------------------------------------------------------------------------

def counts():
    return (Article.objects.count(), Comment.objects.count(), Author.objects.count(),
            Section.objects.count(), Tag.objects.count(), ArticleRedirect.objects.count())


@pytest.mark.parametrize("export, imported", [
    (EXPORT, (8, 8, 3, 3, 5, 5)), (REAL_EXPORT, (7, 10, 2, 3, 4, 4)),
])
def test_importing_again_duplicates_nothing(export, imported):
    run_import(export)
    assert counts() == imported
    out, _ = run_import(export)
    assert counts() == imported
    articles, comments = imported[:2]
    assert f"drafts (0 created, 0 updated, {articles} unchanged)" in out
    assert f"removed (0 created, 0 updated, {comments} unchanged)" in out


def test_importing_again_applies_what_changed_in_wordpress(tmp_path, client):
    run_import()
    edited = (
        export_text()
        .replace("<![CDATA[Bridge reopens after two years]]>", "<![CDATA[Bridge reopens at last]]>")
        .replace("<![CDATA[Held for moderation: what about cyclists?]]></wp:comment_content>\n"
                 "\t\t\t<wp:comment_approved><![CDATA[0]]>",
                 "<![CDATA[Held for moderation: what about cyclists?]]></wp:comment_content>\n"
                 "\t\t\t<wp:comment_approved><![CDATA[1]]>")
    )
    assert edited.count("Bridge reopens at last") == 1 and "<wp:comment_approved><![CDATA[0]]>" not in edited
    before = counts()
    out, _ = run_import(write_export(tmp_path, edited))
    assert counts() == before
    assert article(101).headline == "Bridge reopens at last"
    assert Comment.objects.get(wordpress_id=1004).status == Comment.Status.APPROVED
    assert "what about cyclists?" in client.get(article(101).get_absolute_url()).content.decode()
    assert "1 ready for review, 3 drafts (0 created, 1 updated, 7 unchanged)" in out
    assert "1 removed (0 created, 1 updated, 7 unchanged)" in out


def another_site(text, host="https://other.example"):
    """The export as another site would write it: same post and comment ids, other posts."""
    return (
        text.replace("https://old.example", host)
        .replace("<title><![CDATA[", "<title><![CDATA[Other site: ")
        .replace("<wp:post_name><![CDATA[", "<wp:post_name><![CDATA[other-")
    )


def test_another_site_with_the_same_ids_gets_articles_and_comments_of_its_own(tmp_path, client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "old.example", "www.other.example"]
    run_import()
    out, _ = run_import(write_export(tmp_path, another_site(export_text())))
    assert "drafts (8 created, 0 updated, 0 unchanged)" in out
    assert "removed (8 created, 0 updated, 0 unchanged)" in out
    ours, theirs = (Article.objects.get(wordpress_id=101, wordpress_site=site)
                    for site in ("old.example", "other.example"))
    assert ours.headline == "Bridge reopens after two years"
    assert theirs.headline == "Other site: Bridge reopens after two years"
    assert ours.comments.count() == theirs.comments.count() == 7
    assert Comment.objects.filter(wordpress_id=1001).count() == 2
    # /?p=101 on the host each old site had, once its domain leads here; else the first imported.
    for host, expected in (("old.example", ours), ("www.other.example", theirs), ("testserver", ours)):
        response = client.get("/", {"p": "101"}, HTTP_HOST=host)
        assert response["Location"] == expected.get_absolute_url(), host


def test_an_old_permalink_of_one_site_is_not_taken_by_another(tmp_path, client):
    run_import()
    out, _ = run_import(write_export(tmp_path, another_site(export_text())))  # the same paths
    assert "Old permalinks kept as redirects: 0" in out
    assert "Old permalinks left to another site's article: 5" in out
    response = client.get("/2019/03/05/bridge-reopens/")
    ours = Article.objects.get(wordpress_id=101, wordpress_site="old.example")
    assert response.status_code == 301 and response["Location"] == ours.get_absolute_url()


def test_an_import_made_before_sites_were_recorded_is_claimed_by_its_own_site_only(
    tmp_path, uploads, settings
):
    run_import(EXPORT, "--media", str(uploads))
    for model in (Article, Comment, ImportedImage):  # as the migration leaves an earlier import
        model.objects.update(wordpress_site="")
    stored = sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "articles").iterdir())

    out, _ = run_import(write_export(tmp_path, another_site(export_text())))
    assert "drafts (8 created, 0 updated, 0 unchanged)" in out
    assert Article.objects.filter(wordpress_site="").count() == 8
    assert Comment.objects.filter(wordpress_site="").count() == 8
    before = counts()

    out, _ = run_import(EXPORT, "--media", str(uploads))
    assert "drafts (0 created, 8 updated, 0 unchanged)" in out
    assert "removed (0 created, 8 updated, 0 unchanged)" in out
    assert not Article.objects.filter(wordpress_site="").exists()
    assert not Comment.objects.filter(wordpress_site="").exists()
    assert Article.objects.filter(wordpress_site="old.example").count() == 8
    assert Article.objects.get(wordpress_site="old.example", wordpress_id=101).headline == (
        "Bridge reopens after two years"
    )
    assert ImportedImage.objects.filter(wordpress_site="old.example").count() == 2
    assert sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "articles").iterdir()) == stored
    assert counts() == before  # nothing twice


def test_dry_run_reports_everything_and_saves_nothing(uploads, settings):
    out, _ = run_import(EXPORT, "--dry-run", "--media", str(uploads))
    assert "Dry run: nothing was saved." in out
    assert "Articles: 8 — 3 published, 1 scheduled, 1 ready for review, 3 drafts" in out
    assert "Pictures checked: 2" in out
    assert counts() == (0, 0, 0, 0, 0, 0)
    assert not (Path(settings.MEDIA_ROOT) / "articles").exists()


def test_an_older_wxr_11_export_imports_the_same(tmp_path):
    text = export_text().replace("wordpress.org/export/1.2/", "wordpress.org/export/1.1/").replace(
        "<wp:wxr_version>1.2</wp:wxr_version>", "<wp:wxr_version>1.1</wp:wxr_version>"
    )
    out, _ = run_import(write_export(tmp_path, text))
    assert "(WXR 1.1)" in out
    assert ("Articles: 8 — 3 published, 1 scheduled, 1 ready for review, 3 drafts "
            "(8 created, 0 updated, 0 unchanged)") in out
    assert article(101).standfirst == "The river crossing is open again & traffic flows."
    assert Comment.objects.count() == 8


def with_non_ascii_namespaces(text):
    """Namespaces that plugins declare, named by IRIs (not ASCII), on the document and on a post."""
    return text.replace(
        'xmlns:wp="http://wordpress.org/export/1.2/"',
        'xmlns:wp="http://wordpress.org/export/1.2/" xmlns:unicode="http://ëxämplë.com/ünïcödë/"', 1,
    ).replace(
        "<wp:post_id>107</wp:post_id>",
        '<wp:post_id>107</wp:post_id><unicode:field>a</unicode:field><jp:field xmlns:jp="http://例え.jp/">b</jp:field>',
    )


def test_a_namespace_named_with_non_ascii_characters_is_read_like_any_other(tmp_path):
    text = with_non_ascii_namespaces(export_text())
    assert "ëxämplë" in text and "例え" in text
    out, _ = run_import(write_export(tmp_path, text))
    assert ("Articles: 8 — 3 published, 1 scheduled, 1 ready for review, 3 drafts "
            "(8 created, 0 updated, 0 unchanged)") in out
    assert article(107).headline == "Town hall fire"
    assert Comment.objects.count() == 8


def test_the_progress_bar_counts_the_bytes_read():
    _, err = run_import()
    assert "Reading wordpress_export.xml: 100%" in err
    assert f"{EXPORT.stat().st_size / 1024:.1f}k/" in err


# --- Files that are refused ------------------------------------------------------------------

def assert_refused(path, *expected):
    ArticleFactory(slug="already-here")
    before = counts()
    with pytest.raises(CommandError) as refusal:
        run_import(path)
    for words in expected:
        assert words in str(refusal.value)
    assert "nothing was imported" in str(refusal.value)
    assert counts() == before


@pytest.mark.parametrize("namespaces", [str, with_non_ascii_namespaces])
def test_malformed_xml_is_refused_with_its_line_and_changes_nothing(tmp_path, namespaces):
    text = namespaces(export_text())
    line = text[: text.index("<title><![CDATA[Council budget")].count("\n") + 1
    broken = text.replace("<title><![CDATA[Council budget agreed]]></title>",
                          "<title><![CDATA[Council budget agreed]]></titel>")
    assert_refused(write_export(tmp_path, broken), f"line {line}", "not well-formed XML")


def test_a_plain_rss_feed_is_not_a_wordpress_export(tmp_path):
    feed = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Some news site</title><link>https://news.example/</link>
<item><title>A story</title><link>https://news.example/a-story/</link><description>Text</description></item>
</channel></rss>"""
    assert_refused(write_export(tmp_path, feed), "line 3", "not a WordPress export")


def test_another_xml_document_is_not_a_wordpress_export(tmp_path):
    atom = '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'
    assert_refused(write_export(tmp_path, atom), "not a WordPress export")


def test_an_xml_bomb_is_refused_without_expanding_its_entities(tmp_path):
    laughs = "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    )
    bomb = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol0 "lol">{laughs}]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<wp:wxr_version>1.2</wp:wxr_version><item><title>&lol9;</title><wp:post_type>post</wp:post_type></item>
</channel></rss>"""
    assert_refused(write_export(tmp_path, bomb), "DTD", "XML bombs")


def test_an_external_entity_is_never_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xxe = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY leak SYSTEM "file://{secret}">]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<wp:wxr_version>1.2</wp:wxr_version><item><title>&leak;</title></item></channel></rss>"""
    assert_refused(write_export(tmp_path, xxe), "DTD")
    assert not Article.objects.filter(headline__contains="TOP SECRET").exists()


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run_import(tmp_path / "nowhere.xml")


def test_scheduled_import_stays_hidden_until_its_time(client):
    run_import()
    scheduled = article(102)
    assert scheduled.publish_at > timezone.now()
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert "Council budget agreed" not in client.get("/").content.decode()

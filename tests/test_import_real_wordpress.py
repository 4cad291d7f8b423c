"""`manage.py import_wordpress` on an export that a real WordPress wrote: tests/data/
wordpress_real_export.xml came from WordPress 6.1.9's own exporter (Tools → Export, `export_wp()`)
after tests/data/wordpress_real_export.php made the site with WordPress's own API (see its header
to make the file again). Nothing in it was edited by hand.

What that site holds (WordPress ids in brackets):
- posts: 3 published [5 classic editor with a [caption] and <!--more-->, sticky, featured photo;
  6 block editor; 7 by the writer without unfiltered_html, so "&" is stored as &amp;],
  1 draft [8], 1 pending [9], 1 scheduled for 2099 [10], 1 private [11]; 1 page [12];
  1 attachment [4], the photo.
- comments: on 5, an approved thread three replies deep [2 ← 3 ← 4 ← 5], 1 pending [6], 1 spam [7]
  and 1 pingback [8]; on 6, an approved one [9] with the writer's reply [10] and 1 binned [11];
  on 7, an approved one [12] and its reply [13]. WordPress never exports spam: [7] is not in the file.

What both exports show alike (block-editor markup, threaded comments, no e-mail address on a public
page, /?p= links, importing again) is checked in tests/test_import_wordpress.py, on each.
"""

import re
from datetime import UTC, datetime

import pytest
from PIL import Image

from articles.models import Article, Author, Section, Tag
from comments.models import Comment
from tests.test_import_wordpress import REAL_EXPORT, article
from tests.test_import_wordpress import run_import as import_export

pytestmark = pytest.mark.django_db


def run_import(*args):
    return import_export(REAL_EXPORT, *args)[0]


def comment(wordpress_id):
    return Comment.objects.get(wordpress_id=wordpress_id)


# --- Posts -----------------------------------------------------------------------------------

def test_every_post_of_a_real_export_is_published_scheduled_or_a_draft():
    out = run_import()
    assert ("Articles: 7 — 3 published, 1 scheduled, 1 ready for review, 2 drafts "
            "(7 created, 0 updated, 0 unchanged)") in out
    assert set(Article.objects.published().values_list("wordpress_id", flat=True)) == {5, 6, 7}
    assert list(Article.objects.scheduled().values_list("wordpress_id", flat=True)) == [10]
    assert article(10).is_scheduled
    # draft and private stay drafts; WordPress's "Pending Review" waits for an editor here too
    assert set(Article.objects.drafts().values_list("wordpress_id", flat=True)) == {8, 11}
    assert [a.wordpress_id for a in Article.objects.waiting_for_review()] == [9]
    assert article(9).submitted_at == article(9).updated_at  # waiting since WordPress last saw it change
    assert not article(9).is_published
    assert "Skipped: 1 attachment, 1 page, 1 pingback" in out
    assert not Article.objects.filter(headline="About the Courier").exists()


def test_times_are_read_in_utc_and_a_draft_in_the_site_zone():
    run_import()
    assert article(6).publish_at == datetime(2024, 6, 5, 13, 20, tzinfo=UTC)  # 14:20 BST in WordPress
    assert article(7).publish_at == datetime(2024, 2, 28, 18, 0, tzinfo=UTC)
    assert article(7).updated_at == datetime(2024, 2, 28, 18, 0, tzinfo=UTC)
    assert article(10).publish_at == datetime(2099, 7, 18, 8, 0, tzinfo=UTC)
    # WordPress gives a draft no UTC time ('0000-00-00 00:00:00'): 10:00 in London in June.
    assert article(8).publish_at == datetime(2024, 6, 20, 9, 0, tzinfo=UTC)


def test_titles_and_excerpts_that_wordpress_stored_with_entities_read_as_typed():
    run_import()
    budget = article(7)
    assert budget.headline == "Council budget: libraries & pools stay open"
    assert budget.standfirst == "Council tax rises 4.99% & no branch library closes."
    assert budget.slug == "council-budget-libraries-pools-stay-open"
    footbridge = article(5)
    assert footbridge.standfirst == "Eleven months and £1.2m later, walkers can cross the Ashby again."
    assert footbridge.featured  # sticky in WordPress
    assert article(6).headline == "Café on the Quay wins regional award"
    # WordPress leaves a draft's post_name empty: the slug comes from the title.
    assert article(8).slug == "flood-defences-what-the-survey-found"


def test_classic_editor_paragraphs_and_caption_become_html():
    run_import()
    body = article(5).body
    assert body.startswith(
        "<p>The footbridge over the River Ashby reopened at seven this morning, eleven months after "
        "the February floods tore away its central span.<br>\n"
        "Walkers were waiting on both banks before the barriers came down.</p>"
    )
    assert re.search(r'<figure><img [^>]*alt="The repaired footbridge over the River Ashby"[^>]*>'
                     r"<figcaption>The footbridge on its first morning</figcaption></figure>", body)
    assert "<p>The county council spent <strong>£1.2 million</strong> on the repairs," in body
    for leftover in ("[caption", "[/caption]", "<!--"):
        assert leftover not in body


def test_the_more_tag_leaves_no_empty_paragraph():
    run_import()
    assert "<p></p>" not in article(5).body


# --- Sections, tags, authors -----------------------------------------------------------------

def test_categories_become_sections_and_tags_with_their_names_decoded():
    out = run_import()
    # WordPress lists a post's categories by name: "Local News" before its child "Roads & Transport".
    assert article(5).section.name == "Local News"
    assert sorted(article(5).tags.values_list("name", flat=True)) == ["River Ashby", "Roads & Transport"]
    assert article(6).section.name == "Arts"
    assert sorted(article(6).tags.values_list("name", flat=True)) == ["Café culture", "River Ashby"]
    assert article(10).section.slug == "uncategorized"  # WordPress's default category
    assert set(Section.objects.values_list("name", flat=True)) == {"Local News", "Arts", "Uncategorized"}
    assert set(Tag.objects.values_list("slug", flat=True)) == {
        "river-ashby", "roads-transport", "cafe-culture", "council-budget"
    }
    assert "Authors: 2 (2 created, 0 updated, 0 unchanged)" in out
    assert "Sections: 3 (3 created, 0 updated, 0 unchanged)" in out
    assert "Tags: 4 (4 created, 0 updated, 0 unchanged)" in out


def test_the_two_wordpress_writers_become_bylines():
    run_import()
    assert article(5).byline_list == [{"name": "Hannah Morgan", "slug": "hannah-morgan"}]
    assert article(6).byline_list == [{"name": "Zoë Ångström", "slug": "zoe-angstrom"}]
    assert article(9).byline_list == [{"name": "Zoë Ångström", "slug": "zoe-angstrom"}]
    assert set(Author.objects.values_list("slug", flat=True)) == {"hannah-morgan", "zoe-angstrom"}


# --- Comments --------------------------------------------------------------------------------

def test_comments_keep_their_status_and_pingbacks_are_skipped():
    out = run_import()
    assert "Comments: 10 — 8 approved, 1 pending, 1 removed (10 created, 0 updated, 0 unchanged)" in out
    by_status = {
        status: set(Comment.objects.filter(status=status).values_list("wordpress_id", flat=True))
        for status in Comment.Status
    }
    assert by_status[Comment.Status.APPROVED] == {2, 3, 4, 5, 9, 10, 12, 13}
    assert by_status[Comment.Status.PENDING] == {6}
    assert by_status[Comment.Status.REMOVED] == {11}
    # WordPress's exporter leaves spam out (comment_approved <> 'spam'), so none arrives.
    assert by_status[Comment.Status.SPAM] == set()
    assert "replica watches" not in REAL_EXPORT.read_text(encoding="utf-8")
    assert not Comment.objects.filter(wordpress_id__in=[7, 8]).exists()  # the spam, the pingback


def test_replies_nest_three_deep_and_keep_author_address_and_time():
    run_import()
    thread = [comment(i) for i in (2, 3, 4, 5)]
    assert [c.depth for c in thread] == [0, 1, 2, 3]
    assert [c.parent for c in thread] == [None, *thread[:3]]
    assert comment(10).parent == comment(9) and comment(13).parent == comment(12)
    margaret = thread[0]
    assert (margaret.author_name, margaret.author_email, margaret.author_url) == (
        "Margaret Ellis", "reader1@example.org", "https://margaret-ellis.example"
    )
    assert margaret.ip_address == "192.0.2.21" and thread[1].ip_address == "2001:db8::21"
    assert thread[1].author_name == "Tomás Ó Briain"
    assert margaret.created_at == datetime(2024, 3, 12, 9, 10, tzinfo=UTC)
    assert comment(9).created_at == datetime(2024, 6, 5, 15, 5, tzinfo=UTC)  # 16:05 BST
    assert thread[2].body == "Is it open to bikes too?\nThe sign on the east bank says walkers only."
    assert comment(12).body == "Good news for Netherby.\n\nThe budget papers are worth a read."
    assert all(c.article == article(5) for c in thread)


# --- Pictures and old links ------------------------------------------------------------------

def test_the_featured_photo_and_the_captioned_picture_come_from_the_media_folder(tmp_path):
    uploads = tmp_path / "uploads"
    for name, size in (("ashby-footbridge.jpg", (1200, 800)), ("ashby-footbridge-300x200.jpg", (300, 200))):
        (uploads / "2024/03").mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, (40, 90, 60)).save(uploads / "2024/03" / name, "JPEG")
    out = run_import("--media", str(uploads))
    story = article(5)
    hero = story.hero_picture  # in the media library
    assert hero.file.name.startswith("articles/")
    assert (hero.width, hero.height) == (1200, 800)
    assert hero.alt_text == "The repaired footbridge over the River Ashby"
    assert hero.caption == "The footbridge on its first morning"
    assert "valley-courier.example/wp-content" not in story.body
    assert re.search(r'<figure><img src="/media/articles/[^"]+"', story.body)
    assert "Pictures imported: 1" in out and "Missing media" not in out


def test_old_permalinks_redirect_to_the_article(client):
    run_import()
    response = client.get("/2024/03/12/ashby-footbridge-reopens/")
    assert response.status_code == 301 and response["Location"] == article(5).get_absolute_url()
    assert client.get("/2024/05/02/newsroom-rota-for-the-summer/").status_code == 404  # private
    assert client.get(article(10).get_absolute_url()).status_code == 404  # scheduled

"""The editors' desk in a real browser: revisions compared and restored without losing a
correction, a reader's error report turned into a published correction, tags created in place,
and the article form accessible."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, ErrorReport, Tag
from tests.e2e.conftest import HUMAN_PAUSE_SECONDS
from tests.e2e.test_accessibility import assert_accessible
from tests.factories import ArticleFactory, SectionFactory, TagFactory

CORRECTION = "An earlier version gave the vote as five to three."


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def save_body(admin, article, words):
    admin.goto(change_url(article))
    body = admin.locator(".ProseMirror[contenteditable=true]")
    body.click()
    admin.keyboard.press("Control+A")
    admin.keyboard.type(words)
    admin.locator("input[name=_save]").click()
    expect(admin.locator(".messagelist")).to_contain_text("was changed successfully")


def test_an_editor_compares_two_revisions_and_restores_one_keeping_the_correction(editor_page, page):
    article = ArticleFactory(headline="Council vote", slug="council-vote",
                             publish_at=timezone.now() - timedelta(hours=2),
                             body="<p>The council voted five to three.</p>")
    admin = editor_page
    save_body(admin, article, "The council voted five to three.")
    save_body(admin, article, "The council voted six to three.")
    admin.goto(change_url(article))
    admin.get_by_role("button", name="Add another Correction").or_(
        admin.get_by_role("link", name="Add another Correction")).click()
    admin.locator("#id_corrections-0-text").fill(CORRECTION)
    admin.locator("input[name=_save]").click()
    expect(admin.locator(".messagelist")).to_contain_text("was changed successfully")

    admin.goto(change_url(article))
    admin.get_by_role("link", name="History").click()
    labels = admin.locator("#change-history tbody th")
    expect(labels).to_have_count(3)
    expect(labels.nth(1)).to_contain_text("changed body")
    admin.get_by_role("radio", name="Compare from: #1").check()
    admin.get_by_role("radio", name="Compare to: #2").check()
    admin.get_by_role("button", name="Compare the chosen revisions").click()
    change = admin.locator(".revision-changes tbody tr", has_text="Body")
    expect(change.locator("del")).to_have_text("five")
    expect(change.locator("ins")).to_have_text("six")

    admin.get_by_role("link", name="Restore the older revision").click()
    kept = "Restoring keeps the article's 1 published correction"
    expect(admin.locator(".messagelist")).to_contain_text(kept)
    admin.locator("input[name=_save]").click()
    expect(admin.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(article.get_absolute_url())
    expect(page.locator(".story .body")).to_contain_text("five to three")
    expect(page.locator(".corrections")).to_contain_text(CORRECTION)
    admin.goto(f"/admin/articles/article/{article.pk}/history/")
    expect(admin.locator("#change-history tbody th")).to_have_count(4)


def test_a_readers_error_report_becomes_a_published_correction(editor_page, new_context, clock):
    article = ArticleFactory(headline="Night buses to run all week", slug="night-buses",
                             body="<p>The night buses run from Monday.</p>")
    reader = new_context().new_page()
    reader.goto(article.get_absolute_url())
    neighbour = new_context().new_page()
    neighbour.goto(article.get_absolute_url())  # the page is now in the page cache

    reader.get_by_text("Report an error in this story").click()
    reader.locator("form.error-report-form[data-reader-ready=true]").wait_for(state="attached")
    what = reader.get_by_label("What is wrong, and how do you know?")
    what.fill("They start on Sunday: see the timetable.")
    reader.get_by_label("Your email address (optional)").fill("pat.reader@example.org")
    clock.advance(seconds=HUMAN_PAUSE_SECONDS)
    reader.get_by_role("button", name="Send the report").click()
    expect(reader.get_by_role("status")).to_contain_text("Your report has reached the editors")

    admin = editor_page
    admin.goto("/admin/articles/errorreport/")
    admin.get_by_role("link", name="They start on Sunday").click()
    correction = "An earlier version said the night buses start on Monday."
    admin.get_by_label("Correction to publish").fill(correction)
    admin.get_by_role("button", name="Publish as a correction").click()
    expect(admin.locator(".messagelist")).to_contain_text("The reader will be told by mail")
    assert ErrorReport.objects.get().status == ErrorReport.Status.CORRECTED

    neighbour.goto(article.get_absolute_url())
    corrections = neighbour.locator(".corrections")
    expect(corrections).to_contain_text(correction)
    expect(neighbour.locator("body")).not_to_contain_text("pat.reader@example.org")
    expect(neighbour.locator("body")).not_to_contain_text("They start on Sunday")


def test_an_editor_creates_a_tag_by_typing_it(editor_page):
    SectionFactory(name="Local", slug="local")
    TagFactory(name="Transport", slug="transport")
    admin = editor_page
    admin.goto("/admin/articles/article/add/")
    admin.locator("#id_headline").fill("Harbour lamps lit again")
    admin.locator("#id_section").select_option(label="Local")
    search = admin.locator(".field-tags .select2-search__field")
    search.click()
    search.press_sequentially("Transp")
    admin.get_by_role("option", name="Transport").click()
    search.click()
    search.press_sequentially("Harbour lamps")
    admin.get_by_role("option", name="Create the tag “Harbour lamps”").click()
    admin.locator("input[name=_save]").click()
    expect(admin.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get(headline="Harbour lamps lit again")
    assert sorted(article.tags.values_list("name", flat=True)) == ["Harbour lamps", "Transport"]
    assert Tag.objects.get(name="Harbour lamps").slug == "harbour-lamps"


def test_the_article_form_has_no_serious_accessibility_problem(editor_page, axe_script):
    """With less motion asked for, the admin's colours change at once between the two schemes
    axe checks, instead of in a transition it would measure halfway."""
    article = ArticleFactory(tags=[TagFactory()])
    editor_page.emulate_media(reduced_motion="reduce")
    editor_page.goto(change_url(article))
    editor_page.locator(".ProseMirror[contenteditable=true]").wait_for()
    assert_accessible(editor_page, axe_script, "admin-article-form")

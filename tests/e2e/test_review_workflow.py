import re
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory

HEADLINE = "Ferry crews vote to strike over rotas"


def test_writer_submits_for_review_the_editor_is_told_and_publishes(writer_page, editor_page, new_context,
                                                                    editor):
    SectionFactory(name="Local", slug="local")
    writer = writer_page
    writer.goto("/admin/articles/article/add/")
    expect(writer.locator("#id_status option")).to_have_text(["Draft", "Ready for review"])
    writer.locator("#id_headline").press_sequentially(HEADLINE)
    writer.locator("#id_standfirst").fill("The vote closes on Friday; sailings may stop next week.")
    writer.locator("#id_section").select_option(label="Local")
    writer.get_by_role("button", name="Submit for review").click()
    expect(writer.locator(".messagelist")).to_contain_text("Submitted for review: the editors are told.")
    article = Article.objects.get(headline=HEADLINE)
    assert article.status == Article.Status.REVIEW

    [notice] = mail.outbox
    assert notice.to == [editor.email]
    assert HEADLINE in notice.subject
    assert f"/admin/articles/article/{article.pk}/change/" in notice.body

    reader = new_context().new_page()
    reader.goto("/")
    expect(reader.get_by_role("link", name=HEADLINE)).to_have_count(0)

    admin = editor_page
    admin.goto("/admin/")
    admin.get_by_role("link", name="Waiting for review (1)").click()
    admin.get_by_role("link", name=HEADLINE).click()
    expect(admin.locator(".field-review_state")).to_contain_text("Ready for review, submitted by writer")
    admin.locator("#id_status").select_option("published")
    admin.locator("input[name=_save]").click()
    expect(admin.locator(".messagelist")).to_contain_text("was changed successfully")

    reader.goto("/")
    reader.get_by_role("link", name=HEADLINE).first.click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    admin.goto("/admin/")
    expect(admin.get_by_role("link", name="Waiting for review (0)")).to_be_visible()


def test_editor_sends_a_story_back_with_a_note_and_the_writer_resubmits_it(writer_page, editor_page, writer,
                                                                           editor):
    article = ArticleFactory(status=Article.Status.REVIEW, headline=HEADLINE, submitted_by=writer)
    admin = editor_page
    admin.goto(f"/admin/articles/article/{article.pk}/change/")
    admin.get_by_role("link", name="Send back to the writer…").click()
    admin.get_by_label("Note to the writer").fill("Please add the union's figures.")
    admin.get_by_role("button", name="Send back to the writer").click()
    expect(admin.locator(".messagelist")).to_contain_text("went back to its writer")
    expect(admin).to_have_url(re.compile(r"/admin/articles/article/\?state=review$"))
    [notice] = mail.outbox
    assert notice.to == [writer.email] and "Please add the union's figures." in notice.body

    link = re.search(r"Open it: (\S+)", notice.body)[1]
    writer_page.goto(urlsplit(link).path)
    expect(writer_page.locator(".field-review_state")).to_contain_text("Please add the union's figures.")
    writer_page.get_by_role("button", name="Submit for review").click()
    expect(writer_page.locator(".messagelist")).to_contain_text("Submitted for review")
    assert [message.to for message in mail.outbox[1:]] == [[editor.email]]
    admin.goto("/admin/")
    expect(admin.get_by_role("link", name="Waiting for review (1)")).to_be_visible()

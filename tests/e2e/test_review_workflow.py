from django.core import mail
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import SectionFactory

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

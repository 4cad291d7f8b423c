from django.core.files import File
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.conftest import photo_file, pick_from_library
from tests.factories import PictureFactory, SectionFactory

HEADLINE = "Harbour lights return after ten years"
ALT = "The old harbour at dusk, its lamps lit along the quay"


def test_editor_writes_an_article_with_a_photo_previews_it_and_publishes_it(editor_page, new_context,
                                                                            tmp_path):
    SectionFactory(name="Local", slug="local")
    PictureFactory(file=File(photo_file(tmp_path).open("rb"), name="photo.jpg"), alt_text=ALT,
                   caption="Harbour at dusk")
    admin = editor_page
    admin.goto("/admin/articles/article/add/")
    admin.locator("#id_headline").press_sequentially(HEADLINE)
    expect(admin.locator("#id_slug")).to_have_value("harbour-lights-return-after-ten-years")
    admin.locator("#id_standfirst").fill("The quay is lit again, and the town turned out to watch.")
    body = admin.locator(".ProseMirror[contenteditable=true]")
    body.click()
    admin.keyboard.type("The lamps came on at six.")
    admin.keyboard.press("Enter")
    admin.keyboard.type("Fishermen said the harbour had been dark too long.")
    pick_from_library(admin, "hero_picture", "Harbour at dusk")
    admin.locator("#id_section").select_option(label="Local")
    admin.locator("input[name=_continue]").click()
    expect(admin.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get(slug="harbour-lights-return-after-ten-years")
    assert article.status == Article.Status.DRAFT
    assert "<p>The lamps came on at six.</p>" in article.body

    with admin.context.expect_page() as opened:
        admin.get_by_role("link", name="Preview as readers will see it").click()
    preview = opened.value
    expect(preview.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(preview.get_by_role("status")).to_contain_text("a draft — readers cannot see it")
    expect(preview.locator(".story .body")).to_contain_text("Fishermen said the harbour had been dark")
    assert_image_shown(preview.get_by_role("img", name=ALT))
    preview.close()

    reader = new_context().new_page()
    reader.goto("/")
    expect(reader.get_by_role("link", name=HEADLINE)).to_have_count(0)

    admin.locator("#id_status").select_option("published")
    admin.locator("input[name=_save]").click()
    expect(admin.locator(".messagelist")).to_contain_text("was changed successfully")

    reader.goto("/")
    reader.get_by_role("link", name=HEADLINE).first.click()
    expect(reader).to_have_url(f"{article.get_absolute_url()}")
    expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    assert_image_shown(reader.get_by_role("img", name=ALT))
    expect(reader.locator(".story .body p")).to_have_count(2)


def assert_image_shown(image):
    expect(image).to_be_visible()
    loaded = image.evaluate(
        """img => img.complete ? img.naturalWidth > 0 : new Promise(resolve => {
            img.addEventListener("load", () => resolve(img.naturalWidth > 0));
            img.addEventListener("error", () => resolve(false));
        })"""
    )
    assert loaded, "the picture did not load"

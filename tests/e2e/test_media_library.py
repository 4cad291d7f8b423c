"""The media library in a real browser: an editor uploads a photo with its credit, clicks its
subject to set the focal point, uses it as one story's hero and inside another's text; readers
see it in both, and the card's crop is centred on the subject."""

import io

from PIL import Image, ImageDraw
from playwright.sync_api import expect

from articles.models import Article, Picture
from tests.e2e.conftest import ARTIFACTS, pick_from_library
from tests.e2e.test_moderation_desk import assert_accessible  # the admin's, after its colour transitions
from tests.factories import SectionFactory

RED, BLUE = (220, 20, 20), (20, 40, 200)
ALT = "The lighthouse on the point, its lamp red against a blue sky"


def photo_with_subject_off_centre(folder):
    """A wide blue picture with a red disc, the subject, a quarter of the way across."""
    image = Image.new("RGB", (1600, 600), BLUE)
    ImageDraw.Draw(image).ellipse((250, 150, 550, 450), fill=RED)
    path = folder / "lighthouse.jpg"
    image.save(path, "JPEG", quality=95)
    return path


def near(colour, expected, tolerance=50):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def write_article(admin, headline, section="Local"):
    admin.goto("/admin/articles/article/add/")
    admin.locator("#id_headline").fill(headline)
    admin.locator(".ProseMirror[contenteditable=true]").click()
    admin.keyboard.type("The keeper climbed the stairs at dusk.")
    admin.keyboard.press("Enter")
    admin.locator("#id_section").select_option(label=section)
    admin.locator("#id_status").select_option("published")


def test_a_photo_uploaded_once_is_a_hero_and_in_a_body_and_its_card_keeps_the_subject(
    editor_page, new_context, tmp_path, axe_script
):
    SectionFactory(name="Local", slug="local")
    admin = editor_page
    admin.goto("/admin/articles/picture/add/")
    assert_accessible(admin, axe_script)
    admin.get_by_label("File").set_input_files(photo_with_subject_off_centre(tmp_path))
    admin.get_by_label("Alt text").fill(ALT)
    admin.get_by_label("Caption").fill("The lighthouse lit again")
    admin.get_by_label("Credit").fill("Ann Reader")
    admin.get_by_label("Keywords").fill("lighthouse coast")
    admin.locator("input[name=_continue]").click()
    expect(admin.locator(".messagelist")).to_contain_text("was added successfully")

    preview = admin.locator("img.focal-preview")  # click the subject: a quarter across, half down
    box = preview.bounding_box()
    preview.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.5})
    expect(admin.locator("#id_focal_x")).to_have_value("25")
    expect(admin.locator("#id_focal_y")).to_have_value("50")
    assert_accessible(admin, axe_script)
    admin.locator("input[name=_continue]").click()
    expect(admin.locator(".messagelist")).to_contain_text("was changed successfully")
    admin.screenshot(path=ARTIFACTS / "library-picture.png", full_page=True)
    picture = Picture.objects.get()
    assert (picture.focal_x, picture.focal_y, picture.credit) == (25, 50, "Ann Reader")

    admin.goto("/admin/articles/picture/?q=lighthouse")
    expect(admin.get_by_role("link", name="The lighthouse lit again")).to_be_visible()
    assert_accessible(admin, axe_script)
    admin.screenshot(path=ARTIFACTS / "library-list.png")

    write_article(admin, "Lighthouse shines again")
    pick_from_library(admin, "hero_picture", "lighthouse")
    admin.locator("input[name=_continue]").click()
    expect(admin.locator(".messagelist")).to_contain_text("was added successfully")
    expect(admin.get_by_role("img", name=ALT)).to_be_visible()  # the form shows the chosen hero
    admin.get_by_role("img", name=ALT).scroll_into_view_if_needed()
    admin.screenshot(path=ARTIFACTS / "library-hero-in-form.png")

    write_article(admin, "Keepers remember the long nights")
    admin.get_by_role("button", name="Picture from the library").click()
    dialog = admin.get_by_role("dialog", name="Insert a picture from the library")
    dialog.get_by_label("Search by caption, credit or keyword").fill("Ann Reader")
    expect(dialog.get_by_role("status")).to_have_text("1 picture(s) found.")
    assert_accessible(admin, axe_script)
    admin.screenshot(path=ARTIFACTS / "library-picker.png")
    dialog.get_by_role("button", name="The lighthouse lit again (Ann Reader)").click()
    expect(admin.locator(".ProseMirror figure img")).to_have_attribute("alt", ALT)

    admin.get_by_role("button", name="Picture from the library").click()  # a new one, uploaded from here
    dialog.get_by_label("Picture file").set_input_files(photo_with_subject_off_centre(tmp_path))
    dialog.get_by_label("Caption", exact=True).fill("The keepers' cottage")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog.get_by_role("status")).to_have_text("alt text: This field is required.")
    dialog.get_by_label("Alt text (what it shows)").fill("The keepers' cottage below the light")
    dialog.get_by_role("button", name="Upload and insert").click()  # the chosen file was kept
    expect(admin.locator(".ProseMirror figure img")).to_have_count(2)
    expect(dialog).to_be_hidden()
    admin.locator("input[name=_save]").click()
    expect(admin.locator(".messagelist")).to_contain_text("was added successfully")

    hero_story = Article.objects.get(slug="lighthouse-shines-again")
    body_story = Article.objects.get(slug="keepers-remember-the-long-nights")
    assert hero_story.hero_picture == picture
    cottage = Picture.objects.get(caption="The keepers' cottage")
    assert sorted(body_story.body_pictures.all(), key=lambda p: p.pk) == [picture, cottage]

    reader = new_context().new_page()
    reader.goto(body_story.get_absolute_url())
    for alt in (ALT, "The keepers' cottage below the light"):
        in_text = reader.locator(".story .body figure").get_by_role("img", name=alt)
        assert in_text.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0, alt
    expect(reader.locator(".story .body figcaption")).to_have_text(
        ["The lighthouse lit again Picture: Ann Reader", "The keepers' cottage"])

    reader.goto(hero_story.get_absolute_url())
    expect(reader.locator("figure.hero .credit")).to_have_text("Picture: Ann Reader")

    reader.goto("/section/local/")
    card_image = reader.locator(".card", has_text="Lighthouse shines again").locator("img")
    card_image.evaluate("img => img.decode()")
    shot = Image.open(io.BytesIO(card_image.screenshot())).convert("RGB")
    width, height = shot.size
    for dx, dy in [(0, 0), (-0.1, 0), (0.1, 0), (0, -0.1), (0, 0.1)]:
        pixel = shot.getpixel((int(width * (0.5 + dx)), int(height * (0.5 + dy))))
        assert near(pixel, RED), (dx, dy, pixel)  # without the focal point the middle is blue sky

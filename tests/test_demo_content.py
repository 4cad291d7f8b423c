"""The demo site's pictures look like pictures: drawn scenes, varied per story, each captioned."""

from io import BytesIO

from PIL import Image, ImageFilter, ImageStat

from articles import demo_content as demo


def picture(index):
    return Image.open(BytesIO(demo.demo_picture(index, 320, 180).read())).convert("RGB")


def detail(image):
    """How busy the picture is: the mean strength of its edges (a flat placeholder has few)."""
    return ImageStat.Stat(image.convert("L").filter(ImageFilter.FIND_EDGES)).mean[0]


def test_each_demo_picture_is_a_detailed_scene_and_no_two_stories_share_one():
    pictures = [picture(index) for index in range(len(demo.STORIES))]
    for index, image in enumerate(pictures):
        assert image.size == (320, 180)
        assert detail(image) > 8, f"story {index}: detail {detail(image):.1f}, a flat placeholder"
    fingerprints = {image.resize((16, 9)).tobytes() for image in pictures}
    assert len(fingerprints) == len(pictures)


def test_every_demo_picture_has_a_caption_saying_where_and_a_separate_credit():
    for index, (_, _, _, dateline, *_) in enumerate(demo.STORIES):
        caption, credit = demo.picture_caption(index)
        assert dateline in caption
        assert credit and credit not in caption
    assert len({demo.picture_caption(index)[1] for index in range(len(demo.STORIES))}) > 1

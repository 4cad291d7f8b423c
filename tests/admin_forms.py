"""What the article change form posts, so tests can drive the admin as an editor would."""

from django.utils import timezone


def article_form_data(section, **overrides):
    now = timezone.localtime()
    data = {
        "headline": "A new story",
        "slug": "a-new-story",
        "standfirst": "Summary",
        "body": "<p>Body</p>",
        "hero_picture": "",
        "section": section.pk,
        "dateline": "",
        "sources": "",
        "status": "draft",
        "publish_at_0": now.strftime("%Y-%m-%d"),
        "publish_at_1": now.strftime("%H:%M:%S"),
        "comments_enabled": "on",
        "meta_description": "",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data

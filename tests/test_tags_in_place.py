"""Tags are typed in the article form and created there when new (articles/tag_field.py)."""

import lxml.html
import pytest
from django.contrib.auth.models import Permission

from articles.models import Article, Tag
from tests.admin_forms import article_form_data
from tests.factories import TagFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/articles/article/add/"


def add_article(client, section, tags, **changes):
    return client.post(ADD, article_form_data(section, tags=tags, **changes))


def test_a_new_tag_typed_in_the_form_is_created_with_the_article(client, editor, section):
    client.force_login(editor)
    existing = TagFactory(name="Ferries")
    assert add_article(client, section, [str(existing.pk), "new:Harbour lamps"]).status_code == 302
    article = Article.objects.get()
    assert sorted(article.tags.values_list("name", flat=True)) == ["Ferries", "Harbour lamps"]
    assert Tag.objects.get(name="Harbour lamps").slug == "harbour-lamps"


def test_a_typed_tag_that_exists_in_other_capitals_is_reused(client, editor, section):
    client.force_login(editor)
    ferries = TagFactory(name="Ferries", slug="ferries")
    add_article(client, section, ["new:ferries"])
    assert list(Article.objects.get().tags.all()) == [ferries]
    assert Tag.objects.count() == 1


def test_a_new_tag_named_like_a_number_is_never_taken_for_another_tags_id(client, editor, section):
    client.force_login(editor)
    other = TagFactory(name="Elections")
    add_article(client, section, [f"new:{other.pk}"])
    assert list(Article.objects.get().tags.values_list("name", flat=True)) == [str(other.pk)]


def test_a_new_tag_with_the_slug_of_another_gets_a_slug_of_its_own(client, editor, section):
    client.force_login(editor)
    TagFactory(name="Harbour-lamps", slug="harbour-lamps")
    add_article(client, section, ["new:Harbour lamps!"])
    assert Tag.objects.get(name="Harbour lamps!").slug == "harbour-lamps-2"


def test_a_typed_tag_is_kept_when_the_form_comes_back_with_an_error(client, editor, section):
    client.force_login(editor)
    response = add_article(client, section, ["new:Harbour lamps"], headline="")
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    chosen = page.xpath("//select[@name='tags']/option[@selected]")
    shown = [(option.get("value"), option.text) for option in chosen]
    assert shown == [("new:Harbour lamps", "Harbour lamps")]
    assert not Tag.objects.exists()


def test_someone_who_may_not_add_tags_is_told_so_and_loses_nothing(client, section):
    desk = UserFactory()
    desk.save()
    desk.user_permissions.set(Permission.objects.filter(
        content_type__app_label="articles", codename__in=["add_article", "change_article", "view_article",
                                                          "view_tag"]))
    client.force_login(desk)
    response = add_article(client, section, ["new:Harbour lamps"])
    assert response.status_code == 200
    assert "Only editors can create tags: choose existing ones." in response.content.decode()
    assert not Tag.objects.exists() and not Article.objects.exists()


def test_the_tags_field_loads_its_script_after_the_admins_select2(client, editor):
    client.force_login(editor)
    page = lxml.html.fromstring(client.get(ADD).content.decode())
    scripts = [src.split("/static/")[-1] for src in page.xpath("//script/@src")]

    def position(start):
        return next(number for number, src in enumerate(scripts) if src.startswith(start))

    assert position("js/admin_tags") > position("admin/js/vendor/select2/select2")
    assert position("js/admin_tags") > position("admin/js/jquery.init")
    assert page.xpath("//select[@name='tags']/@class") == ["newsroom-tags"]

"""Tags typed in the article form, and created there when new: the admin's own autocomplete
(select2, already in Django) with tagging on. A typed tag that does not exist yet is sent as
"new:<name>" (static/js/admin_tags.js), so a tag named "2024" is never taken for the tag whose
id is 2024; the form creates it when it is valid, reusing a tag of the same name in any case."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.utils.text import slugify

from articles.models import Tag

NEW = "new:"


class TagsWidget(AutocompleteSelectMultiple):
    """The admin's autocomplete, started by admin_tags.js (not Django's autocomplete.js), with
    creation on; a new tag the form brought back after an error is still shown chosen."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["class"] = attrs["class"].replace("admin-autocomplete", "newsroom-tags")
        attrs["data-new-prefix"] = NEW
        attrs["data-allow-clear"] = "false"  # select2 puts its clear button inside the list of tags
        return attrs

    def optgroups(self, name, value, attrs=None):
        new_names = [item for item in value if str(item).startswith(NEW)]
        groups = super().optgroups(name, [item for item in value if item not in new_names], attrs)
        options = groups[0][1] if groups else []
        for item in new_names:
            options.append(self.create_option(name, item, item.removeprefix(NEW), True, len(options)))
        return groups or [(None, options, 0)]

    @property
    def media(self):
        """In one list with the admin's select2 and jQuery, so that the page loads it after them."""
        admin_media = super().media
        return forms.Media(js=[*admin_media._js, "js/admin_tags.js"], css=admin_media._css)


class TagsField(forms.ModelMultipleChoiceField):
    """Cleans to the existing tags chosen; the new ones typed wait in `new_names` until the whole
    form is valid (`with_new_tags`), so a form sent back with an error creates nothing."""

    may_create = True  # the form turns it off for a user without articles.add_tag

    def clean(self, value):
        value = list(value or [])
        self.new_names = [name for name in (str(item).removeprefix(NEW).strip() for item in value
                                            if str(item).startswith(NEW)) if name]
        if self.new_names and not self.may_create:
            raise forms.ValidationError("Only editors can create tags: choose existing ones.")
        return super().clean([item for item in value if not str(item).startswith(NEW)])

    def with_new_tags(self, chosen):
        return [*chosen, *(tag_named(name) for name in getattr(self, "new_names", []))]


def tag_named(name):
    """The tag with this name (whatever its capitals), created if there is none."""
    name = name[:80]
    existing = Tag.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    slug = base = slugify(name)[:72] or "tag"
    number = 2
    while Tag.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return Tag.objects.create(name=name, slug=slug)

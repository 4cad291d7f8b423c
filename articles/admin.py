import reversion
from csp.decorators import csp_update
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminTextareaWidget
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html
from django_prose_editor.fields import ProseEditorFormField
from js_asset import Media
from reversion.admin import VersionAdmin

from articles import error_reports_admin  # noqa: F401 (registers the error reports list)
from articles.models import Article, Author, Byline, Correction, Section, Tag
from articles.picture_admin import LIBRARY_STYLES, PICKER_SCRIPT, PictureAdmin  # noqa: F401 (registers it)
from articles.review import can_publish
from articles.review_admin import PublicationStateFilter, ReviewAdminMixin
from articles.revision_admin import RevisionCompareMixin
from articles.tag_field import TagsField, TagsWidget

BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False},
    "Figure": True,
    "Image": True,
    "Caption": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
    "HTML": True,
}


# The editor (tiptap) adds its base stylesheet as a <style> element without a nonce: the page
# allows exactly that stylesheet by its hash. tests/test_security_headers.py recomputes the hash
# from the installed editor, so an upgrade that changes the stylesheet fails there first.
EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"


class ArticleAdminForm(forms.ModelForm):
    body = ProseEditorFormField(
        config={"extensions": BODY_EDITOR_EXTENSIONS}, required=False, widget=AdminTextareaWidget
    )
    tags = TagsField(queryset=Tag.objects.all(), required=False,
                     widget=TagsWidget(Article._meta.get_field("tags"), admin.site),
                     help_text="Type to find a tag, or to create a new one.")

    class Meta:
        model = Article
        fields = [
            "headline", "slug", "standfirst", "body", "hero_picture",
            "section", "tags", "dateline", "sources", "status", "publish_at", "embargo_until",
            "featured", "top_story_position", "comments_enabled", "comments_close_at",
            "comments_moderation", "comments_note", "meta_description",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["tags"].may_create = user is None or user.has_perm("articles.add_tag")
        # The admin's date and time boxes have no label of their own.
        for name in ("publish_at", "embargo_until", "comments_close_at"):
            date, time = self.fields[name].widget.widgets
            date.attrs["aria-label"] = f"{self.fields[name].label}: date"
            time.attrs["aria-label"] = f"{self.fields[name].label}: time"
        if user is not None and not can_publish(user) and "status" in self.fields:
            self.fields["status"].choices = [(status, status.label) for status in
                                             (Article.Status.DRAFT, Article.Status.REVIEW)]
            self.fields["status"].help_text = "Only editors can publish: submit it for review when ready."

    def _post_clean(self):
        super()._post_clean()
        if not self.errors and "tags" in self.cleaned_data:  # new tags only with a valid article
            self.cleaned_data["tags"] = self.fields["tags"].with_new_tags(self.cleaned_data["tags"])

    def clean_status(self):
        status = self.cleaned_data["status"]
        if (
            self.user is not None
            and status == Article.Status.PUBLISHED
            and not can_publish(self.user)
        ):
            raise forms.ValidationError("Only editors can publish an article.")
        return status


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = "author"
    verbose_name_plural = "authors (in byline order)"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "position":  # a column of the table, with no label of its own
            field.widget.attrs["aria-label"] = "Position in the byline"
        return field


# An article's revisions hold its words and byline, never its corrections: a published correction
# is a public record, so restoring an earlier revision must neither delete nor rewrite one (the
# admin would otherwise follow every inline, corrections included, and roll them back too).
reversion.register(Byline)
# Nor its preview secret: restoring must not bring back preview links that were withdrawn.
reversion.register(Article, follow=["bylines"], exclude=["preview_secret"])


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0


@admin.register(Article)
class ArticleAdmin(ReviewAdminMixin, RevisionCompareMixin, VersionAdmin):
    form = ArticleAdminForm
    list_display = ["title", "status_label", "when", "featured", "top_story_position"]
    list_editable = ["featured", "top_story_position"]
    list_filter = [PublicationStateFilter, "section", "featured", "comments_enabled", "publish_at"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["tags", "hero_picture"]
    readonly_fields = ["hero_preview", "preview_link", "created_at", "updated_at"]
    inlines = [BylineInline, CorrectionInline]
    actions = ["publish_selected", "unpublish_selected", "submit_selected_for_review"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        ("Hero picture", {"fields": ["hero_picture", "hero_preview"]}),
        ("Story details", {"fields": ["section", "tags", "dateline", "sources"]}),
        ("Publishing", {"fields": ["status", "publish_at", "embargo_until", "featured", "top_story_position",
                                   "preview_link", "created_at", "updated_at"]}),
        ("Comments", {"fields": ["comments_enabled", "comments_close_at", "comments_moderation",
                                 "comments_note"]}),
        ("Search engines", {"fields": ["meta_description"], "classes": ["collapse"]}),
    ]

    class Media:
        js = [PICKER_SCRIPT, "js/admin_article_form.js"]
        css = {"all": [*LIBRARY_STYLES["all"], "css/article_admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    @method_decorator(csp_update({"style-src": [EDITOR_STYLE_HASH]}))
    def render_change_form(self, request, context, *args, **kwargs):
        """The body editor's import map is an inline script: it carries this response's CSP nonce."""
        context["media"] = Media.from_media(context["media"]).with_nonce(request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class FormForUser(form_class):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, user=request.user, **form_kwargs)

        return FormForUser

    def revision_view(self, request, object_id, version_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        kept = article.corrections.count() if article else 0
        if kept and request.method == "GET":
            self.message_user(request, f"Restoring keeps the article's {kept} published "
                              f"correction{'s' if kept > 1 else ''}: corrections are never rolled back.",
                              messages.WARNING)
        return super().revision_view(request, object_id, version_id, extra_context)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == Article.Status.PUBLISHED and not can_publish(request.user):
            return False  # writers may read published work but not change it
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == Article.Status.PUBLISHED and not can_publish(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    @admin.display(description="status", ordering="status")
    def status_label(self, article):
        if article.is_scheduled:
            return "Embargoed" if article.is_embargoed else "Scheduled"
        return article.get_status_display()

    @admin.display(description="headline", ordering="headline")
    def title(self, article):
        """The headline, with its section and byline under it: the list's widest column."""
        byline = ", ".join(author.name for author in article.authors.all())
        return format_html('{}<span class="article-list-byline">{}{}</span>', article.headline,
                           article.section.name, f" · {byline}" if byline else "")

    @admin.display(description="publish time", ordering="publish_at")
    def when(self, article):
        local = timezone.localtime(article.publish_at)
        return format_html("{}<br>{}", date_format(local, "j M Y"), date_format(local, "H:i"))

    @admin.display(description="current picture")
    def hero_preview(self, article):
        if not article.hero:
            return "None yet: pick one above, then save."
        picture = article.hero_picture
        height = round(240 * article.hero["crop_height"] / article.hero["crop_width"])
        return format_html('<img src="{}" alt="{}" width="240" height="{}">', article.hero["crop_thumbnail"],
                           picture.alt_text, height)

    @admin.display(description="preview")
    def preview_link(self, article):
        if not article.pk:
            return "Save the article to preview it."
        return format_html('<a href="{}" target="_blank">Preview as readers will see it</a>',
                           reverse("articles:preview", args=[article.pk]))

    def view_on_site(self, article):
        if article.is_published:
            return article.get_absolute_url()
        return reverse("articles:preview", args=[article.pk])

    @admin.action(description="Publish the selected articles now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        count = 0
        for article in queryset:
            article.publish()
            count += 1
        self.message_user(request, f"Published {count} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish the selected articles (back to draft)", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        count = 0
        for article in queryset:
            article.unpublish()
            count += 1
        self.message_user(request, f"Unpublished {count} article(s).", messages.SUCCESS)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    autocomplete_fields = ["user"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

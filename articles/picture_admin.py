"""The media library in the admin: its list (searchable by caption, credit, keywords and alt
text), each picture's page (with where it is used and a focal point set by a click), and the two
small JSON endpoints behind the body editor's "Picture" button: search, and upload."""

from django import forms
from django.contrib import admin, messages
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from articles.pictures import Picture

PICKER_SCRIPT = "js/picture-picker.js"
FOCAL_POINT_SCRIPT = "js/focal-point.js"
LIBRARY_STYLES = {"all": ["css/media-library.css"]}
PICKER_RESULTS = 24


def picture_json(picture):
    return {
        "id": picture.pk, "src": picture.body_source, "thumbnail": picture.sources["crop_thumbnail"],
        "alt": picture.alt_text, "caption": picture.caption, "credit": picture.credit, "label": str(picture),
    }


class PictureForm(forms.ModelForm):
    loses_the_file_on_error = True  # a page sent back never carries the file again

    class Meta:
        model = Picture
        fields = ["file", "alt_text", "caption", "credit", "keywords", "focal_x", "focal_y"]

    def clean(self):
        cleaned = super().clean()
        chosen = self.files.get(self.add_prefix("file"))
        if self.loses_the_file_on_error and chosen and self.errors and "file" not in self.errors:
            self.add_error(None, f"“{chosen.name}” was not stored because of the problem below: "
                                 "correct it, then choose the file again.")
        return cleaned


class PictureUploadForm(PictureForm):
    """The body editor's dialog: it sends the form in the background and keeps the chosen file."""

    loses_the_file_on_error = False

    class Meta(PictureForm.Meta):
        fields = ["file", "alt_text", "caption", "credit", "keywords"]


@admin.register(Picture)
class PictureAdmin(admin.ModelAdmin):
    form = PictureForm
    list_display = ["thumbnail", "caption", "credit", "keywords", "where_used_count", "uploaded_at"]
    list_display_links = ["thumbnail", "caption"]
    search_fields = ["caption", "credit", "keywords", "alt_text"]
    list_per_page = 50
    readonly_fields = ["focal_preview", "where_used"]
    fieldsets = [
        (None, {"fields": ["file", "alt_text", "caption", "credit", "keywords"]}),
        ("Focal point", {
            "fields": ["focal_preview", "focal_x", "focal_y"],
            "description": "Cards and the front page show a crop of the picture centred on this point.",
        }),
        ("Where it is used", {"fields": ["where_used"]}),
    ]

    class Media:
        js = [FOCAL_POINT_SCRIPT]
        css = LIBRARY_STYLES

    def get_queryset(self, request):
        return super().get_queryset(request).with_use_counts()

    def get_search_results(self, request, queryset, search_term):
        return queryset.matching(search_term), False

    def has_change_permission(self, request, obj=None):
        may_publish = request.user.has_perm("articles.publish_article")
        if obj is not None and not may_publish and obj.in_published_work():
            return False  # as with the articles themselves: writers do not change published work
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.hero_of.exists() or obj.in_bodies.exists()):
            return False  # a page would lose its picture: remove it from the articles first
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        used = queryset.with_use_counts().filter(hero_uses=0, body_uses=0)
        kept = queryset.count() - used.count()
        for picture in used:
            picture.delete()
        if kept:
            self.message_user(request, f"{kept} picture(s) kept: articles still use them.", messages.WARNING)

    @admin.display(description="picture")
    def thumbnail(self, picture):
        if not picture.sources:
            return picture.file.name
        return format_html('<img src="{}" alt="{}" width="120" height="90">',
                           picture.sources["crop_thumbnail"], picture.alt_text)

    @admin.display(description="used by")
    def where_used_count(self, picture):
        uses = picture.hero_uses + picture.body_uses
        return f"{uses} article{'s' if uses != 1 else ''}" if uses else "—"

    @admin.display(description="focal point")
    def focal_preview(self, picture):
        if not picture.pk or not picture.sources:
            return "Save the picture first, then click its subject here."
        sources = picture.sources
        return format_html(
            '<img class="focal-preview" src="{}" alt="{}" width="480" height="{}">'
            '<p class="help">Click the subject to move the focal point, then save; the crop keeps it in '
            'the middle.</p><p class="help">The crop cards show now:</p>'
            '<img src="{}" alt="" width="160" height="{}">',
            sources["src"], picture.alt_text, round(480 * picture.height / picture.width),
            sources["crop_thumbnail"], round(160 * sources["crop_height"] / sources["crop_width"]),
        )

    @admin.display(description="articles")
    def where_used(self, picture):
        if not picture.pk:
            return "—"
        uses = [*((article, "hero") for article in picture.hero_of.order_by("-publish_at")),
                *((article, "in the text") for article in picture.in_bodies.order_by("-publish_at"))]
        if not uses:
            return "Not used yet."
        return format_html("<ul>{}</ul>", format_html_join(
            "", '<li><a href="{}">{}</a> ({})</li>',
            ((reverse("admin:articles_article_change", args=[article.pk]), article.headline, role)
             for article, role in uses),
        ))

    def get_urls(self):
        return [
            path("picker/", self.admin_site.admin_view(self.picker_search), name="articles_picture_picker"),
            path("picker/upload/", self.admin_site.admin_view(self.picker_upload),
                 name="articles_picture_picker_upload"),
            *super().get_urls(),
        ]

    def picker_search(self, request):
        """The newest pictures matching `q`, for the body editor's picture dialog."""
        if not self.has_view_permission(request):
            return JsonResponse({"error": "You may not see the library."}, status=403)
        pictures = Picture.objects.matching(request.GET.get("q", ""))[:PICKER_RESULTS]
        return JsonResponse({"pictures": [picture_json(picture) for picture in pictures]})

    def picker_upload(self, request):
        """Store a picture in the library from the body editor's dialog, and answer what to insert."""
        if request.method != "POST":
            return JsonResponse({"error": "Send the picture with POST."}, status=405)
        if not self.has_add_permission(request):
            return JsonResponse({"error": "You may not add pictures to the library."}, status=403)
        form = PictureUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse({"errors": {field: list(errors) for field, errors in form.errors.items()}},
                                status=400)
        picture = form.save()
        self.log_addition(request, picture, [{"added": {}}])
        return JsonResponse({"picture": picture_json(picture)}, status=201)

"""The "Error reports" list for editors: each report linked to its article, and on its page one
button that publishes the correction (ErrorReport.publish_correction)."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from articles.models import Correction, ErrorReport
from articles.review import can_publish

PUBLISH = "_publish_correction"
DISMISS = "_dismiss"


class ErrorReportForm(forms.ModelForm):
    correction_text = forms.CharField(
        label="Correction to publish", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown under the article, dated today: write it as the newsroom's note (it starts as "
                  "the reader's words, which are published only as you leave them here).",
    )
    correction_kind = forms.ChoiceField(label="Publish as", choices=Correction.Kind.choices,
                                        initial=Correction.Kind.CORRECTION)

    class Meta:
        model = ErrorReport
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "correction_text" in self.fields:  # the reader's words, for the editor to rewrite
            self.fields["correction_text"].initial = self.instance.text

    def clean(self):
        cleaned = super().clean()
        if PUBLISH in self.data and not cleaned.get("correction_text", "").strip():
            self.add_error("correction_text", "Write the correction readers will see under the article.")
        return cleaned


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    form = ErrorReportForm
    change_form_template = "admin/articles/errorreport/change_form.html"
    list_display = ["summary", "article_link", "status", "created_at", "address_left"]
    list_filter = ["status", "created_at"]
    list_select_related = ["article"]
    search_fields = ["text", "article__headline"]
    date_hierarchy = "created_at"
    readonly_fields = ["article_link", "text", "reader_email", "created_at", "status", "correction_shown",
                       "handled_by", "handled_at"]
    fields = ["article_link", "text", "reader_email", "created_at", "status", "correction_shown",
              "handled_by", "handled_at", "correction_kind", "correction_text"]

    def has_add_permission(self, request):
        return False  # reports come from readers

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "correction", "handled_by")

    def get_fields(self, request, report=None):
        if report is None or report.status != ErrorReport.Status.NEW or not can_publish(request.user):
            return [name for name in self.fields if name not in ("correction_kind", "correction_text")]
        return self.fields

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_publish_correction"] = (obj is not None and obj.status == ErrorReport.Status.NEW
                                             and can_publish(request.user))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, report, form, change):
        if PUBLISH in request.POST and report.status == ErrorReport.Status.NEW and can_publish(request.user):
            report.publish_correction(form.cleaned_data["correction_text"].strip(), by=request.user,
                                      kind=form.cleaned_data["correction_kind"])
            told = " The reader will be told by mail." if report.reader_email else ""
            self.message_user(request, f"The correction is published under the article.{told}",
                              messages.SUCCESS)
        elif DISMISS in request.POST and report.status == ErrorReport.Status.NEW:
            report.dismiss(by=request.user)

    @admin.display(description="report", ordering="created_at")
    def summary(self, report):
        return Truncator(report.text).chars(90)

    @admin.display(description="article", ordering="article__headline")
    def article_link(self, report):
        change = reverse("admin:articles_article_change", args=[report.article_id])
        return format_html('<a href="{}">{}</a>', change, report.article.headline)

    @admin.display(description="address left", boolean=True)
    def address_left(self, report):
        return bool(report.reader_email)

    @admin.display(description="published correction")
    def correction_shown(self, report):
        if report.correction is None:
            return "—"
        return f"{report.correction.get_kind_display()}: {report.correction.text}"

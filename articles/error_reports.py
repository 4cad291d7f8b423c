"""Readers' reports of an error in a story, and how an editor turns one into a correction.

A report holds what the reader says is wrong and, if they chose to leave one, their address: it
is private (never on a page, a feed or in a log), used once to tell them their report led to a
correction. The form that sends a report is the public site's (website.error_report_views)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.utils import timezone

from articles.models import Article, Correction
from operations.mail import send_later


class ErrorReportQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=ErrorReport.Status.NEW)


class ErrorReport(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        CORRECTED = "corrected", "Corrected"
        DISMISSED = "dismissed", "Dismissed"
        SPAM = "spam", "Spam"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="error_reports")
    text = models.TextField("what is wrong", max_length=2000)
    reader_email = models.EmailField(
        "reader's address", blank=True,
        help_text="Private: only to tell the reader when their report becomes a correction.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(default=timezone.now)
    correction = models.OneToOneField(
        Correction, null=True, blank=True, on_delete=models.SET_NULL, related_name="error_report",
        help_text="The correction this report became.",
    )
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)

    objects = ErrorReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="error_report_status_idx")]

    def __str__(self):
        return f"Error report on “{self.article}”"

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    def publish_correction(self, text, by, kind=Correction.Kind.CORRECTION):
        """One step: the article's correction is published, this report is closed, and the reader
        who left an address is told (once the correction is stored)."""
        with transaction.atomic():
            self.correction = Correction.objects.create(article=self.article, kind=kind, text=text)
            self._close(self.Status.CORRECTED, by)
        if self.reader_email:
            transaction.on_commit(lambda: send_later(self._correction_notice()))
        return self.correction

    def dismiss(self, by):
        self._close(self.Status.DISMISSED, by)

    def _close(self, status, by):
        self.status = status
        self.handled_by = by
        self.handled_at = timezone.now()
        self.save()

    def _correction_notice(self):
        address = f"{settings.NEWSROOM_SITE_URL}{self.article.get_absolute_url()}"
        body = (
            f"Thank you for telling us about an error in “{self.article.headline}”.\n\n"
            f"We have corrected the story and published this note under it:\n\n"
            f"{self.correction.get_kind_display()}: {self.correction.text}\n\n{address}\n\n"
            f"— {settings.NEWSROOM_SITE_NAME}\n"
        )
        return EmailMessage(f"Corrected: {self.article.headline}", body, to=[self.reader_email])

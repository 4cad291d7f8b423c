"""The review workflow: a writer submits a draft for review, an editor publishes or schedules it,
or sends it back to draft with a note. Editors are told by mail when something waits for them,
the writer when it comes back. Publishing itself stays `Article.publish()`, editors only."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from operations.mail import send_later


def can_publish(user):
    """Editors publish, schedule and send back; writers submit for review."""
    return user.has_perm("articles.publish_article")


def new_preview_secret():
    """Part of every preview link's signature: a new one revokes the links given so far."""
    return secrets.token_hex(16)


def _editor_addresses():
    editors = get_user_model().objects.with_perm("articles.publish_article", include_superusers=False,
                                                 backend="django.contrib.auth.backends.ModelBackend")
    return sorted(set(editors.exclude(email="").values_list("email", flat=True)))


def _send(addresses, subject, body):
    for address in addresses:
        send_later(EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [address]))


class ReviewWorkflow:
    """The states an article moves through before readers see it (mixed into Article)."""

    def change_url(self):
        return f"{settings.NEWSROOM_SITE_URL}{reverse('admin:articles_article_change', args=[self.pk])}"

    def submit_for_review(self, by):
        """The writer says it is ready: editors are told. Published work is not submitted again."""
        if self.status == self.Status.PUBLISHED:
            return False
        self.status = self.Status.REVIEW
        self.submitted_by, self.submitted_at = by, timezone.now()
        self.review_note = ""
        self.save()
        waiting = type(self).objects.waiting_for_review().count()
        _send(_editor_addresses(), f"Ready for review: “{self.headline[:80]}”",
              f"{by.get_full_name() or by.get_username()} submitted “{self.headline}” for review.\n\n"
              f"Open it: {self.change_url()}\n\nWaiting for review: {waiting}\n")
        return True

    def send_back(self, note, by):
        """Back to draft, with the editor's note for the writer, who is told by mail."""
        if self.status != self.Status.REVIEW:
            return False
        self.status = self.Status.DRAFT
        self.review_note = note
        self.save()
        writer = self.submitted_by
        if writer is not None and writer.email:
            _send([writer.email], f"Sent back: “{self.headline[:80]}”",
                  f"{by.get_full_name() or by.get_username()} sent “{self.headline}” back to draft "
                  f"with this note:\n\n{note}\n\nOpen it: {self.change_url()}\n")
        return True

    def revoke_preview_links(self):
        """Every preview link given so far stops working (no page shows the secret: no save)."""
        self.preview_secret = new_preview_secret()
        type(self).objects.filter(pk=self.pk).update(preview_secret=self.preview_secret)

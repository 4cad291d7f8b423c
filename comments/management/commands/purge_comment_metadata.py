from django.conf import settings
from django.core.management.base import BaseCommand

from comments.privacy import purge_old_metadata


class Command(BaseCommand):
    help = "Clear commenters' IP addresses and user agents older than the retention period (run daily)."

    def handle(self, **options):
        cleared = purge_old_metadata()
        self.stdout.write(
            f"Cleared IP address and user agent of {cleared} comment(s) older than "
            f"{settings.NEWSROOM_COMMENT_RETENTION_DAYS} days."
        )

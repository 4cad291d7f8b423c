from django.core.management.base import BaseCommand

from comments.notifications import send_digest


class Command(BaseCommand):
    help = "Mail moderators one list of the comments still waiting (daily, with NEWSROOM_MODERATION_DIGEST)."

    def handle(self, *args, **options):
        self.stdout.write(f"Listed {send_digest()} waiting comment(s).")

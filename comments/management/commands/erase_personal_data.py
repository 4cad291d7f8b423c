from django.core.management.base import BaseCommand, CommandError

from articles.models import ErrorReport
from comments.models import Comment
from comments.privacy import erase_personal_data


class Command(BaseCommand):
    help = "Anonymise every comment written with an e-mail address (name, address, website, IP)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, email, yes=False, **options):
        count = Comment.objects.by_email(email).count()
        if not count and not ErrorReport.objects.filter(reader_email__iexact=email.strip()).exists():
            self.stdout.write("No comments were written with that address.")
            return
        if not yes:
            answer = input(f"Erase the personal data of {count} comment(s)? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing erased.")
        erased = erase_personal_data(email)
        self.stdout.write(self.style.SUCCESS(f"Erased the personal data of {erased} comment(s)."))

import json

from django.core.management.base import BaseCommand

from comments.privacy import export_personal_data


class Command(BaseCommand):
    help = "Write, as JSON, every piece of personal data held for a commenter's e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, email, output=None, **options):
        text = json.dumps(export_personal_data(email), indent=2, ensure_ascii=False)
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text + "\n")
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(text)

from django.core.management.base import BaseCommand

from articles.models import Article
from articles.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Index every article for site search afresh (SQLite; PostgreSQL's index needs no help). "
        "Run it after writing articles in bulk, around Article.save()."
    )

    def handle(self, *args, **options):
        count = rebuild_index(Article.objects.all())
        self.stdout.write(f"Indexed {count} articles." if count else "Nothing to do on this database.")

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from importers.wordpress.importer import WordPressImporter
from importers.wordpress.media import UploadsFolder
from importers.wordpress.reader import WXRError, WXRReader

STATUS_ORDER = ["published", "scheduled", "ready for review", "draft"]
COMMENT_ORDER = ["approved", "pending", "spam", "removed"]
ADJECTIVES = {"published", "scheduled", "ready for review", "approved", "pending", "spam", "removed"}


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR, from Tools → Export): posts become articles, with their "
        "comments, authors, categories and tags; old links redirect. Importing again updates."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="the .xml file that WordPress's Tools → Export wrote")
        parser.add_argument("--media", metavar="DIR",
                            help="a copy of the old site's wp-content/uploads, for its pictures")
        parser.add_argument("--dry-run", action="store_true",
                            help="read and check everything, report, then save nothing")

    def handle(self, export, media=None, dry_run=False, verbosity=1, **options):
        path = Path(export)
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if media and not Path(media).is_dir():
            raise CommandError(f"--media {media}: no such folder")
        uploads = UploadsFolder(media, check_only=dry_run)
        importer = WordPressImporter(uploads)
        try:
            with path.open("rb") as raw, self.progress(raw, path, verbosity) as source, transaction.atomic():
                records = WXRReader(source)
                summary = importer.run(records)
                if dry_run:
                    transaction.set_rollback(True)
        except WXRError as error:
            uploads.discard_stored()
            where = f", line {error.line}" if error.line else ""
            raise CommandError(f"{path}{where}: {error} — nothing was imported.") from error
        except BaseException:
            uploads.discard_stored()
            raise
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was saved."))
        self.stdout.write(self.report(path, records.version, summary, uploads))

    def progress(self, raw, path, verbosity):
        """A progress bar on stderr, by bytes read."""
        return tqdm.wrapattr(
            raw, "read", total=path.stat().st_size, desc=f"Reading {path.name}", unit="B",
            unit_scale=True, unit_divisor=1024, file=getattr(self.stderr, "_out", sys.stderr),
            disable=verbosity == 0, mininterval=0.5,
        )

    def report(self, path, version, summary, uploads):
        articles, comments = sum(summary.articles.values()), sum(summary.comments.values())
        lines = [
            f"Imported {path.name} (WXR {version}):",
            f"  Articles: {articles} — {listed(summary.articles, STATUS_ORDER)} "
            f"({changes(summary, 'articles', articles)})",
            f"  Comments: {comments} — {listed(summary.comments, COMMENT_ORDER)} "
            f"({changes(summary, 'comments', comments)})",
            *(f"  {kind.capitalize()}: {len(found)} ({changes(summary, kind, len(found))})"
              for kind, found in (("authors", summary.authors), ("sections", summary.sections),
                                  ("tags", summary.tags))),
            f"  Old permalinks kept as redirects: {summary.redirects}",
            f"  Skipped: {listed(summary.skipped)}",
            f"  Pictures {'checked' if uploads.check_only else 'imported'}: {uploads.imported}",
        ]
        if summary.redirects_of_others:
            lines.append(f"  Old permalinks left to another site's article: {summary.redirects_of_others}")
        if summary.password_protected:
            lines.append(f"  Password-protected posts, imported as drafts: {summary.password_protected}")
        if uploads.missing_count:
            hint = "" if uploads.root else " (no --media folder was given)"
            lines.append(f"  Missing media{hint}: {uploads.missing_count}")
            lines += [f"    {name} — {used_by}" for name, used_by in uploads.missing.items()]
            if uploads.missing_count > len(uploads.missing):
                lines.append(f"    … and {uploads.missing_count - len(uploads.missing)} more")
        if uploads.rejected:
            lines.append(f"  Pictures refused: {len(uploads.rejected)}")
            lines += [f"    {name}: {reason}" for name, reason in uploads.rejected.items()]
        return "\n".join(lines)


def changes(summary, kind, total):
    """"2 created, 1 updated, 5 unchanged": what the import did to the `total` things of a kind."""
    created, updated = summary.created[kind], summary.updated[kind]
    return f"{created} created, {updated} updated, {total - created - updated} unchanged"


def listed(counts, order=()):
    """"3 published, 1 draft" — statuses in their usual order, nouns made plural."""
    keys = [key for key in order if counts[key]] + sorted(key for key in counts if key not in order)
    return ", ".join(f"{counts[key]} {plural(key, counts[key])}" for key in keys) or "none"


def plural(noun, number):
    if number == 1 or noun in ADJECTIVES:
        return noun
    first, _, rest = noun.partition(" (")
    return f"{first}s" + (f" ({rest}" if rest else "")

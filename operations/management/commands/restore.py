"""manage.py restore DIR: put back what `manage.py backup DIR` wrote — the database, then the
media — replacing the current database. Stop the site (or accept that readers may see the old
and new content mixed for a moment) and keep a backup of the present state first."""

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from operations.management.commands.backup import MANIFEST, postgres_environment


class Command(BaseCommand):
    help = "Replace the database and add back the media from a folder written by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask before replacing the database")

    def handle(self, directory, yes=False, **options):
        try:
            manifest = json.loads((directory / MANIFEST).read_text())
        except (OSError, ValueError):
            raise CommandError(f"{directory} holds no backup: {MANIFEST} is missing or unreadable.") from None
        if manifest["engine"] != connection.vendor:
            raise CommandError(f"This backup is of a {manifest['engine']} database, not {connection.vendor}.")
        if not yes:
            answer = input(f"Replace the whole {connection.vendor} database with the backup made at "
                           f"{manifest['made_at']}? Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was changed.")
        self.restore_database(directory / manifest["database"])
        if manifest["media"]:
            shutil.copytree(directory / manifest["media"], settings.MEDIA_ROOT, dirs_exist_ok=True)
        cache.clear()  # cached pages show the content as it was before the restore
        self.stdout.write(f"Restored the database and {manifest['media_files'] or 0} media files "
                          f"from the backup made at {manifest['made_at']}.")

    def restore_database(self, path):
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(path)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
            return
        pg_restore = shutil.which("pg_restore")
        if pg_restore is None:
            raise CommandError("pg_restore is missing (Debian: apt-get install postgresql-client).")
        try:
            subprocess.run(  # noqa: S603 (fixed arguments; the connection comes from settings)
                [pg_restore, "--clean", "--if-exists", "--no-owner", "--single-transaction",
                 "--dbname", connection.settings_dict["NAME"], str(path)],
                env=postgres_environment(connection.settings_dict), check=True, capture_output=True,
                text=True,
            )
        except subprocess.CalledProcessError as error:
            raise CommandError(f"pg_restore failed: {error.stderr.strip()}") from None

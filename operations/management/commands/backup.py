"""manage.py backup DIR: a consistent copy of the database, then of the uploaded media, while
the site goes on serving.

The database comes first, as one snapshot: SQLite's online backup API (it copies pages while
other processes read and write, and starts again if they change under it), or pg_dump (one
transaction snapshot). The media is copied after it: uploads are only ever added under new,
random names, so every file the copied database refers to is already on disk by then.
"""

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
MEDIA_FOLDER = "media"
MANIFEST = "backup.json"


def postgres_environment(database):
    """libpq's own variables, so that no password appears on a command line."""
    environment = dict(os.environ)
    for variable, key in [("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                          ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")]:
        if database.get(key):
            environment[variable] = str(database[key])
    return environment


class Command(BaseCommand):
    help = "Write a consistent copy of the database and the uploaded media into DIR (a new folder)."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, directory, **options):
        if directory.exists() and any(directory.iterdir()):
            raise CommandError(f"{directory} is not empty: give a new folder for each backup.")
        directory.mkdir(parents=True, exist_ok=True)
        started = timezone.now()
        database_file = self.copy_database(directory)
        media_files = self.copy_media(directory / MEDIA_FOLDER)
        manifest = {
            "made_at": started.isoformat(), "engine": connection.vendor, "database": database_file,
            "media": MEDIA_FOLDER if media_files is not None else None, "media_files": media_files,
        }
        (directory / MANIFEST).write_text(json.dumps(manifest, indent=1))
        self.stdout.write(f"Backed up the {connection.vendor} database and {media_files or 0} media files "
                          f"to {directory}")

    def copy_database(self, directory):
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(directory / SQLITE_FILE)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            return SQLITE_FILE
        if connection.vendor == "postgresql":
            pg_dump = shutil.which("pg_dump")
            if pg_dump is None:
                raise CommandError("pg_dump is missing (Debian: apt-get install postgresql-client).")
            try:
                subprocess.run(  # noqa: S603 (fixed arguments; the connection comes from settings)
                    [pg_dump, "--format=custom", "--no-owner", "--file", str(directory / POSTGRES_FILE)],
                    env=postgres_environment(connection.settings_dict), check=True, capture_output=True,
                    text=True,
                )
            except subprocess.CalledProcessError as error:
                raise CommandError(f"pg_dump failed: {error.stderr.strip()}") from None
            return POSTGRES_FILE
        raise CommandError(f"No backup method for the {connection.vendor} database.")

    def copy_media(self, target):
        """The number of files copied, or None when the media lives elsewhere (an object store)."""
        if not isinstance(default_storage, FileSystemStorage):
            self.stderr.write("The media is kept by the storage service; back it up there.")
            return None
        source = Path(settings.MEDIA_ROOT)
        if source.exists():
            shutil.copytree(source, target)
        else:
            target.mkdir()
        return sum(1 for path in target.rglob("*") if path.is_file())

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from emulation import backup


class Command(BaseCommand):
    help = ("Back up the database (pg_dump -Fc of DATABASE_URL, PostgreSQL only) and MEDIA_ROOT into a directory "
            "with a manifest of hashes: by default <BACKUP_DIR or backups>/<UTC timestamp>/.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="the directory to write (new or empty); default "
                                                   "$BACKUP_DIR/<UTC timestamp>, BACKUP_DIR defaulting to backups/")

    def handle(self, *args, output=None, **options):
        db = connections[DEFAULT_DB_ALIAS].settings_dict
        directory = Path(output) if output else backup.default_directory(settings.BASE_DIR)
        try:
            manifest = backup.backup(db, settings.MEDIA_ROOT, directory)
        except backup.BackupError as exc:
            raise CommandError(f"Backup failed: {exc}") from None
        self.stdout.write(f"Backup written to {directory.absolute()}: {backup.describe(manifest)}.")

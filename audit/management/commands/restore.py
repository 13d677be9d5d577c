from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from emulation import backup


class Command(BaseCommand):
    help = ("Restore a backup made by `manage.py backup` into DATABASE_URL and MEDIA_ROOT: verifies every hash of "
            "its manifest first, refuses a non-empty target unless --force, then checks rows and files again.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("directory", help="the backup directory (holding manifest.json)")
        parser.add_argument("--force", action="store_true",
                            help="restore even into a database or MEDIA_ROOT that is not empty (objects and files "
                                 "of the backup replace theirs; others are left)")

    def handle(self, *args, directory, force=False, **options):
        db = connections[DEFAULT_DB_ALIAS].settings_dict
        try:
            manifest = backup.restore(directory, db, settings.MEDIA_ROOT, force=force,
                                      log=lambda message: self.stdout.write(f"==> {message}"))
        except backup.BackupError as exc:
            raise CommandError(f"Restore failed: {exc}") from None
        self.stdout.write(f"Restored {directory} (made {manifest['created_at']}) into database "
                          f"{db.get('NAME')!r} and {settings.MEDIA_ROOT}: {backup.describe(manifest)}; "
                          f"every row count and file hash matches the manifest.")

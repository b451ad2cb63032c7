"""govsocial restore FILE [--lang en|nl]: a backup into an empty data folder and database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from govsocial.core import backup


class Command(BaseCommand):
    help = _("Restore a backup into an empty data folder and an empty database.")
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("the backup (.tar.gz) made by govsocial backup"))
        parser.add_argument("--lang", choices=["en", "nl"], default="en")

    def handle(self, *args, **options):
        with translation.override(options["lang"]):
            try:
                manifest = backup.restore_backup(Path(options["file"]))
            except backup.BackupError as error:
                raise CommandError(str(error), returncode=2) from None
            self.stdout.write(
                _("Restored %(file)s: %(what)s.")
                % {"file": options["file"], "what": backup.describe(manifest)}
            )
            if backup.pending_migrations(manifest):
                self.stdout.write(
                    _("This GovSocial is newer than the backup: run `govsocial migrate` next.")
                )

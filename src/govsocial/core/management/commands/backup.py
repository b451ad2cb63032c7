"""govsocial backup --out FILE [--lang en|nl]: the database and data folder in one .tar.gz."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from govsocial.core import backup


class Command(BaseCommand):
    help = _(
        "Write a backup of the database and the data folder to one file, while GovSocial runs."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help=_("the .tar.gz file to write"))
        parser.add_argument("--lang", choices=["en", "nl"], default="en")

    def handle(self, *args, **options):
        with translation.override(options["lang"]):
            try:
                manifest = backup.create_backup(Path(options["out"]))
            except backup.BackupError as error:
                raise CommandError(str(error), returncode=2) from None
            self.stdout.write(
                _("Backup written to %(file)s: %(what)s.")
                % {"file": options["out"], "what": backup.describe(manifest)}
            )

"""govsocial audit export --org SLUG [--person USER] [--kind KIND] [--since DAY] [--until DAY]
[--out FILE] [--lang en|nl]: the organisation's audit trail as CSV, in sentences."""

import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from govsocial.core.commands import language_option, organisation_option
from govsocial.core.files import write_atomically
from govsocial.core.models import Person
from govsocial.core.services import audit_trail


class Command(BaseCommand):
    help = _("The organisation's audit trail as CSV.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help=_("Write the audit trail as CSV."))
        export.add_argument("--org", required=True, help=_("the organisation's slug"))
        export.add_argument("--person", help=_("only what this member did (user name)"))
        export.add_argument("--kind", help=_("only this kind of change, e.g. channel or policy"))
        export.add_argument("--since", help=_("from this day (YYYY-MM-DD)"))
        export.add_argument("--until", help=_("up to and including this day (YYYY-MM-DD)"))
        export.add_argument("--out", help=_("file to write (default: standard output)"))
        language_option(parser, export)

    def handle(self, *args, **options):
        with translation.override(options.get("lang") or "en"):
            return self.do_export(options)

    def _day(self, value):
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(
                _("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": value},
                returncode=2,
            ) from None

    def do_export(self, options):
        organisation = organisation_option(options["org"])
        filters = {"person": None, "kind": options.get("kind") or ""}
        if options.get("person"):
            filters["person"] = Person.objects.filter(
                username=options["person"], memberships__organisation=organisation
            ).first()
            if filters["person"] is None:
                raise CommandError(
                    _("“%(user)s” is not a member of %(org)s.")
                    % {"user": options["person"], "org": organisation.slug},
                    returncode=2,
                )
        kinds = dict(audit_trail.kind_choices())
        if filters["kind"] and filters["kind"] not in kinds:
            raise CommandError(
                _("“%(kind)s” is not a kind of change. Known kinds: %(known)s.")
                % {"kind": filters["kind"], "known": ", ".join(sorted(kinds))},
                returncode=2,
            )
        filters["since"], filters["until"] = (
            self._day(options.get("since")),
            self._day(options.get("until")),
        )
        if filters["since"] and filters["until"] and filters["since"] > filters["until"]:
            raise CommandError(_("The end date must be on or after the start date."), returncode=2)
        found = audit_trail.events(organisation, **filters)
        text = "".join(audit_trail.csv_lines(found.iterator(chunk_size=500)))
        if options.get("out"):
            write_atomically(Path(options["out"]), text.encode("utf-8"), mode=0o600)
        else:
            sys.stdout.write(text)
        audit_trail.record_export(organisation, None, found.count(), filters | {"via": "cli"})

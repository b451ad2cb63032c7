"""govsocial channels import|export|list|health|remind — the register on the command line."""

import sys
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from govsocial.core.commands import organisation_option
from govsocial.core.files import write_atomically
from govsocial.core.models import Organisation, Person

from ... import services, spreadsheet
from ...models import Channel


class Command(BaseCommand):
    help = _("The channel register: import, export, list, health check and reminders.")

    def add_arguments(self, parser):
        languages = [code for code, _name in settings.LANGUAGES]
        sub = parser.add_subparsers(dest="action", required=True)

        imp = sub.add_parser(
            "import", help=_("Add the channels of a CSV file to the register (all rows or none).")
        )
        imp.add_argument("--org", required=True, help=_("the organisation's slug"))
        imp.add_argument("file", help=_("the CSV file (UTF-8)"))
        imp.add_argument(
            "--as", dest="actor", help=_("user name of the member recorded as importer")
        )
        imp.add_argument("--dry-run", action="store_true", help=_("check the file only"))

        exp = sub.add_parser("export", help=_("Write the register as CSV or JSON."))
        exp.add_argument("--org", required=True, help=_("the organisation's slug"))
        exp.add_argument("--format", choices=["csv", "json"], default="csv", dest="fmt")
        exp.add_argument("--out", help=_("file to write (default: standard output)"))

        lst = sub.add_parser("list", help=_("List the channels of the register."))
        lst.add_argument("--org", required=True, help=_("the organisation's slug"))
        lst.add_argument("--status", choices=[c for c, _n in Channel.Status.choices])

        hlt = sub.add_parser("health", help=_("Show what needs attention."))
        hlt.add_argument("--org", required=True, help=_("the organisation's slug"))
        hlt.add_argument("--date", help=_("check as on this date (YYYY-MM-DD)"))

        rem = sub.add_parser(
            "remind", help=_("E-mail owners about due reports and overdue checks now.")
        )
        rem.add_argument("--org", help=_("only this organisation"))
        rem.add_argument("--date", help=_("as on this date (YYYY-MM-DD)"))

        for p in (imp, exp, lst, hlt, rem):
            p.add_argument(
                "--lang",
                choices=languages,
                default=None,
                help=_("language of the messages (en or nl)"),
            )

    def handle(self, *args, **options):
        language = options.get("lang") or "en"
        with translation.override(language):
            return getattr(self, f"do_{options['action']}")(options, language)

    # --- helpers ---

    def _date(self, value: str | None) -> date | None:
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(
                _("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": value},
                returncode=2,
            ) from exc

    def _read(self, path: Path) -> bytes:
        """The file's bytes; its size is checked before it is read."""
        limit = spreadsheet.max_import_bytes()
        try:
            size = path.stat().st_size
            if size > limit:
                raise CommandError(spreadsheet.too_large(size).message, returncode=2)
            with path.open("rb") as handle:
                data = handle.read(limit + 1)  # a device or pipe has no size to check first
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s")
                % {"path": path, "reason": exc.strerror or exc},
                returncode=2,
            ) from exc
        if len(data) > limit:
            raise CommandError(spreadsheet.too_large(len(data)).message, returncode=2)
        return data

    # --- subcommands ---

    def do_import(self, options, language):
        organisation = organisation_option(options["org"])
        actor = None
        if options.get("actor"):
            actor = Person.objects.filter(
                username=options["actor"], memberships__organisation=organisation
            ).first()
            if actor is None:
                raise CommandError(
                    _("“%(user)s” is not a member of %(org)s.")
                    % {"user": options["actor"], "org": organisation.slug},
                    returncode=2,
                )
        path = Path(options["file"])
        data = self._read(path)
        try:
            if options["dry_run"]:
                result = spreadsheet.validate(organisation, data)
            else:
                result = spreadsheet.import_channels(organisation, actor, data)
        except spreadsheet.SpreadsheetError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        if result.problems:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                ngettext(
                    "Nothing was imported: %(count)s problem in %(path)s.",
                    "Nothing was imported: %(count)s problems in %(path)s.",
                    len(result.problems),
                )
                % {"count": len(result.problems), "path": path},
                returncode=2,
            )
        for warning in result.warnings:
            self.stdout.write(_("Warning: %(warning)s") % {"warning": warning}, self.style.WARNING)
        if options["dry_run"]:
            self.stdout.write(
                ngettext(
                    "%(count)s row is valid; nothing was imported (dry run).",
                    "All %(count)s rows are valid; nothing was imported (dry run).",
                    len(result.rows),
                )
                % {"count": len(result.rows)}
            )
        else:
            self.stdout.write(
                ngettext(
                    "%(count)s channel has been added to the register.",
                    "%(count)s channels have been added to the register.",
                    len(result.created),
                )
                % {"count": len(result.created)}
            )

    def do_export(self, options, language):
        organisation = organisation_option(options["org"])
        out = options.get("out")
        if out:
            path = Path(out)
            if path.is_dir() or not path.parent.is_dir():
                raise CommandError(
                    _("Cannot write to %(path)s: the folder does not exist or it is a folder.")
                    % {"path": path},
                    returncode=2,
                )
        content = spreadsheet.export(organisation, options["fmt"], language, via="command line")
        if out:
            write_atomically(Path(out), content)
            count = Channel.objects.filter(organisation=organisation).count()
            self.stdout.write(
                ngettext(
                    "Wrote %(count)s channel to %(path)s.",
                    "Wrote %(count)s channels to %(path)s.",
                    count,
                )
                % {"count": count, "path": out}
            )
        else:
            self.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.flush()

    def do_list(self, options, language):
        organisation = organisation_option(options["org"])
        channels = Channel.objects.filter(organisation=organisation).select_related(
            "owner", "cover"
        )
        if options.get("status"):
            channels = channels.filter(status=options["status"])
        for channel in channels:
            self.stdout.write(
                "\t".join(
                    [
                        str(channel.pk),
                        channel.name,
                        channel.get_platform_display(),
                        channel.handle or "—",
                        channel.get_status_display(),
                        channel.owner.display_name() if channel.owner else "—",
                        channel.cover.display_name() if channel.cover else "—",
                    ]
                )
            )

    def do_health(self, options, language):
        organisation = organisation_option(options["org"])
        report = services.health(organisation, today=self._date(options.get("date")))
        limits = report.limits
        self.stdout.write(
            _(
                "Limits (%(source)s): credentials every %(pw)s days, dormant after %(dormant)s days, reports due on day %(day)s."
            )
            % {
                "source": _("published policy") if limits.from_policy else _("defaults"),
                "pw": limits.password_change_days,
                "dormant": limits.dormant_after_days,
                "day": limits.report_day,
            }
        )
        self.stdout.write(
            " ".join(
                [
                    ngettext(
                        "%(count)s live channel;", "%(count)s live channels;", len(report.channels)
                    )
                    % {"count": len(report.channels)},
                    ngettext(
                        "%(count)s needs attention;",
                        "%(count)s need attention;",
                        report.issue_count,
                    )
                    % {"count": report.issue_count},
                    ngettext(
                        "%(count)s request waiting for a decision.",
                        "%(count)s requests waiting for a decision.",
                        len(report.requested),
                    )
                    % {"count": len(report.requested)},
                ]
            )
        )
        for item in report.channels:
            if item.issues:
                labels = ", ".join(label for _code, label in item.issue_labels)
                self.stdout.write(
                    f"- {item.channel.name} ({item.channel.get_platform_display()}): {labels}"
                )

    def do_remind(self, options, language):
        organisations = None
        if options.get("org"):
            organisations = Organisation.objects.filter(pk=organisation_option(options["org"]).pk)
        count = services.send_reminders(self._date(options.get("date")), organisations)
        self.stdout.write(
            ngettext("%(count)s reminder e-mail sent.", "%(count)s reminder e-mails sent.", count)
            % {"count": count}
        )

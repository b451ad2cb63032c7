"""govsocial insights evaluate|correct|report — insights on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from govsocial.core.commands import organisation_option
from govsocial.core.errors import GovSocialError

from ... import services
from ...services import methods, monthly, report

LABELS_MAX_BYTES = 10 * 1024 * 1024


class Command(BaseCommand):
    help = _("Insights: evaluate the sentiment method, correct a label, make the monthly report.")

    def add_arguments(self, parser):
        languages = [code for code, _name in settings.LANGUAGES]
        sub = parser.add_subparsers(dest="action", required=True)

        ev = sub.add_parser("evaluate", help=_("Accuracy and macro-F1 per language on labels."))
        ev.add_argument("--labels", required=True, help=_("a UTF-8 CSV with text,label[,lang]"))
        ev.add_argument("--org", help=_("also use the labels this organisation corrected"))
        ev.add_argument("--format", choices=["text", "json"], default="text", dest="fmt")
        ev.add_argument(
            "--method",
            choices=methods.CHOICES,
            default=None,
            help=_("the word lists or the model (default: what this installation uses)"),
        )
        ev.add_argument(
            "--model",
            metavar="FOLDER",
            default=None,
            help=_("a model folder to try, for both languages (implies --method model)"),
        )

        co = sub.add_parser("correct", help=_("Correct the sentiment label of one comment."))
        co.add_argument("--org", required=True, help=_("the organisation's slug"))
        co.add_argument("--item", required=True, type=int, help=_("the archive item's number"))
        co.add_argument("--label", required=True, choices=services.sentiment.LABELS)

        rep = sub.add_parser("report", help=_("Make the monthly report."))
        rep.add_argument("--org", required=True, help=_("the organisation's slug"))
        rep.add_argument("--month", required=True, help=_("the month, as YYYY-MM"))
        rep.add_argument("--format", choices=report.FORMATS, default="pdf", dest="fmt")
        rep.add_argument("--out", required=True, help=_("the file to write"))

        send = sub.add_parser(
            "send", help=_("Make, keep and e-mail a past month's report now, if not made yet.")
        )
        send.add_argument("--org", required=True, help=_("the organisation's slug"))
        send.add_argument("--month", required=True, help=_("the month, as YYYY-MM"))

        for p in (ev, co, rep, send):
            p.add_argument("--lang", choices=languages, default=None, help=_("language (en or nl)"))

    def handle(self, *args, **options):
        with translation.override(options.get("lang") or "en"):
            try:
                return getattr(self, f"do_{options['action']}")(options)
            except GovSocialError as exc:
                raise CommandError(str(exc), returncode=2) from exc

    def do_evaluate(self, options):
        if options.get("model") and options.get("method") == methods.LEXICON:
            raise CommandError(_("--model goes with --method model."), returncode=2)
        path = Path(options["labels"])
        try:
            if path.stat().st_size > LABELS_MAX_BYTES:
                raise services.InsightsError(
                    _("The file is larger than %(mb)s MB.")
                    % {"mb": LABELS_MAX_BYTES // (1024 * 1024)}
                )
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read “%(path)s”: %(error)s") % {"path": path, "error": exc.strerror},
                returncode=2,
            ) from exc
        rows = services.read_labels(data)
        if options.get("org"):
            rows += services.corrected_examples(organisation_option(options["org"]))
        method = methods.MODEL if options.get("model") else options.get("method")
        plan = methods.plan(method, options.get("model"), strict=True)
        results = services.evaluate(rows, plan)
        if options["fmt"] == "json":
            self.stdout.write(json.dumps({"languages": [r.as_dict() for r in results]}, indent=2))
            return
        for result in results:
            self.stdout.write(
                _(
                    "%(lang)s: %(count)s comments, accuracy %(accuracy).1f %%, "
                    "macro-F1 %(f1).3f, with %(method)s"
                )
                % {
                    "lang": {"en": _("English"), "nl": _("Dutch")}[result.language],
                    "count": result.count,
                    "accuracy": 100 * result.accuracy,
                    "f1": result.macro_f1,
                    "method": methods.method_words(result.method, result.language),
                }
            )

    def do_correct(self, options):
        organisation = organisation_option(options["org"])
        try:
            services.correct_label(organisation, None, options["item"], options["label"])
        except Http404 as exc:
            raise CommandError(
                _("There is no comment from the public with number %(item)s.")
                % {"item": options["item"]},
                returncode=2,
            ) from exc
        self.stdout.write(_("Label saved; the next evaluation uses it."))

    def do_report(self, options):
        methods.plan(strict=True)  # a broken model folder stops here, not in the report
        organisation = organisation_option(options["org"])
        month = services.parse_month(options["month"])
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(
                _("The folder “%(folder)s” does not exist.") % {"folder": out.parent},
                returncode=2,
            )
        language = options.get("lang") or "en"
        document = report.month_report(organisation, month, language)
        report.write_atomically(out, report.render_report(document, options["fmt"], organisation))
        self.stdout.write(_("Report written to %(path)s.") % {"path": out})

    def do_send(self, options):
        methods.plan(strict=True)
        organisation = organisation_option(options["org"])
        month = services.parse_month(options["month"])
        if month == services.this_month(services.zone_for(organisation.country)):
            raise CommandError(
                _("%(month)s is not over yet.") % {"month": month.slug}, returncode=2
            )
        kept = monthly.kept_report(organisation, month)
        if kept is not None:
            raise CommandError(
                _("The report for %(month)s was already made on %(date)s.")
                % {"month": month.slug, "date": kept.made_at.date().isoformat()},
                returncode=2,
            )
        made = monthly.make_monthly_report(organisation, month)
        if made is None:
            raise CommandError(
                _("The archive holds nothing from %(month)s: no report was made.")
                % {"month": month.slug},
                returncode=2,
            )
        self.stdout.write(
            ngettext(
                "The report for %(month)s is kept and was sent to %(count)s person.",
                "The report for %(month)s is kept and was sent to %(count)s people.",
                made.recipients,
            )
            % {"month": month.slug, "count": made.recipients}
        )

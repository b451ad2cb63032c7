"""`govsocial post check`: "Can I post this?" from the command line.

Exit codes: 0 post it · 1 check first with the named officers · 3 do not post
(as it stands) · 2 bad input (unknown platform or language, empty text,
unknown organisation).
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from govsocial.training.checker import (
    CHECK_FIRST,
    DO_NOT_POST,
    POST,
    UnknownPlatform,
    detect_language,
    platforms,
)

EXIT_CODES = {POST: 0, CHECK_FIRST: 1, DO_NOT_POST: 3}
SEVERITY_MARKS = {"stop": "✗", "check": "!", "advice": "·", "info": "i"}


class Command(BaseCommand):
    help = "Check a draft post against the social media policy (exit 0 post it, 1 check first, 3 do not post, 2 bad input)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser(
            "check",
            help="Check a draft post; reads standard input when --text is left out or is '-'.",
        )
        check.add_argument(
            "--text", default=None, help="the draft post ('-' or left out: read standard input)"
        )
        check.add_argument(
            "--lang",
            default=None,
            help="language of the post and of the output: en or nl (detected when left out)",
        )
        check.add_argument("--platform", default=None, help="platform: " + ", ".join(platforms()))
        check.add_argument("--format", default="text", help="text or json")
        check.add_argument(
            "--org",
            default=None,
            help="organisation slug: use its published policy and election periods",
        )
        check.add_argument("--image", action="store_true", help="the post has an image")
        check.add_argument("--alt-text", default="", help="the image's alt text")
        kind = check.add_mutually_exclusive_group()
        kind.add_argument("--public", action="store_true", help="the information is already public")
        kind.add_argument(
            "--only-link", action="store_true", help="the post only points to another resource"
        )
        kind.add_argument(
            "--new", action="store_true", help="the post gives new guidance or content, or a view"
        )

    def handle(self, *args, **options):
        language = options["lang"]
        if language is not None and language not in ("en", "nl"):
            raise CommandError(
                f"Unknown language {language!r}; use en or nl. / Onbekende taal {language!r}; gebruik en of nl.",
                returncode=2,
            )
        text = options["text"]
        if text is None or text == "-":
            text = sys.stdin.read()
        output_language = language or detect_language(text or "", "en")
        with translation.override(output_language):
            code = self._check(text, language, options)
        sys.exit(code)

    def _check(self, text, language, options):
        if options["format"] not in ("text", "json"):
            raise CommandError(
                _("Unknown format %(value)s; use text or json.") % {"value": options["format"]},
                returncode=2,
            )
        if not text or not text.strip():
            raise CommandError(
                _("The draft post is empty: give --text or pipe it into standard input."),
                returncode=2,
            )
        organisation = None
        if options["org"]:
            from govsocial.core.models import Organisation

            organisation = Organisation.objects.filter(slug=options["org"]).first()
            if organisation is None:
                raise CommandError(
                    _("There is no organisation %(slug)s.") % {"slug": options["org"]}, returncode=2
                )
        from govsocial.training import services

        kind_public = (
            True
            if options["public"]
            else (False if options["only_link"] or options["new"] else None)
        )
        kind_links = (
            True
            if options["only_link"]
            else (False if options["public"] or options["new"] else None)
        )
        check_options = dict(
            platform=options["platform"],
            language=language,
            has_image=options["image"],
            alt_text=options["alt_text"],
            is_public_already=kind_public,
            only_links=kind_links,
        )
        try:
            verdict = services.check(organisation, text, **check_options)
        except UnknownPlatform:
            raise CommandError(
                _("Unknown platform %(value)s; use one of: %(allowed)s.")
                % {"value": options["platform"], "allowed": ", ".join(platforms())},
                returncode=2,
            ) from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(verdict.to_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"{verdict.label.upper()}: {verdict.summary}")
            details = [
                _("language: %(language)s%(detected)s")
                % {
                    "language": verdict.language,
                    "detected": _(" (detected)") if verdict.language_detected else "",
                }
            ]
            if verdict.limit:
                details.append(
                    _("%(length)s of %(limit)s characters on %(platform)s")
                    % {
                        "length": verdict.length,
                        "limit": verdict.limit,
                        "platform": verdict.platform_name,
                    }
                )
            else:
                details.append(_("%(length)s characters") % {"length": verdict.length})
            self.stdout.write("  " + " · ".join(details))
            for reason in verdict.reasons:
                clause = f" [{reason.clause_id}]" if reason.clause_id else ""
                self.stdout.write(
                    f"  {SEVERITY_MARKS.get(reason.severity, '-')} {reason.message}{clause}"
                )
        return EXIT_CODES[verdict.verdict]

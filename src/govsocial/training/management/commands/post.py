"""`govsocial post check`: "Can I post this?" from the command line.

Exit codes: 0 post it · 1 check first with the named officers · 3 do not post
(as it stands) · 2 bad input (unknown platform or language; a draft that is
empty, over 70,000 characters or not UTF-8; an unknown organisation or country).
`--org` brings the organisation's policy, election periods and allow-list of
its own details; `--election-period on|off` overrides its periods.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from govsocial.core.commands import organisation_option
from govsocial.training.checker import CHECK_FIRST, DO_NOT_POST, POST, detect_language, platforms
from govsocial.training.drafts import MAX_TEXT_LENGTH, DraftInvalid, draft_input

COUNTRIES = ("NL", "BE", "GB", "UK")
EXIT_CODES = {POST: 0, CHECK_FIRST: 1, DO_NOT_POST: 3}


def _both(message: str) -> str:
    """A message in English and Dutch, for when the reader's language is not known."""
    texts = []
    for language in ("en", "nl"):
        with translation.override(language):
            texts.append(_(message))
    return " / ".join(texts)


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
        check.add_argument(
            "--election-period",
            default=None,
            choices=["on", "off"],
            help="on: check as in an election period; off: as outside one "
            "(left out: the organisation's election periods say)",
        )
        check.add_argument(
            "--country",
            default=None,
            help="NL, BE or GB: whose parties and election rules apply (default: the organisation's)",
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
        text = options["text"]
        if text is None or text == "-":
            try:  # one character over the limit is enough to refuse the draft
                text = sys.stdin.read(MAX_TEXT_LENGTH + 1)
            except UnicodeDecodeError:
                raise CommandError(
                    _both(gettext_noop("The draft post is not valid UTF-8 text.")), returncode=2
                ) from None
        language = options["lang"]
        output_language = language if language in ("en", "nl") else detect_language(text or "")
        with translation.override(output_language):
            code = self._check(text, options)
        sys.exit(code)

    def _draft(self, text, options):
        kind = (
            "already_public"
            if options["public"]
            else "points_elsewhere"
            if options["only_link"]
            else "new_content"
            if options["new"]
            else None
        )
        data = {
            "text": text,
            "platform": options["platform"],
            "language": options["lang"],
            "has_image": options["image"],
            "alt_text": options["alt_text"],
            "kind": kind,
        }
        try:
            return draft_input(data)
        except DraftInvalid as error:
            if error.field == "text" and error.code == "empty":
                message = _("The draft post is empty: give --text or pipe it into standard input.")
            elif error.field == "language":  # which language the person reads is not known
                message = f"{error.message('en')} / {error.message('nl')}"
            else:
                message = error.message()
            raise CommandError(message, returncode=2) from None

    def _check(self, text, options):
        if options["format"] not in ("text", "json"):
            raise CommandError(
                _("Unknown format %(value)s; use text or json.") % {"value": options["format"]},
                returncode=2,
            )
        country = (options["country"] or "").upper()
        if country and country not in COUNTRIES:
            raise CommandError(
                _("Unknown country %(value)s; use NL, BE or GB.") % {"value": options["country"]},
                returncode=2,
            )
        draft = self._draft(text, options)
        organisation = organisation_option(options["org"]) if options["org"] else None
        from govsocial.training import services

        period = {"on": True, "off": False}.get(options["election_period"] or "")
        verdict = services.check(organisation, draft, election_period=period, country=country)
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
                clause = (
                    " (" + _("Policy: %(title)s") % {"title": reason.clause_title} + ")"
                    if reason.clause_title
                    else ""
                )
                self.stdout.write(
                    f"  {SEVERITY_MARKS.get(reason.severity, '-')} {reason.message}{clause}"
                )
        return EXIT_CODES[verdict.verdict]

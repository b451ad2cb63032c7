"""`govsocial game deck` and `govsocial game guide`: the players' deck and the
game master's guide as a file (PDF, Word, HTML or Markdown, by the name's
ending); `govsocial game cards`: list the challenge cards. Exit 2 on bad input."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from govsocial.core.files import write_atomically

SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".md": "md"}


class Command(BaseCommand):
    help = "The Social Media Game: write the players' deck or the game master's guide, or list the cards."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for action, text in (
            ("deck", "Write the players' deck (role and challenge cards, no answers)."),
            (
                "guide",
                "Write the game master's guide (rules, session plans, answer key, debrief, "
                "score sheet, worksheet).",
            ),
        ):
            command = sub.add_parser(action, help=text)
            self._common(command)
            command.add_argument(
                "--code",
                default=None,
                help="deck code: the option order, the same for a deck and its guide "
                "(default: the standard deck)",
            )
            command.add_argument(
                "--out", required=True, help="the file to write: .pdf, .docx, .html or .md"
            )
        self._common(sub.add_parser("cards", help="List the challenge cards."))

    @staticmethod
    def _common(command):
        command.add_argument("--lang", default="en", help="en or nl")
        command.add_argument(
            "--country", default="NL", help="NL, BE or GB: the names of the council and its bodies"
        )

    def handle(self, *args, **options):
        from govsocial.training import game

        language, country = options["lang"], str(options["country"]).upper()
        if language not in ("en", "nl"):
            raise CommandError(
                f"Unknown language {language!r}; use en or nl. / Onbekende taal {language!r}; gebruik en of nl.",
                returncode=2,
            )
        with translation.override(language):
            if country not in game.COUNTRY_CODES:
                raise CommandError(
                    _("Unknown country %(country)s; use %(countries)s.")
                    % {"country": options["country"], "countries": ", ".join(game.COUNTRY_CODES)},
                    returncode=2,
                )
            if options["action"] == "cards":
                self._cards(language, country)
            else:
                self._write(options["action"], language, country, options)

    def _cards(self, language, country):
        from govsocial.training import game

        words = game.Words(language, country)
        for number, card in enumerate(game.challenges(), start=1):
            self.stdout.write(f"{number:2d}. {card['id']}: {words(card['title'])}")

    def _write(self, kind, language, country, options):
        from govsocial.training import game

        out = Path(options["out"])
        directory = out.parent if str(out.parent) else Path(".")
        if not directory.is_dir():
            raise CommandError(
                _("The folder %(folder)s does not exist.") % {"folder": directory}, returncode=2
            )
        fmt = SUFFIXES.get(out.suffix.lower())
        if fmt is None:
            raise CommandError(
                _("Give a file name ending in .pdf, .docx, .html or .md (got %(name)s).")
                % {"name": out.name},
                returncode=2,
            )
        code = game.standard_code()
        if options["code"]:
            code = game.clean_code(options["code"])
            if code is None:
                raise CommandError(
                    _(
                        "A deck code is six letters and digits, as printed on the deck (got %(code)s)."
                    )
                    % {"code": options["code"]},
                    returncode=2,
                )
        write_atomically(out, game.render_file(kind, language, country, code, fmt))
        message = (
            _(
                "Wrote the players' deck (%(cards)s challenge cards, deck code %(code)s) to %(path)s."
            )
            if kind == "deck"
            else _("Wrote the game master's guide (deck code %(code)s) to %(path)s.")
        )
        self.stdout.write(message % {"cards": len(game.challenges()), "code": code, "path": out})

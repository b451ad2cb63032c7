"""`govsocial game deck`: the printable Social Media Game (A4 PDF);
`govsocial game cards`: list the challenge cards."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from govsocial.core.files import write_atomically


class Command(BaseCommand):
    help = "The Social Media Game: print the deck or list the challenge cards."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        deck = sub.add_parser(
            "deck",
            help="Write the deck (role cards, challenge cards, game master's guide) as an A4 PDF.",
        )
        deck.add_argument("--lang", default="en", help="en or nl")
        deck.add_argument("--out", required=True, help="where to write the PDF")
        cards = sub.add_parser("cards", help="List the challenge cards.")
        cards.add_argument("--lang", default="en", help="en or nl")

    def handle(self, *args, **options):
        language = options["lang"]
        if language not in ("en", "nl"):
            raise CommandError(
                f"Unknown language {language!r}; use en or nl. / Onbekende taal {language!r}; gebruik en of nl.",
                returncode=2,
            )
        with translation.override(language):
            if options["action"] == "deck":
                self._deck(language, Path(options["out"]))
            else:
                self._cards(language)

    def _cards(self, language):
        from govsocial.training import game

        for number, card in enumerate(game.challenges(), start=1):
            self.stdout.write(f"{number:2d}. {card['id']}: {card['title'].get(language)}")

    def _deck(self, language, out: Path):
        from govsocial.training import game

        directory = out.parent if str(out.parent) else Path(".")
        if not directory.is_dir():
            raise CommandError(
                _("The folder %(folder)s does not exist.") % {"folder": directory}, returncode=2
            )
        if out.suffix.lower() != ".pdf":
            raise CommandError(
                _("The deck is a PDF: give a file name ending in .pdf (got %(name)s).")
                % {"name": out.name},
                returncode=2,
            )
        pdf = game.deck_pdf(language)
        write_atomically(out, pdf)
        self.stdout.write(
            _("Wrote the Social Media Game deck (%(cards)s challenge cards) to %(path)s.")
            % {"cards": len(game.challenges()), "path": out}
        )

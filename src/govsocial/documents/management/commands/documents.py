"""govsocial documents: the command-line twin of the documents pages.

govsocial documents sample --format pdf|docx|html|md [--lang en|nl] [--org SLUG] --out PATH
govsocial documents house-template show --org SLUG [--lang en|nl]
govsocial documents house-template set --org SLUG --file PATH [--lang en|nl]
govsocial documents house-template remove --org SLUG [--lang en|nl]
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from govsocial.core.commands import organisation_option
from govsocial.core.files import write_atomically
from govsocial.documents import render, services
from govsocial.documents.samples import sample_document

LANGUAGES = ("en", "nl")


class Command(BaseCommand):
    help = "Render the sample document and manage an organisation's Word house template."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sample = sub.add_parser(
            "sample", help="Render the sample document with every kind of block."
        )
        sample.add_argument("--format", dest="fmt", default="pdf", help="pdf, docx, html or md")
        sample.add_argument("--lang", default="en", help="en or nl")
        sample.add_argument(
            "--org", default="", help="organisation slug (uses its name and house template)"
        )
        sample.add_argument("--out", required=True, help="file to write")

        template = sub.add_parser("house-template", help="Show, set or remove a house template.")
        template.add_argument("operation", help="show, set or remove")
        template.add_argument("--org", required=True, help="organisation slug")
        template.add_argument("--file", default="", help="the .docx file (for set)")
        template.add_argument("--lang", default="en", help="en or nl")

    def handle(self, *args, **options):
        language = options.get("lang") or "en"
        if language not in LANGUAGES:
            raise CommandError(
                _("Unknown language %(language)s; choose one of: %(allowed)s.")
                % {"language": language, "allowed": ", ".join(LANGUAGES)},
                returncode=2,
            )
        with translation.override(language):
            if options["action"] == "sample":
                return self.sample(options, language)
            return self.house_template(options)

    def sample(self, options, language):
        fmt = options["fmt"]
        if fmt not in render.FORMATS:
            raise CommandError(
                _("Unknown format %(format)s; choose one of: %(allowed)s.")
                % {"format": fmt, "allowed": ", ".join(render.FORMATS)},
                returncode=2,
            )
        organisation = organisation_option(options["org"]) if options["org"] else None
        name = organisation.name(language) if organisation else ""
        out = Path(options["out"])
        if not out.parent.resolve().is_dir():
            raise CommandError(
                _("The folder %(folder)s does not exist.") % {"folder": out.parent}, returncode=2
            )
        data = render.render(sample_document(language, name), fmt, organisation=organisation)
        write_atomically(out, data)
        self.stdout.write(
            _("Wrote %(path)s (%(size)s).") % {"path": out, "size": filesizeformat(len(data))}
        )

    def house_template(self, options):
        operation = options["operation"]
        organisation = organisation_option(options["org"])
        if operation == "show":
            current = services.house_template(organisation)
            if current is None:
                self.stdout.write(_("No house template; Word documents use the standard layout."))
                return
            self.stdout.write(
                _("%(name)s, %(size)s, uploaded %(date)s")
                % {
                    "name": current.filename,
                    "size": filesizeformat(current.size),
                    "date": current.uploaded_at.strftime("%Y-%m-%d %H:%M"),
                }
            )
            missing = services.missing_styles(organisation)
            if missing:
                self.stdout.write(
                    _("Styles missing (a plain equivalent is used): %(styles)s")
                    % {"styles": ", ".join(missing)}
                )
        elif operation == "set":
            path = Path(options["file"]) if options["file"] else None
            if path is None or not path.is_file():
                raise CommandError(
                    _("Name the template with --file PATH (an existing .docx file)."), returncode=2
                )
            with path.open("rb") as handle:
                try:
                    template = services.store_house_template(
                        organisation, None, _NamedFile(handle, path)
                    )
                except ValidationError as error:
                    raise CommandError(" ".join(error.messages), returncode=2) from error
            self.stdout.write(
                _("The house template %(name)s is in use for Word documents from now on.")
                % {"name": template.filename}
            )
        elif operation == "remove":
            if services.remove_house_template(organisation, None):
                self.stdout.write(
                    _(
                        "The house template has been removed. Word documents use the standard layout again."
                    )
                )
            else:
                self.stdout.write(_("No house template; Word documents use the standard layout."))
        else:
            raise CommandError(
                _("Unknown operation %(operation)s; choose one of: %(allowed)s.")
                % {"operation": operation, "allowed": "show, set, remove"},
                returncode=2,
            )


class _NamedFile:
    """A file handle with the name and size an upload has."""

    def __init__(self, handle, path: Path) -> None:
        self._handle = handle
        self.name = path.name
        self.size = path.stat().st_size

    def read(self, *args):
        return self._handle.read(*args)

    def seek(self, *args):
        return self._handle.seek(*args)

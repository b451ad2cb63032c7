"""`govsocial policy`: the policy builder on the command line, without the web server.

govsocial policy questions [--lang en|nl] [--format text|json]
govsocial policy example-answers [--lang en|nl] [--out FILE]
govsocial policy generate --answers FILE [--lang en|nl] [--format html|md|docx|pdf]
                          [--document policy|house_rules|bio|pinned|webcare|privacy]
                          [--house-rules] [--org SLUG | --organisation-name NAME
                          --country NL|BE|GB --kind KIND] [--accept-conflicts] --out PATH
govsocial policy publish --org SLUG --version N [--notify | --no-notify] [--lang en|nl]

`generate` exits 2, writing nothing, when answers conflict (unmoderated hours,
a promise over two working days ...), naming each conflict; with
`--accept-conflicts` it writes the document anyway.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from govsocial.core.commands import organisation_option
from govsocial.core.content import YamlError, parse_yaml
from govsocial.core.files import write_atomically
from govsocial.core.models import Organisation
from govsocial.policies import services

MAX_ANSWERS_BYTES = 1024 * 1024


def _yaml_value(value: Any) -> str:
    if value is None:  # an optional answer left empty
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid YAML string


def describe_condition(condition: dict[str, Any]) -> str:
    parts = []
    for qid, spec in condition.items():
        parts.append(
            f"{qid}: {_yaml_value(spec) if not isinstance(spec, dict) else json.dumps(spec)}"
        )
    return ", ".join(parts)


def _comment(text: str, width: int = 76) -> list[str]:
    words, lines, line = text.split(), [], "#"
    for word in words:
        if len(line) + len(word) + 1 > width and line != "#":
            lines.append(line)
            line = "#"
        line += " " + word
    lines.append(line)
    return lines


def example_answers_yaml(language: str) -> str:
    """A complete answers file with comments in `language` explaining each question."""
    content = services.load_content()
    answers = services.default_answers(language)
    lines = [
        "# " + _("GovSocial: answers for the social media policy"),
        *_comment(
            _(
                "Change the answers below, then write the policy with: govsocial policy generate "
                "--answers THIS-FILE --lang %(lang)s --format pdf --out policy.pdf"
            )
            % {"lang": language}
        ),
        *_comment(
            _("Lines starting with # are comments. Keep each answer's id and type as shown.")
        ),
        "",
    ]
    for page in content.pages:
        lines.append("# " + "=" * 70)
        lines.append("# " + page.title[language])
        lines.extend(_comment(page.intro[language]))
        lines.append("# " + "=" * 70)
        lines.append("")
        for question in content.page_questions(page.id):
            lines.extend(_comment(question.text[language]))
            if question.help:
                lines.extend(_comment(question.help[language]))
            lines.extend(
                _comment(
                    _("Allowed: %(allowed)s.")
                    % {"allowed": services.allowed_text(question, language)}
                )
            )
            for choice in question.choices:
                lines.append(f"#   {choice.value}: {choice.label[language]}")
            if question.show_if:
                lines.extend(
                    _comment(
                        _("Only asked when %(condition)s; otherwise leave it out.")
                        % {"condition": describe_condition(question.show_if)}
                    )
                )
            value = answers.get(question.id, question.default_for(language))
            lines.append(f"{question.id}: {_yaml_value(value)}")
            lines.append("")
    return "\n".join(lines)


def questions_json(language: str) -> list[dict[str, Any]]:
    content = services.load_content()
    pages = []
    for page in content.pages:
        items = []
        for q in content.page_questions(page.id):
            item: dict[str, Any] = {
                "id": q.id,
                "type": q.type,
                "text": q.text[language],
                "help": q.help[language] if q.help else "",
                "allowed": services.allowed_text(q, language),
                "default": q.default_for(language),
            }
            if q.choices:
                item["choices"] = [
                    {"value": c.value, "label": c.label[language]} for c in q.choices
                ]
            if q.type == "int":
                item["min"], item["max"] = q.min, q.max
            if q.type == "text":
                item["max_length"] = q.max_length
            if q.show_if:
                item["show_if"] = q.show_if
            items.append(item)
        pages.append({"id": page.id, "title": page.title[language], "questions": items})
    return pages


class Command(BaseCommand):
    help = _(
        "The policy builder on the command line: list the questions, write an example answers file, generate the policy."
    )
    requires_migrations_checks = False

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        questions = sub.add_parser(
            "questions", help=_("List the interview's questions and what each accepts.")
        )
        questions.add_argument("--lang", choices=["en", "nl"], default="en")
        questions.add_argument("--format", choices=["text", "json"], default="text")

        example = sub.add_parser(
            "example-answers", help=_("Print a complete, commented answers file.")
        )
        example.add_argument("--lang", choices=["en", "nl"], default="en")
        example.add_argument("--out", help=_("Write to this file instead of the screen."))

        generate = sub.add_parser(
            "generate", help=_("Write the policy or the house rules from an answers file.")
        )
        generate.add_argument("--answers", required=True, help=_("The YAML answers file."))
        generate.add_argument("--lang", choices=["en", "nl"], default="en")
        generate.add_argument(
            "--format",
            choices=list(services.FORMATS),
            help=_("Default: from the file name, else pdf."),
        )
        generate.add_argument(
            "--house-rules",
            action="store_true",
            help=_("Write the public house rules instead of the staff policy."),
        )
        generate.add_argument(
            "--document",
            choices=list(services.DOCUMENT_KINDS),
            help=_(
                "Which document to write: the staff policy (default), the house rules, the "
                "profile texts (bio), the pinned post, the webcare replies or the privacy statement."
            ),
        )
        generate.add_argument(
            "--org",
            help=_("The organisation's slug: its name, country and kind decide the text."),
        )
        generate.add_argument(
            "--organisation-name", help=_("The organisation's name as printed in the document.")
        )
        generate.add_argument("--audience", choices=list(services.AUDIENCE_WORDS))
        generate.add_argument(
            "--country",
            help=_("Country code (NL, BE, GB): the laws named and the emergency number."),
        )
        generate.add_argument(
            "--kind",
            choices=list(Organisation.Kind.values),
            help=_("The kind of organisation: a public body has a legal duty to keep records."),
        )
        generate.add_argument(
            "--accept-conflicts",
            action="store_true",
            help=_("Write the document even when answers conflict."),
        )
        generate.add_argument("--out", required=True, help=_("Where to write the document."))

        publish = sub.add_parser(
            "publish",
            help=_("Publish a draft version, as a communications lead does after adoption."),
        )
        publish.add_argument("--org", required=True, help=_("The organisation's slug."))
        publish.add_argument(
            "--version", required=True, type=int, help=_("The number of the draft to publish.")
        )
        publish.add_argument(
            "--notify",
            action=argparse.BooleanOptionalAction,
            default=True,
            help=_("E-mail every member what changed and where to confirm it (default: yes)."),
        )
        publish.add_argument("--lang", choices=["en", "nl"], default="en")

    def handle(self, *args, **options):
        with translation.override(options["lang"]):
            action = options["action"]
            if action == "questions":
                return self.questions(options)
            if action == "example-answers":
                return self.example_answers(options)
            if action == "publish":
                return self.publish(options)
            return self.generate(options)

    def publish(self, options) -> None:
        organisation = organisation_option(options["org"])
        number = options["version"]
        version = services.versions(organisation).filter(number=number).first()
        if version is None:
            raise CommandError(
                _("%(organisation)s has no version %(number)s.")
                % {"organisation": organisation.slug, "number": number},
                returncode=2,
            )
        try:
            version = services.publish(version, None)
        except services.PolicyError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(_("Version %(number)s is published.") % {"number": version.number})
        if options["notify"]:
            try:
                sent = services.notify_members(version, None, services.site_url())
            except OSError as exc:
                raise CommandError(
                    _("The version is published, but the e-mail to the members failed: %(error)s")
                    % {"error": exc},
                    returncode=1,
                ) from None
            self.stdout.write(
                ngettext("We e-mailed %(count)s member.", "We e-mailed %(count)s members.", sent)
                % {"count": sent}
            )

    # --- subcommands ---------------------------------------------------------

    def questions(self, options) -> None:
        language = options["lang"]
        if options["format"] == "json":
            self.stdout.write(json.dumps(questions_json(language), ensure_ascii=False, indent=2))
            return
        from rich.console import Console
        from rich.table import Table

        console = Console(file=self.stdout._out, width=120, highlight=False, soft_wrap=False)
        content = services.load_content()
        for number, page in enumerate(content.pages, start=1):
            table = Table(
                title=f"{number}. {page.title[language]}",
                title_justify="left",
                show_lines=True,
                expand=True,
            )
            table.add_column(_("Answer id"), style="bold", no_wrap=True)
            table.add_column(_("Question"), ratio=3)
            table.add_column(_("Allowed"), ratio=2)
            for q in content.page_questions(page.id):
                allowed = services.allowed_text(q, language)
                if q.choices:
                    allowed += "\n" + "\n".join(
                        f"• {c.value}: {c.label[language]}" for c in q.choices
                    )
                question = q.text[language]
                if q.show_if:
                    question += "\n" + _("Only asked when %(condition)s.") % {
                        "condition": describe_condition(q.show_if)
                    }
                table.add_row(q.id, question, allowed)
            console.print(table)
            console.print()

    def example_answers(self, options) -> None:
        text = example_answers_yaml(options["lang"])
        if options.get("out"):
            path = Path(options["out"])
            self._check_directory(path)
            write_atomically(path, text.encode("utf-8"))
            self.stdout.write(_("Written: %(path)s") % {"path": path})
        else:
            self.stdout.write(text)

    def _check_directory(self, path: Path) -> None:
        if not (path.parent if str(path.parent) else Path(".")).is_dir():
            raise CommandError(
                _("The folder for %(path)s does not exist. Allowed: a file in an existing folder.")
                % {"path": path},
                returncode=2,
            )

    def _read_answers(self, name: str) -> Any:
        path = Path(name)
        too_large = CommandError(
            _("The answers file %(path)s is too large. Allowed: at most 1 MB.") % {"path": path},
            returncode=2,
        )
        try:
            # Checked by its size before reading; never more than the limit is read.
            if path.stat().st_size > MAX_ANSWERS_BYTES:
                raise too_large
            with path.open("rb") as handle:
                raw = handle.read(MAX_ANSWERS_BYTES + 1)
        except FileNotFoundError as exc:
            raise CommandError(
                _("The answers file %(path)s does not exist.") % {"path": path}, returncode=2
            ) from exc
        except (IsADirectoryError, PermissionError) as exc:
            raise self._unreadable(path) from exc
        if len(raw) > MAX_ANSWERS_BYTES:
            raise too_large
        try:
            # Core's reader: anchors and aliases refused (no "billion laughs").
            return parse_yaml(raw, max_bytes=MAX_ANSWERS_BYTES)
        except YamlError as exc:
            if isinstance(exc.__cause__, UnicodeDecodeError):
                raise self._unreadable(path) from exc
            mark = getattr(exc.__cause__, "problem_mark", None)
            raise self._invalid(path, mark.line + 1 if mark is not None else None) from exc
        except (RecursionError, ValueError, TypeError, OverflowError) as exc:
            # Nested too deeply, a number of thousands of digits, a date like 2020-13-45.
            raise self._invalid(path, None) from exc

    def _unreadable(self, path: Path) -> CommandError:
        return CommandError(
            _("The answers file %(path)s cannot be read. Allowed: a YAML text file (UTF-8).")
            % {"path": path},
            returncode=2,
        )

    def _invalid(self, path: Path, line: int | None) -> CommandError:
        where = _(" (line %(line)s)") % {"line": line} if line is not None else ""
        return CommandError(
            _(
                "The answers file %(path)s is not valid YAML%(where)s. Allowed: one “question_id: answer” per line; "
                "run `govsocial policy example-answers` for a complete example."
            )
            % {"path": path, "where": where},
            returncode=2,
        )

    def _check_conflicts(self, answers, facts, language: str, options) -> None:
        """Exit 2 naming every conflict, unless the person accepts them."""
        found = services.conflicts(answers, facts, language)
        if not found:
            return
        lines = []
        for conflict in found:
            lines.append(f"  - {conflict.id}: {conflict.title}. {conflict.detail}")
            lines += [f"      {line}" for line in conflict.lines]
        if options["accept_conflicts"]:
            self.stderr.write(_("Written despite these conflicts:") + "\n" + "\n".join(lines))
            return
        raise CommandError(
            "\n".join(
                [
                    _("The answers in %(path)s conflict; nothing was written:")
                    % {"path": options["answers"]},
                    *lines,
                    _("Change the answers, or run again with --accept-conflicts."),
                ]
            ),
            returncode=2,
        )

    def generate(self, options) -> None:
        from govsocial.documents import render

        language = options["lang"]
        out = Path(options["out"])
        fmt = options["format"] or (
            out.suffix.lstrip(".").lower()
            if out.suffix.lstrip(".").lower() in services.FORMATS
            else "pdf"
        )
        raw = self._read_answers(options["answers"])
        organisation = organisation_option(options["org"]) if options.get("org") else None
        facts = services.organisation_facts(
            organisation, country=options.get("country"), kind=options.get("kind")
        )
        try:
            answers = services.validate_answers(raw, known=facts.conditions())
        except services.AnswersInvalid as exc:
            lines = [
                _("The answers file %(path)s has problems; nothing was written:")
                % {"path": options["answers"]}
            ]
            problems = [e for e in exc.errors if e.code != "missing"]
            missing = [e for e in exc.errors if e.code == "missing"]
            if len(missing) > 3:
                problems.append(
                    services.AnswerError(
                        "",
                        _(
                            "These questions are not answered: %(ids)s. Run `govsocial policy example-answers` for a complete file."
                        )
                        % {"ids": ", ".join(e.question for e in missing)},
                    )
                )
            else:
                problems += missing
            lines += [f"  - {error}" for error in problems]
            raise CommandError("\n".join(lines), returncode=2) from exc
        self._check_conflicts(answers, facts, language, options)
        self._check_directory(out)
        if options["house_rules"] and options["document"] not in (None, "house_rules"):
            raise CommandError(
                _("Choose one document: --house-rules or --document %(kind)s, not both.")
                % {"kind": options["document"]},
                returncode=2,
            )
        kind = options["document"] or ("house_rules" if options["house_rules"] else "policy")
        document = services.build_document(
            kind,
            answers,
            language,
            organisation=organisation,
            organisation_name=options["organisation_name"],
            audience=options["audience"],
            country=options.get("country"),
            organisation_kind=facts.kind,
        )
        data = render.render(document, fmt)
        write_atomically(out, data)
        self.stdout.write(
            _("Written: %(path)s (%(format)s, %(size)s bytes)")
            % {"path": out, "format": fmt, "size": len(data)}
        )

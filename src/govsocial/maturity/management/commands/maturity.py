"""govsocial maturity: the command-line twin of the maturity self-assessment."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from govsocial.core.files import write_atomically
from govsocial.maturity import services
from govsocial.maturity.content import load_content

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class Command(BaseCommand):
    help = "The maturity self-assessment: questions, example answers, scoring and the benchmark."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)

        questions = sub.add_parser("questions", help="List the questions and their levels.")
        questions.add_argument("--lang", choices=LANGUAGES, default="en")
        questions.add_argument("--format", choices=["text", "json"], default="text")

        example = sub.add_parser("example-answers", help="Print a complete example answers file.")
        example.add_argument("--lang", choices=LANGUAGES, default="en")
        example.add_argument("--format", choices=["yaml", "json"], default="yaml")
        example.add_argument("--out", help="Write to this file instead of the screen.")

        score = sub.add_parser("score", help="Score an answers file and write the scorecard.")
        score.add_argument("--answers", required=True, help="YAML or JSON answers file.")
        score.add_argument("--lang", choices=LANGUAGES, default="en")
        score.add_argument("--format", choices=["json", "html", "pdf"], default="json")
        score.add_argument("--out", required=True, help="Where to write the result.")

        bench = sub.add_parser("benchmark", help="Export or import benchmark aggregates as CSV.")
        bench_sub = bench.add_subparsers(dest="benchmark_action", required=True)
        export = bench_sub.add_parser(
            "export", help="Write this installation's benchmark aggregates."
        )
        export.add_argument("--out", required=True)
        export.add_argument("--lang", choices=LANGUAGES, default="en")
        imp = bench_sub.add_parser("import", help="Import aggregates from another installation.")
        imp.add_argument("file")
        imp.add_argument(
            "--label", required=True, help="How the set is shown, e.g. 'National benchmark 2025'."
        )
        imp.add_argument("--source", required=True, help="Where the figures come from.")
        imp.add_argument("--lang", choices=LANGUAGES, default="en")

    def handle(self, *args, **options):
        with translation.override(options.get("lang") or "en"):
            action = options["action"]
            if action == "questions":
                return self.questions(options)
            if action == "example-answers":
                return self.example(options)
            if action == "score":
                return self.score(options)
            return self.benchmark(options)

    def questions(self, options):
        language = options["lang"]
        content = load_content()
        if options["format"] == "json":
            data = {
                "themes": [
                    {
                        "id": theme.id,
                        "name": theme.name.get(language),
                        "questions": [
                            {
                                "id": q.id,
                                "number": q.number,
                                "text": q.text.get(language),
                                "levels": {
                                    str(i): level.get(language)
                                    for i, level in enumerate(q.levels, 1)
                                },
                            }
                            for q in theme.questions
                        ],
                    }
                    for theme in content.themes
                ],
                "dont_know": services.DONT_KNOW,
            }
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        for theme in content.themes:
            self.stdout.write(f"\n{theme.number}. {theme.name.get(language)}")
            self.stdout.write("=" * (len(theme.name.get(language)) + 3))
            for q in theme.questions:
                self.stdout.write(f"\n{q.number}. [{q.id}] {q.text.get(language)}")
                for i, level in enumerate(q.levels, 1):
                    self.stdout.write(f"   {i}  {level.get(language)}")
                dont_know = _("Don't know")
                self.stdout.write(f"   {services.DONT_KNOW}  {dont_know}")

    def example(self, options):
        text = services.answers_file(services.example_answers(), options["lang"], options["format"])
        if options.get("out"):
            write_atomically(Path(options["out"]), text.encode("utf-8"))
            self.stdout.write(_("Wrote %(path)s") % {"path": options["out"]})
        else:
            self.stdout.write(text, ending="")

    def score(self, options):
        language = options["lang"]
        path = Path(options["answers"])
        try:
            raw = services.read_capped(path, services.MAX_ANSWERS_BYTES)
        except OSError as exc:
            raise CommandError(
                _("Cannot read the answers file %(path)s: %(error)s")
                % {"path": path, "error": exc.strerror},
                returncode=2,
            ) from exc
        try:
            if raw is None:
                raise services.AnswersError(services.too_large())
            answers = services.parse_answers_file(raw)
        except services.AnswersError as exc:
            raise CommandError(
                _("%(path)s: %(problem)s Nothing was written.") % {"path": path, "problem": exc},
                returncode=2,
            ) from exc
        out = Path(options["out"])
        if not out.resolve().parent.is_dir():
            raise CommandError(
                _("The folder for %(path)s does not exist.") % {"path": out}, returncode=2
            )
        data, document = services.answers_report_document(answers, language)
        fmt = options["format"]
        if fmt == "json":
            payload = {
                "language": language,
                "overall": data["overall"],
                "themes": [
                    {
                        "id": t["id"],
                        "name": t["name"],
                        "score": t["score"],
                        "stage": t["stage"],
                        "answered": t["answered"],
                        "dont_know": t["dont_know"],
                        "dont_know_share": t["dont_know_share"],
                        "questions": t["questions"],
                        "dont_know_questions": [q["id"] for q in t["dont_know_questions"]],
                        "unanswered": t["unanswered"],
                    }
                    for t in data["themes"]
                ],
                "dont_know": {t["id"]: t["dont_know"] for t in data["themes"]},
                "recommendations": data["recommendations"],
                "contradictions": data["contradictions"],
            }
            blob = (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        else:
            from govsocial.documents.render import render

            blob = render(document, fmt)
        write_atomically(out, blob)
        for theme in data["themes"]:
            self.stdout.write(
                _("%(theme)s: %(score)s/100, “Don't know” %(dont_know)s")
                % {
                    "theme": theme["name"],
                    "score": services.format_score(theme["score"]),
                    "dont_know": theme["dont_know_text"],
                }
            )
        overall = data["overall"]
        if overall["stage"]:
            self.stdout.write(
                _("Overall: %(score)s/100, stage %(number)s (%(name)s). Written to %(path)s")
                % {
                    "score": services.format_score(overall["score"]),
                    "number": overall["stage"]["number"],
                    "name": overall["stage"]["name"],
                    "path": out,
                }
            )
        else:
            self.stdout.write(
                _("No overall stage. %(reason)s Written to %(path)s")
                % {"reason": data["unscored_text"], "path": out}
            )

    def benchmark(self, options):
        if options["benchmark_action"] == "export":
            text = services.export_benchmark_csv()
            write_atomically(Path(options["out"]), text.encode("utf-8"))
            rows = max(text.count("\n") - 1, 0)
            self.stdout.write(
                ngettext(
                    "Wrote %(rows)s benchmark row to %(path)s",
                    "Wrote %(rows)s benchmark rows to %(path)s",
                    rows,
                )
                % {"rows": rows, "path": options["out"]}
            )
            return
        path = Path(options["file"])
        try:
            raw = services.read_capped(path, services.MAX_BENCHMARK_BYTES)
            text = raw.decode("utf-8") if raw is not None else None
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(
                _("Cannot read %(path)s as UTF-8 text.") % {"path": path}, returncode=2
            ) from exc
        try:
            if text is None:
                raise services.BenchmarkImportError(services.benchmark_too_large())
            benchmark_set = services.import_benchmark_csv(text, options["label"], options["source"])
        except services.BenchmarkImportError as exc:
            raise CommandError(
                _("%(path)s: %(problem)s Nothing was imported.") % {"path": path, "problem": exc},
                returncode=2,
            ) from exc
        self.stdout.write(
            ngettext(
                "Imported “%(label)s” with %(rows)s row; every organisation here can compare with it.",
                "Imported “%(label)s” with %(rows)s rows; every organisation here can compare with it.",
                len(benchmark_set.rows),
            )
            % {"label": benchmark_set.label, "rows": len(benchmark_set.rows)}
        )
        sys.stdout.flush()

"""The scorecard: the report, the chosen comparison, the charts and the history, in one place
for the page, the PDF and the command line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from govsocial.core.dates import short_date
from govsocial.core.models import Organisation
from govsocial.documents import charts as chart_kit
from govsocial.documents.model import Document

from ..models import Assessment, BenchmarkSet
from .answers import content
from .benchmarking import (
    PEER_GROUP_LABELS,
    PEER_GROUPS,
    benchmark,
    benchmark_sets_for,
    set_text,
)
from .benchmarking import peer_group_label as _peer_group_label
from .document import build_document, theme_table
from .findings import report
from .rounds import history


@dataclass
class Comparison:
    """What the scorecard compares with: a peer group here, or an imported set."""

    group: str = "all"
    benchmark_set: BenchmarkSet | None = None
    selected: str = "all"  # the value of the "Compare with" choice
    choices: list[tuple[str, str]] = field(default_factory=list)
    bench: dict | None = None  # the benchmark for group "all" here, when already worked out


def _comparison_choices(
    organisation: Organisation | None, sets: list[BenchmarkSet]
) -> list[tuple[str, str]]:
    choices = [("all", str(PEER_GROUP_LABELS["all"]))]
    if organisation is not None:
        choices += [(g, _peer_group_label(organisation, g)) for g in PEER_GROUPS[1:]]
    for benchmark_set in sets:
        choices.append(
            (
                f"set-{benchmark_set.pk}",
                _("Imported: %(label)s") % {"label": set_text(benchmark_set.label)},
            )
        )
    return choices


def comparison(
    organisation: Organisation | None, compare: str | None, group: str = "all"
) -> Comparison:
    """The chosen comparison. Without a choice (`compare` None): this installation's
    organisations, or the newest imported set when this installation has too few
    organisations to show."""
    sets = list(benchmark_sets_for(organisation))
    choices = _comparison_choices(organisation, sets)
    if compare is None:
        here = benchmark(organisation, "all")
        if sets and not here["available"]:
            return Comparison("all", sets[0], f"set-{sets[0].pk}", choices)
        return Comparison("all", None, "all", choices, bench=here)
    if compare.startswith("set-"):
        try:
            wanted = int(compare[4:])
        except ValueError:
            wanted = None
        chosen = next((s for s in sets if s.pk == wanted), None)
        if chosen is None:
            return Comparison("all", None, "all", choices)
        return Comparison(group, chosen, compare, choices)
    if compare not in PEER_GROUPS or (organisation is None and compare != "all"):
        compare = "all"
    return Comparison(compare, None, compare, choices)


def scorecard_charts(data: dict, bench: dict, past: list[tuple[str, dict]], language: str) -> dict:
    """The radar, the bars against the benchmark and the progress lines, as documents.charts Charts."""
    with translation.override(language):
        names = [t["name"] for t in data["themes"]]
        # A theme without a score stays None: the chart leaves it at the centre and the
        # data table beside it says "–", never a made-up 0.
        scores = [t["score"] for t in data["themes"]]
        peers = [(bench["themes"][t["id"]] or {}) for t in data["themes"]]
        series = [(_("Your scores"), scores)]
        if bench["available"]:
            series.append((_("Benchmark median"), [p.get("median") for p in peers]))
        radar = chart_kit.radar_chart(
            names, series, _("Scores per theme (0–100)"), 100, category_label=_("Theme")
        )
        medians = q1s = q3s = None
        if bench["available"]:
            medians = [p.get("median") for p in peers]
            q1s = [p.get("q1") for p in peers]
            q3s = [p.get("q3") for p in peers]
        bars = chart_kit.range_bar_chart(
            names,
            scores,
            medians,
            q1s,
            q3s,
            _("Your score per theme against the benchmark"),
            100,
        )
        progress = None
        if len(past) >= 2:
            progress = chart_kit.line_chart(
                [label for label, _scores in past],
                [
                    (t["name"], [scores.get(t["id"]) for _label, scores in past])
                    for t in data["themes"]
                ],
                _("Progress per theme across assessments"),
                100,
                category_label=_("Assessment"),
            )
    return {"radar": radar, "bars": bars, "progress": progress}


def history_points(
    organisation: Organisation | None, upto: Assessment | None, language: str
) -> list:
    if organisation is None:
        return []
    points = []
    for past in history(organisation):
        if (
            upto is not None
            and upto.completed_at
            and past.completed_at
            and past.completed_at > upto.completed_at
        ):
            continue
        label = (
            short_date(timezone.localtime(past.completed_at), language)
            if past.completed_at
            else "–"
        )
        points.append((label, past.theme_scores))
    return points


def scorecard(
    assessment: Assessment,
    language: str,
    group: str = "all",
    benchmark_set: BenchmarkSet | None = None,
    *,
    bench: dict | None = None,
) -> dict:
    """All the scorecard shows, as plain values and Charts.

    `bench` is the benchmark when the caller already worked it out in `language`
    (see `comparison`), so the page asks the database once.
    """
    with translation.override(language):
        data = report(
            assessment.answers,
            language,
            assessment.organisation,
            respondents=assessment.respondent_count or None,
        )
        if bench is None:
            bench = benchmark(assessment.organisation, group, benchmark_set)
        past = history_points(assessment.organisation, assessment, language)
        charts = scorecard_charts(data, bench, past, language)
        table = theme_table(data, bench)
        # The radar and the bars share one table of numbers (the page and the PDF alike).
        for name in ("radar", "bars"):
            charts[name] = replace(charts[name], data_in=table.caption)
        stage_rows = []
        for theme in data["themes"]:
            peer = bench["themes"].get(theme["id"]) if bench["available"] else None
            stage_rows.append({**theme, "peer": peer})
        return {
            "assessment": assessment,
            "report": data,
            "benchmark": bench,
            "charts": charts,
            "theme_table": table,
            "themes": stage_rows,
            "history": past,
            "stages": [
                {
                    "number": s.number,
                    "name": s.name.get(language),
                    "description": s.description.get(language),
                    "min_score": s.min_score,
                }
                for s in content().stages
            ],
        }


def scorecard_document(
    assessment: Assessment,
    language: str,
    group: str = "all",
    benchmark_set: BenchmarkSet | None = None,
) -> Document:
    """The scorecard as a documents.model.Document (for PDF and other formats)."""
    card = scorecard(assessment, language, group, benchmark_set)
    return build_document(
        card["report"],
        card["benchmark"],
        card["charts"],
        language,
        organisation=assessment.organisation,
        assessment=assessment,
    )


def scorecard_pdf(
    assessment: Assessment,
    language: str,
    group: str = "all",
    benchmark_set: BenchmarkSet | None = None,
) -> bytes:
    from govsocial.documents.render import render

    document = scorecard_document(assessment, language, group, benchmark_set)
    return render(document, "pdf", organisation=assessment.organisation)


def answers_report_document(answers: Mapping[str, Any], language: str) -> tuple[dict, Document]:
    """The scorecard for loose answers (the command line): no organisation, history or benchmark."""
    data = report(answers, language, None, facts={})
    bench = {"available": False, "themes": {t["id"]: None for t in data["themes"]}}
    charts = scorecard_charts(data, bench, [], language)
    return data, build_document(data, None, charts, language)

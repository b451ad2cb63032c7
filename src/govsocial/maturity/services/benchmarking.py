"""The benchmark: peers' medians and quartiles per theme, from this installation or a CSV set.

Only aggregates over at least MIN_PEERS organisations are ever shown or exported,
so no single organisation's result can be read from them.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govsocial.core.content import excerpt
from govsocial.core.errors import GovSocialError
from govsocial.core.models import Organisation
from govsocial.core.services import record_event

from ..models import Assessment, BenchmarkSet
from .answers import content

MIN_PEERS = 5
PEER_GROUPS = ("all", "kind", "size_band", "country")
PEER_GROUP_LABELS = {
    "all": gettext_lazy("All organisations"),
    "kind": gettext_lazy("Same kind of organisation"),
    "size_band": gettext_lazy("Same size"),
    "country": gettext_lazy("Same country"),
}
CSV_HEADER = ["group", "value", "theme", "organisations", "median", "q1", "q3"]
# A benchmark is a few hundred lines (peer groups × themes); the file is checked
# by its size before it is read.
MAX_BENCHMARK_BYTES = 1024 * 1024
# A peer group's value is a code such as a kind of organisation or a country.
MAX_VALUE_LENGTH = 64


class BenchmarkImportError(GovSocialError, ValueError):
    pass


def benchmark_too_large() -> str:
    return _("The file is too large for a benchmark file: at most %(size)s KB.") % {
        "size": MAX_BENCHMARK_BYTES // 1024
    }


def peer_group_value(organisation: Organisation | None, group: str) -> str | None:
    if group == "all" or organisation is None:
        return None
    return getattr(organisation, group)


def peer_group_label(organisation: Organisation | None, group: str) -> str:
    if group == "all" or organisation is None:
        return str(PEER_GROUP_LABELS["all"])
    display = getattr(organisation, f"get_{group}_display", None)
    value = display() if display else getattr(organisation, group)
    return f"{PEER_GROUP_LABELS[group]}: {value}"


def peer_theme_scores(
    exclude_organisation_id: int | None = None, group: str = "all", value: str | None = None
) -> list[dict]:
    """Theme scores of each other organisation's latest completed assessment in the group."""
    queryset = Assessment.objects.filter(
        is_latest=True, status=Assessment.Status.COMPLETED, organisation__isnull=False
    )
    if exclude_organisation_id is not None:
        queryset = queryset.exclude(organisation_id=exclude_organisation_id)
    if group != "all":
        queryset = queryset.filter(**{f"organisation__{group}": value})
    return list(queryset.values_list("theme_scores", flat=True))


def aggregate(score_sets: Iterable[Mapping[str, float | None]], theme_ids: Iterable[str]) -> dict:
    """Median and quartiles per theme over organisations; a theme with fewer than five scores gets none."""
    score_sets = list(score_sets)
    themes: dict[str, dict[str, float] | None] = {}
    for tid in theme_ids:
        values = sorted(v for s in score_sets if (v := s.get(tid)) is not None)
        if len(values) >= MIN_PEERS:
            q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
            themes[tid] = {
                "organisations": len(values),
                "median": round(median, 1),
                "q1": round(q1, 1),
                "q3": round(q3, 1),
            }
        else:
            themes[tid] = None
    return {"organisations": len(score_sets), "themes": themes}


# The demo's synthetic set is stored with one text holding both languages; shown in the
# reader's. An imported set keeps its own words (its label may well contain " / ").
SYNTHETIC_SET_LABEL = (
    "Synthetic peer set (demo data, not real organisations) / "
    "Synthetische vergelijkingsgroep (demodata, geen echte organisaties)"
)
SYNTHETIC_SET_SOURCE = (
    "GovSocial demo data: 48 made-up organisations, not real results / "
    "GovSocial-demodata: 48 verzonnen organisaties, geen echte resultaten"
)
_DEMO_SET_TEXTS = {
    SYNTHETIC_SET_LABEL: gettext_lazy("Synthetic peer set (demo data, not real organisations)"),
    SYNTHETIC_SET_SOURCE: gettext_lazy(
        "GovSocial demo data: 48 made-up organisations, not real results"
    ),
}


def set_text(text: str) -> str:
    """A benchmark set's label or source in the active language, where GovSocial wrote it."""
    return str(_DEMO_SET_TEXTS.get(text, text))


def _from_set(
    benchmark_set: BenchmarkSet, group: str, value: str | None, theme_ids: list[str]
) -> tuple[dict[str, dict[str, Any] | None], int, str]:
    themes: dict[str, dict[str, Any] | None] = {tid: None for tid in theme_ids}
    count = 0
    for row in benchmark_set.rows:
        if row["group"] != group or (group != "all" and row["value"] != value):
            continue
        if row["theme"] in themes and row["organisations"] >= MIN_PEERS:
            themes[row["theme"]] = {k: row[k] for k in ("organisations", "median", "q1", "q3")}
            count = max(count, row["organisations"])
    source = _("Imported: %(label)s (source: %(source)s)") % {
        "label": set_text(benchmark_set.label),
        "source": set_text(benchmark_set.source),
    }
    return themes, count, source


def benchmark(
    organisation: Organisation | None,
    group: str = "all",
    benchmark_set: BenchmarkSet | None = None,
) -> dict:
    """The peer group's median and interquartile range per theme, or why it cannot be shown."""
    theme_ids = [t.id for t in content().themes]
    if group not in PEER_GROUPS or (organisation is None and group != "all"):
        group = "all"
    value = peer_group_value(organisation, group)
    if benchmark_set is not None:
        themes, count, source = _from_set(benchmark_set, group, value, theme_ids)
    else:
        scores = peer_theme_scores(organisation.pk if organisation else None, group, value)
        aggregated = aggregate(scores, theme_ids)
        themes, count = aggregated["themes"], aggregated["organisations"]
        source = _("Organisations on this installation")
    available = count >= MIN_PEERS and any(themes.values())
    reason = ""
    if not available:
        reason = _(
            "The benchmark is shown only for a peer group of at least %(min)s other organisations "
            "with a completed assessment, so that no single organisation's result can be read from it. "
            "This peer group has %(count)s."
        ) % {"min": MIN_PEERS, "count": count}
    return {
        "available": available,
        "reason": reason,
        "organisations": count,
        "group": group,
        "label": peer_group_label(organisation, group),
        "source": source,
        "themes": themes if available else {tid: None for tid in theme_ids},
    }


def benchmark_rows(latest: Iterable[tuple[Mapping, str, str, str]] | None = None) -> list[dict]:
    """Aggregates for every peer group that holds at least five organisations.

    `latest` is (theme scores, kind, size band, country) per organisation; by default
    the latest completed assessment of each organisation on this installation.
    """
    theme_ids = [t.id for t in content().themes]
    if latest is None:
        latest = Assessment.objects.filter(
            is_latest=True, status=Assessment.Status.COMPLETED, organisation__isnull=False
        ).values_list(
            "theme_scores", "organisation__kind", "organisation__size_band", "organisation__country"
        )
    latest = list(latest)
    groups: dict[tuple[str, str], list[Mapping]] = {("all", ""): [row[0] for row in latest]}
    for scores, kind, size_band, country in latest:
        for group, value in (("kind", kind), ("size_band", size_band), ("country", country)):
            groups.setdefault((group, value), []).append(scores)
    rows = []
    for (group, value), score_sets in sorted(groups.items()):
        for tid, data in aggregate(score_sets, theme_ids)["themes"].items():
            if data is not None:
                rows.append({"group": group, "value": value, "theme": tid, **data})
    return rows


def export_benchmark_csv() -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_HEADER, lineterminator="\n")
    writer.writeheader()
    for row in benchmark_rows():
        writer.writerow(row)
    return buffer.getvalue()


def _csv_row(raw: Mapping[str, Any], line: int, theme_ids: set[str]) -> dict:
    """One checked line of a benchmark CSV; BenchmarkImportError names the line."""
    try:
        group = raw["group"].strip()
        theme = raw["theme"].strip()
        organisations = int(raw["organisations"])
        median, q1, q3 = (float(raw[k]) for k in ("median", "q1", "q3"))
    except (TypeError, ValueError, AttributeError) as exc:
        raise BenchmarkImportError(
            _("Line %(line)s: organisations must be a whole number and median, q1 and q3 numbers.")
            % {"line": line}
        ) from exc
    if group not in PEER_GROUPS:
        raise BenchmarkImportError(
            _("Line %(line)s: unknown group “%(group)s”; allowed: %(allowed)s.")
            % {"line": line, "group": excerpt(group, 40), "allowed": ", ".join(PEER_GROUPS)}
        )
    if theme not in theme_ids:
        raise BenchmarkImportError(
            _("Line %(line)s: unknown theme “%(theme)s”; allowed: %(allowed)s.")
            % {"line": line, "theme": excerpt(theme, 40), "allowed": ", ".join(sorted(theme_ids))}
        )
    value = (raw["value"] or "").strip()
    if len(value) > MAX_VALUE_LENGTH or not value.isprintable():
        raise BenchmarkImportError(
            _(
                "Line %(line)s: the value “%(value)s” is not a peer group value (at most %(max)s letters, digits or signs)."
            )
            % {"line": line, "value": excerpt(value, 40), "max": MAX_VALUE_LENGTH}
        )
    if organisations < MIN_PEERS:
        raise BenchmarkImportError(
            _("Line %(line)s: a peer group needs at least %(min)s organisations.")
            % {"line": line, "min": MIN_PEERS}
        )
    if not (0 <= q1 <= median <= q3 <= 100):
        raise BenchmarkImportError(
            _("Line %(line)s: the figures must satisfy 0 ≤ q1 ≤ median ≤ q3 ≤ 100.")
            % {"line": line}
        )
    return {
        "group": group,
        "value": value,
        "theme": theme,
        "organisations": organisations,
        "median": median,
        "q1": q1,
        "q3": q3,
    }


def parse_benchmark_csv(text: str) -> list[dict]:
    """Validate a benchmark CSV; BenchmarkImportError names the line and what is wrong."""
    if len(text.encode("utf-8", "replace")) > MAX_BENCHMARK_BYTES:
        raise BenchmarkImportError(benchmark_too_large())
    theme_ids = {t.id for t in content().themes}
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        if reader.fieldnames is None or [f.strip() for f in reader.fieldnames] != CSV_HEADER:
            raise BenchmarkImportError(
                _("The first line must be the columns %(columns)s.")
                % {"columns": ",".join(CSV_HEADER)}
            )
        rows = [_csv_row(raw, line, theme_ids) for line, raw in enumerate(reader, start=2)]
    except csv.Error as exc:  # a field over the csv module's limit, a NUL byte, …
        raise BenchmarkImportError(
            _("Line %(line)s cannot be read as CSV: a field is far too long or malformed.")
            % {"line": reader.line_num}
        ) from exc
    if not rows:
        raise BenchmarkImportError(_("The file holds no benchmark figures."))
    return rows


def import_benchmark_csv(
    text: str, label: str, source: str, organisation: Organisation | None = None, person=None
) -> BenchmarkSet:
    rows = parse_benchmark_csv(text)
    with transaction.atomic():
        benchmark_set = BenchmarkSet.objects.create(
            organisation=organisation,
            label=label.strip()[:200],
            source=source.strip()[:300],
            rows=rows,
            imported_by=person,
        )
        if organisation is not None:
            record_event(
                organisation,
                person,
                "maturity.benchmark_imported",
                benchmark_set,
                _("Benchmark imported: %(label)s") % {"label": benchmark_set.label},
                rows=len(rows),
            )
    return benchmark_set


def benchmark_sets_for(organisation: Organisation | None):
    queryset = BenchmarkSet.objects.filter(organisation__isnull=True)
    if organisation is not None:
        queryset = BenchmarkSet.objects.filter(organisation=organisation) | queryset
    return queryset.order_by("-imported_at", "-id")

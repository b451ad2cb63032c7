"""The scorecard as a documents.model.Document, for PDF, Word, HTML and Markdown."""

from __future__ import annotations

from dataclasses import replace

from django.utils import formats, timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govsocial.core.models import Organisation
from govsocial.documents.model import (
    Block,
    BulletList,
    Document,
    Note,
    Paragraph,
    Section,
    Table,
)

from ..models import Assessment


def format_score(value: float | None) -> str:
    """A score as people read it in the active language (34.7 / 34,7)."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return str(int(value))
    return formats.number_format(round(float(value), 1), 1)


def _meta(
    data: dict, language: str, organisation: Organisation | None, assessment: Assessment | None
) -> list[tuple[str, str]]:
    meta = []
    if organisation is not None:
        meta.append((_("Organisation"), organisation.name(language)))
    if assessment is not None and assessment.completed_at:
        meta.append(
            (_("Completed"), date_format(timezone.localtime(assessment.completed_at), "j F Y"))
        )
        meta.append((_("Respondents"), str(assessment.respondent_count)))
    meta.append((_("Questions answered"), data["answered_text"]))
    overall = data["overall"]
    if overall["stage"]:
        meta.append(
            (_("Overall stage"), f"{overall['stage']['number']}. {overall['stage']['name']}")
        )
    return meta


def _overall_section(data: dict) -> Section:
    overall = data["overall"]
    summary: list[Block] = []
    if overall["stage"]:
        summary.append(
            Paragraph(
                _("Overall score %(score)s out of 100: stage %(number)s, %(name)s.")
                % {
                    "score": format_score(overall["score"]),
                    "number": overall["stage"]["number"],
                    "name": overall["stage"]["name"],
                },
                emphasis=True,
            )
        )
        summary.append(Paragraph(overall["stage"]["description"]))
    else:
        summary.append(
            Paragraph(_("Not enough questions were answered with a level to give a score."))
        )
    if data["unscored_text"]:
        summary.append(Note(data["unscored_text"]))
    return Section(_("Overall stage"), summary, id="overall")


def theme_table(data: dict, bench: dict | None) -> Table:
    """The one table of numbers per theme; the charts above it point here instead of
    repeating the same numbers in tables of their own."""
    with_bench = bench is not None and bench["available"]
    header = [_("Theme"), _("Score"), _("Stage"), _("Don't know")]
    if with_bench:
        header += [_("Benchmark median"), _("Middle half of organisations")]
    rows = []
    for t in data["themes"]:
        row = [
            t["name"],
            format_score(t["score"]),
            f"{t['stage']['number']}. {t['stage']['name']}" if t["stage"] else "–",
            t["dont_know_text"],
        ]
        if with_bench:
            peer = bench["themes"].get(t["id"]) or {}  # type: ignore[index]
            q1, q3 = peer.get("q1"), peer.get("q3")
            band = (
                f"{format_score(q1)}–{format_score(q3)}"
                if q1 is not None and q3 is not None
                else "–"
            )
            row += [format_score(peer.get("median")), band]
        rows.append(row)
    return Table(
        header=header, rows=rows, caption=_("Score, stage and share of unknown answers per theme")
    )


def _themes_section(data: dict, bench: dict | None, charts: dict) -> Section:
    table = theme_table(data, bench)
    blocks: list = [
        replace(charts["radar"], data_in=table.caption),
        replace(charts["bars"], data_in=table.caption),
        table,
    ]
    if bench is not None and bench["available"]:
        blocks.append(
            Note(
                _(
                    "Benchmark: %(label)s — %(count)s organisations (%(source)s). "
                    "The band shows the middle half of the peer group."
                )
                % {
                    "label": bench["label"],
                    "count": bench["organisations"],
                    "source": bench["source"],
                }
            )
        )
    elif bench is not None:
        blocks.append(Note(bench["reason"]))
    return Section(_("Scores per theme"), blocks, id="themes")


def _dont_know_section(data: dict) -> Section:
    blocks: list = []
    if data["dont_know_total"]:
        blocks.append(Paragraph(data["dont_know_text"]))
        for theme in data["themes"]:
            if theme["dont_know_questions"]:
                blocks.append(
                    Section(
                        theme["name"],
                        [BulletList([q["text"] for q in theme["dont_know_questions"]])],
                    )
                )
    else:
        blocks.append(Paragraph(_("Every question was answered with a level of practice.")))
    return Section(_("What you do not know"), blocks, id="dont-know")


RECOMMENDATION_ORDER = gettext_lazy(
    "In the order to take them: the steps of the earliest stage first, "
    "and within a stage the most important first."
)


def _recommendations_section(data: dict) -> Section:
    blocks: list = []
    for number, rec in enumerate(data["recommendations"], start=1):
        blocks.append(
            Section(
                f"{number}. {rec['title']}",
                [
                    Note(rec["stage_text"]),
                    Paragraph(rec["why"]),
                    Paragraph(_("Next step: %(step)s") % {"step": rec["next_step"]}),
                ],
                id=f"rec-{rec['id']}",
            )
        )
    if blocks:
        blocks.insert(0, Paragraph(str(RECOMMENDATION_ORDER)))
    else:
        blocks.append(Paragraph(_("No recommendations: no rule applies to these answers.")))
    return Section(_("Recommendations"), blocks, id="recommendations")


def _contradictions_section(data: dict) -> Section:
    blocks: list = []
    if data["contradictions"]:
        blocks.append(
            Table(
                header=[_("One statement"), _("Cannot be true together with"), _("What to do")],
                rows=[
                    [
                        " ".join(f"{s['text']} ({s['source_label']})" for s in c["claims"]),
                        " ".join(f"{s['text']} ({s['source_label']})" for s in c["conflicts"]),
                        c["what_to_do"],
                    ]
                    for c in data["contradictions"]
                ],
                caption=_("Statements that contradict each other"),
            )
        )
    else:
        blocks.append(Paragraph(_("No contradictions were found.")))
    return Section(_("Contradictions"), blocks, id="contradictions")


def build_document(
    data: dict,
    bench: dict | None,
    charts: dict,
    language: str,
    organisation: Organisation | None = None,
    assessment: Assessment | None = None,
) -> Document:
    """The scorecard's sections from `report()` data, the benchmark and the charts."""
    with translation.override(language):
        sections = [
            _overall_section(data),
            _themes_section(data, bench, charts),
            _dont_know_section(data),
            _recommendations_section(data),
            _contradictions_section(data),
        ]
        if charts.get("progress") is not None:
            sections.append(Section(_("Progress over time"), [charts["progress"]], id="history"))
        return Document(
            title=_("Social media maturity scorecard"),
            language=language,
            organisation=organisation.name(language) if organisation else "",
            subtitle=_("Self-assessment in five themes"),
            meta=_meta(data, language, organisation, assessment),
            sections=sections,
        )

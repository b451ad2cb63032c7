"""What every document ends with: who adopted it, when, after consulting whom, and the sources.

The adoption block is part of the document itself, so it travels into every
export format (HTML, Markdown, DOCX, PDF). The staff policy also gets an
appendix of the legal references its clauses rest on, for the organisation's
country and kind, each with the date it was last checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from govsocial.documents.model import Paragraph, Section, Table

from ..content import Clause
from ..models import PolicyVersion
from .answers import load_content, matches, with_unit


def format_date(value: dt.date | dt.datetime | None, language: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    with translation.override(language):
        return date_format(value, "j F Y")


def _join(items: list[str], language: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" en " if language == "nl" else " and ") + items[-1]


def _consulted(answers: Mapping[str, Any], language: str) -> str:
    # Only who has been involved: who still must be is a plan, not a fact of adoption.
    question = load_content().questions["consulted"]
    texts = [c.text[language] for v in answers.get("consulted") or [] if (c := question.choice(v))]
    joined = _join(texts, language)
    return joined[:1].upper() + joined[1:] if joined else _("Nobody recorded")


def adoption_table(
    answers: Mapping[str, Any], language: str, version: PolicyVersion | None
) -> Table:
    """Adopted by, consulted, adopted on, version and next review, as a table."""
    with translation.override(language):
        adopted_by = str(answers.get("adopted_by") or "") or _("Not recorded in this version")
        if version is None:
            adopted_on = _("Not yet: this text is a preview, not a version")
            number = _("None yet")
        elif version.published_at is not None:
            adopted_on = format_date(version.published_at, language)
            number = str(version.number)
        else:
            adopted_on = _("Not yet: this version is a draft")
            number = _("%(number)s (draft)") % {"number": version.number}
        if version is not None and version.review_due:
            review = format_date(version.review_due, language)
        else:
            question = load_content().questions["review_interval_months"]
            months = answers.get("review_interval_months") or question.default
            review = _("%(interval)s after adoption") % {
                "interval": with_unit(question, months, language)
            }
        rows = [
            [_("Adopted by"), adopted_by[:1].upper() + adopted_by[1:]],
            [_("Consulted before adoption"), _consulted(answers, language)],
            [_("Adopted on"), adopted_on],
            [_("Version"), number],
            [_("Next review"), review],
        ]
        return Table(header=[_("Adoption"), _("Details")], rows=rows, caption=_("Adoption record"))


def references_appendix(
    clauses: Sequence[tuple[Clause, str]], conditions: Mapping[str, Any], language: str
) -> Section | None:
    """The legal references of the clauses in the document that apply to this organisation."""
    known = load_content().references
    used_in: dict[str, list[str]] = {}
    for clause, title in clauses:
        for rid in clause.references:
            if matches(known[rid].when, conditions) and title not in used_in.get(rid, []):
                used_in.setdefault(rid, []).append(title)
    if not used_in:
        return None
    with translation.override(language):
        rows = [
            [
                known[rid].cite[language],
                known[rid].about[language],
                "; ".join(titles),  # titles hold commas themselves
                format_date(known[rid].checked, language),
            ]
            for rid, titles in used_in.items()
        ]
        intro = _(
            "This policy rests on the laws and rulings below. Each row shows the date we last "
            "checked it. This list is no legal advice. Ask your legal adviser to check it before "
            "adoption."
        )
        table = Table(
            header=[_("Source"), _("What it means here"), _("Used in"), _("Last checked")],
            rows=rows,
            caption=_("Legal references and the date each was last checked"),
        )
        return Section(
            title=_("Appendix: legal references"), blocks=[Paragraph(intro), table], id="references"
        )

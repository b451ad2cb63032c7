"""A sample document with every kind of block, to check how a house template looks."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from . import charts
from .model import BulletList, Document, Note, PageBreak, Paragraph, Section, Table


def sample_document(language: str = "en", organisation: str = "") -> Document:
    with translation.override(language):
        themes = [_("Strategy"), _("Governance"), _("Content"), _("Engagement"), _("Measurement")]
        return Document(
            title=_("Sample document"),
            subtitle=_("How GovSocial documents look with your house style"),
            language=language,
            organisation=organisation,
            meta=[(_("Version"), "1"), (_("Status"), _("Example"))],
            contents=True,
            sections=[
                Section(
                    title=_("Purpose"),
                    id="purpose",
                    blocks=[
                        Paragraph(
                            _(
                                "This sample shows every part a GovSocial document can have: "
                                "headings, paragraphs, lists, tables, charts and notes."
                            ),
                            emphasis=True,
                        ),
                        Paragraph(
                            _(
                                "Staff policies, maturity scorecards, the training game and "
                                "monthly reports all use these same building blocks."
                            )
                        ),
                        Section(
                            title=_("Lists"),
                            id="lists",
                            blocks=[
                                BulletList(
                                    [
                                        _("Say who you are."),
                                        _("Be accurate and fair."),
                                        _("Answer questions."),
                                    ]
                                ),
                                BulletList(
                                    [_("Check the facts."), _("Ask a colleague."), _("Publish.")],
                                    ordered=True,
                                ),
                            ],
                        ),
                        Note(_("Source: the GovSocial sample text.")),
                    ],
                ),
                Section(
                    title=_("Tables and charts"),
                    id="figures",
                    blocks=[
                        Table(
                            header=[_("Role"), _("Responsibility")],
                            rows=[
                                [_("Communications lead"), _("Approves new accounts.")],
                                [
                                    _("Account owner"),
                                    _("Answers questions within the promised time."),
                                ],
                            ],
                            caption=_("Roles"),
                        ),
                        charts.range_bar_chart(
                            themes,
                            [62, 45, 71, 38, 55],
                            [55, 50, 60, 45, 40],
                            [40, 35, 48, 30, 28],
                            [68, 62, 72, 58, 52],
                            _("Scores compared with similar organisations"),
                        ),
                        PageBreak(),
                        charts.radar_chart(
                            themes,
                            [
                                (_("This year"), [62, 45, 71, 38, 55]),
                                (_("Last year"), [50, 40, 60, 35, 30]),
                            ],
                            _("Maturity by theme"),
                        ),
                        charts.line_chart(
                            [_("Jan"), _("Feb"), _("Mar"), _("Apr"), _("May"), _("Jun")],
                            [
                                (_("Questions answered in time (%)"), [81, 85, 78, 90, 92, 88]),
                                (_("Target"), [85, 85, 85, 85, 85, 85]),
                            ],
                            _("Response times"),
                        ),
                        charts.bar_chart(
                            ["Facebook", "Instagram", "LinkedIn", _("Website")],
                            [120, 95, 40, 210],
                            _("Questions per channel"),
                        ),
                    ],
                ),
            ],
        )

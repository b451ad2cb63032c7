import pytest
from django.utils import translation

from govsocial.documents import charts
from govsocial.documents.model import (
    BulletList,
    Document,
    Note,
    PageBreak,
    Paragraph,
    Section,
    Table,
)

EVIL = "<script>alert(1)</script> **bold** [link](http://example.org) & <b>x</b>"


def build_document(language: str = "en", organisation: str = "Example Council") -> Document:
    """A document with every kind of block, and untrusted text in every place text goes."""
    with translation.override(language):
        return Document(
            title=f"Staff policy {EVIL}",
            subtitle=f"Subtitle {EVIL}",
            language=language,
            organisation=organisation,
            meta=[("Version", "3"), (f"Owner {EVIL}", f"Value {EVIL}")],
            contents=True,
            sections=[
                Section(
                    title="Purpose and scope",
                    id="purpose",
                    blocks=[
                        Paragraph("An opening paragraph that leads in.", emphasis=True),
                        Paragraph(f"Paragraph {EVIL}\nsecond line"),
                        Section(
                            title="Nested part",
                            id="nested",
                            blocks=[
                                BulletList(["First bullet", f"Bullet {EVIL}"]),
                                BulletList(["Step one", "Step two"], ordered=True),
                                BulletList(["Again one", "Again two"], ordered=True),
                            ],
                        ),
                        Note(f"Note {EVIL}"),
                    ],
                ),
                Section(
                    title="Figures",
                    id="figures",
                    blocks=[
                        Table(
                            header=["Role", f"Duty {EVIL}"],
                            rows=[["Lead", f"Cell {EVIL}"], ["Editor", "Writes | edits"]],
                            caption=f"Caption {EVIL}",
                        ),
                        PageBreak(),
                        charts.radar_chart(
                            ["Strategy", "Governance", "Content"],
                            [("This year", [61, 42, 77]), ("Last year", [50, 40, 60])],
                            "Maturity by theme",
                        ),
                        charts.range_bar_chart(
                            ["Strategy", "Governance"],
                            [61, 42],
                            [55, 50],
                            [40, 35],
                            [68, 62],
                            "Benchmark",
                        ),
                        charts.bar_chart(
                            ["Facebook", "Website"], [120, 210], "Questions per channel"
                        ),
                        charts.line_chart(
                            ["Jan", "Feb", "Mar"], [("Answered", [81, 85, 78])], "Response"
                        ),
                    ],
                ),
            ],
        )


@pytest.fixture
def document():
    return build_document()

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from govsocial.documents import charts
from govsocial.documents.model import Chart

SVG = "{http://www.w3.org/2000/svg}"
NASTY = 'Tom & "Jerry" <script>alert(1)</script>'


def parse(chart: Chart) -> ET.Element:
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == chart.title
    assert root.find(f"{SVG}desc").text
    labelled = root.get("aria-labelledby").split()
    assert labelled == [root.find(f"{SVG}title").get("id"), root.find(f"{SVG}desc").get("id")]
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert not tags & {"script", "foreignObject", "image", "a", "style"}
    for element in root.iter():
        assert not any(name.startswith("on") for name in element.attrib)
    return root


def texts(root: ET.Element) -> str:
    return " ".join("".join(e.itertext()) for e in root.iter(f"{SVG}text"))


def all_charts(label: str = "Strategy") -> list[Chart]:
    return [
        charts.radar_chart(
            [label, "Governance", "Content"], [("This year", [61, 42.5, 77])], "Radar"
        ),
        charts.range_bar_chart(
            [label, "Governance"], [61, 42.5], [55, 50], [40, 35], [68, 62], "Range"
        ),
        charts.bar_chart([label, "Governance"], [61, 42.5], "Bars"),
        charts.line_chart([label, "Governance"], [("This year", [61, 42.5])], "Line"),
    ]


def test_every_chart_is_valid_accessible_svg_with_its_numbers_in_a_table():
    for chart in all_charts():
        root = parse(chart)
        assert chart.data.caption == chart.title
        cells = [cell for row in chart.data.rows for cell in row]
        assert "61" in cells and "42.5" in cells
        assert chart.data.rows[0][0] == "Strategy"
        assert "61" in root.find(f"{SVG}desc").text  # screen readers hear the numbers too


def test_labels_are_escaped_and_survive_as_text():
    for chart in all_charts(NASTY):
        assert "<script>" not in chart.svg
        root = parse(chart)
        assert "alert(1)" in texts(root) or chart.title == "Line"  # x labels may be shortened
        assert chart.data.rows[0][0] == NASTY
        assert NASTY in root.find(f"{SVG}desc").text
    title_chart = charts.bar_chart(["A"], [1], NASTY)
    assert parse(title_chart).find(f"{SVG}title").text == NASTY


def test_range_bar_chart_draws_a_benchmark_only_when_there_is_one():
    with_benchmark = charts.range_bar_chart(["A", "B"], [50, 60], [40, 70], [30, 60], [55, 80], "T")
    assert with_benchmark.data.header == [
        "Category",
        "Score",
        "Benchmark median",
        "Middle half of organisations",
    ]
    assert with_benchmark.data.rows[0] == ["A", "50", "40", "30–55"]
    assert "Benchmark median" in texts(parse(with_benchmark))
    without = charts.range_bar_chart(["A", "B"], [50, 60], None, None, None, "T")
    assert without.data.header == ["Category", "Score"]
    assert "Benchmark median" not in without.svg


def test_bar_chart_picks_round_gridlines():
    root = parse(charts.bar_chart(["A", "B"], [120, 210], "Questions"))
    labels = texts(root).split()
    assert "250" in labels and "50" in labels and "62.5" not in labels


def test_numbers_and_headers_follow_the_language():
    with translation.override("nl"):
        chart = charts.bar_chart(["Inhoud"], [42.5], "Titel")
    assert chart.data.header == ["Categorie", "Waarde"]
    assert chart.data.rows == [["Inhoud", "42,5"]]


def test_mismatched_data_is_refused():
    with pytest.raises(ValueError):
        charts.bar_chart(["A", "B"], [1], "T")
    with pytest.raises(ValueError):
        charts.radar_chart(["A", "B"], [("s", [1, 2])], "T")
    with pytest.raises(ValueError):
        charts.line_chart(["Jan"], [("s", [1, 2])], "T")


def test_line_chart_leaves_a_gap_for_missing_values():
    chart = charts.line_chart(["Jan", "Feb", "Mar", "Apr"], [("s", [10, None, 30, 40])], "Gaps")
    root = parse(chart)
    assert len(root.findall(f".//{SVG}polyline")) == 1  # Mar–Apr only; Jan stands alone
    assert chart.data.rows[1] == ["Feb", "–"]


@settings(max_examples=25, deadline=None)
@given(
    labels=st.lists(
        st.text(min_size=1, max_size=40).filter(lambda s: s.strip()), min_size=3, max_size=8
    ),
    data=st.data(),
)
def test_any_labels_and_values_give_well_formed_svg(labels, data):
    values = data.draw(st.lists(st.floats(0, 100), min_size=len(labels), max_size=len(labels)))
    clean = labels  # control characters and all: the SVG must still parse
    for chart in (
        charts.radar_chart(clean, [("s", values)], "T"),
        charts.bar_chart(clean, values, "T"),
        charts.range_bar_chart(clean, values, values, values, values, "T"),
        charts.line_chart(clean, [("s", values)], "T"),
    ):
        parse(chart)
        assert [row[0] for row in chart.data.rows] == clean

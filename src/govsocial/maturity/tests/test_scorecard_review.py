"""The trainer's review of the maturity test (issue 12): levels, "don't know", the
wording for one respondent, and one table of numbers beside the charts."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from govsocial.documents.render import render
from govsocial.maturity import services
from govsocial.maturity.content import load_content
from govsocial.maturity.scoring import DONT_KNOW

from .factories import all_answers, make_completed

CONTENT = load_content()


def _top(question_id: str):
    return CONTENT.questions[question_id].levels[-1]


def test_the_top_level_for_who_runs_accounts_is_a_small_governed_set():
    top = _top("imp_accounts")
    assert "small" in top.en and "one shared framework" in top.en
    assert "klein" in top.nl and "één gedeeld kader" in top.nl
    for level in CONTENT.questions["imp_accounts"].levels:
        assert "dozens" not in level.en and "tientallen" not in level.nl
    # opening accounts at will is low, not high
    assert "whenever they want" in CONTENT.questions["imp_accounts"].levels[1].en


@pytest.mark.parametrize("question_id", ["str_response_promise", "imp_monitoring"])
def test_round_the_clock_is_not_the_top_of_the_response_promise_or_monitoring(question_id):
    levels = CONTENT.questions[question_id].levels
    for level in levels:
        assert "around the clock" not in level.en.lower()
        assert "dag en nacht" not in level.nl.lower()
    assert "deliberately" in levels[-1].en and "bewust" in levels[-1].nl
    assert "kept" in levels[-1].en or "keep" in levels[-1].en


def test_the_share_of_unknowns_stands_beside_each_score_in_both_languages():
    answers = all_answers(3) | {"pol_review": DONT_KNOW, "pol_learning": DONT_KNOW}
    en = services.report(answers, "en", facts={})
    policy = next(t for t in en["themes"] if t["id"] == "policy")
    assert policy["dont_know_share"] == 20
    assert policy["dont_know_text"] == "2 of 10 (20%)"
    # two unknowns count as the lowest level: (8 × 50 + 2 × 0) / 10
    assert policy["score"] == 40.0
    nl = services.report(answers, "nl", facts={})
    assert next(t for t in nl["themes"] if t["id"] == "policy")["dont_know_text"] == (
        "2 van 10 (20%)"
    )


@pytest.mark.parametrize(
    ("respondents", "language", "expected", "not_expected"),
    [
        (1, "nl", "de respondent kon deze werkwijzen niet beschrijven", "niemand van de"),
        (1, "en", "the respondent could not describe these practices", "none of the"),
        (
            3,
            "nl",
            "geen van de 3 respondenten kon deze werkwijzen beschrijven",
            "de respondent kon",
        ),
        (3, "en", "none of the 3 respondents could describe these practices", "the respondent"),
    ],
)
def test_dont_know_is_worded_for_the_number_of_respondents(
    respondents, language, expected, not_expected
):
    answers = all_answers(3) | {"pol_review": DONT_KNOW, "pol_learning": DONT_KNOW}
    text = services.report(answers, language, facts={}, respondents=respondents)["dont_know_text"]
    assert expected in text and not_expected not in text


def test_one_unknown_question_is_singular():
    text = services.report(
        all_answers(3) | {"pol_review": DONT_KNOW}, "nl", facts={}, respondents=1
    )["dont_know_text"]
    assert text.startswith("1 vraag is beantwoord met “Weet ik niet”.")
    assert "de respondent kon deze werkwijze niet beschrijven" in text


def _pdf_text(blob: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(blob)).pages)


@pytest.mark.django_db
def test_the_scorecard_page_pdf_and_word_file_hold_one_table_of_theme_numbers(
    lead_client, lead, organisation
):
    answers = all_answers(3) | {"pol_review": DONT_KNOW, "pol_learning": DONT_KNOW}
    assessment = make_completed(organisation, answers, person=lead)

    page = lead_client.get(reverse("maturity:scorecard", args=[assessment.pk])).content.decode()
    assert page.count('<th scope="row" class="utrecht-table__header-cell">Strategy</th>') == 1
    assert page.count("The numbers in this chart are in the table") == 2
    assert "2 of 10 (20%)" in page
    assert "the respondent could not describe these practices" in page

    for language, caption, share, who in (
        (
            "en",
            "Score, stage and share of unknown answers per theme",
            "2 of 10 (20%)",
            "the respondent",
        ),
        (
            "nl",
            "Score, fase en aandeel onbekende antwoorden per thema",
            "2 van 10 (20%)",
            "de respondent",
        ),
    ):
        pdf = lead_client.get(reverse("maturity:pdf", args=[assessment.pk]) + f"?lang={language}")
        text = _pdf_text(pdf.content)
        assert caption in text
        assert share in text and who in text
        # each theme's row is printed once, not once per chart
        theme = "Strategy" if language == "en" else "Strategie"
        rows = [line for line in text.splitlines() if line.startswith(theme) and "50" in line]
        assert len(rows) == 1, rows
        assert "niemand van de respondenten" not in text

    document = services.scorecard_document(assessment, "en")
    with zipfile.ZipFile(io.BytesIO(render(document, "docx"))) as docx:
        body = docx.read("word/document.xml").decode()
    # the theme table and the contradictions table; no data tables behind the charts
    assert body.count("<w:tbl>") <= 2
    assert body.count(">Strategy<") == 1
    markdown = render(document, "md").decode()
    assert markdown.count("| Strategy |") == 1


def test_the_command_line_prints_each_theme_with_its_unknown_share(tmp_path, capsys):
    answers = tmp_path / "a.yaml"
    answers.write_text(services.answers_file(services.example_answers(), "en"), encoding="utf-8")
    out = tmp_path / "card.json"
    call_command("maturity", "score", "--answers", str(answers), "--out", str(out))
    printed = capsys.readouterr().out
    assert "Policy, guidance and measurement: 22.5/100, “Don't know” 2 of 10 (20%)" in printed
    data = json.loads(out.read_text())
    policy = next(t for t in data["themes"] if t["id"] == "policy")
    assert policy["dont_know_share"] == 20 and policy["questions"] == 10


@pytest.mark.django_db
def test_the_disagreements_page_counts_one_respondent_in_the_singular(
    lead_client, lead, organisation
):
    assessment = make_completed(organisation, all_answers(3), person=lead)
    url = reverse("maturity:disagreements", args=[assessment.pk])
    page = lead_client.get(url).content.decode()
    assert "(1 respondent)" in page and "(1 respondents)" not in page
    lead_client.post(reverse("core:language"), {"language": "nl", "next": "/"})
    page = lead_client.get(url).content.decode()
    assert "uit elkaar liggen (1 respondent)" in page and "(1 respondenten)" not in page

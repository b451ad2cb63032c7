"""A new user takes the test in Dutch with a colleague who sees things differently."""

import pytest
from pypdf import PdfReader

from govsocial.core.tests.browser import (
    assert_accessible,
    click_and_wait,
    sign_in,
    sign_out,
    switch_to_dutch,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PICK = """(levels) => {
  document.querySelectorAll('fieldset').forEach((fieldset, i) => {
    const value = String(levels[i % levels.length]);
    const radio = fieldset.querySelector(`input[type=radio][value="${value}"]`);
    if (radio) radio.checked = true;
  });
}"""


def answer_all_themes(page, levels_per_theme, check_accessibility=False):
    for levels in levels_per_theme:
        page.evaluate(PICK, levels)
        if check_accessibility:
            assert_accessible(page)
            check_accessibility = False
        click_and_wait(page, page.get_by_role("button", name="Opslaan en").first)


def test_two_colleagues_take_the_test_in_dutch_and_read_the_scorecard(page, lead, staff, tmp_path):
    sign_in(page, "lead")
    switch_to_dutch(page)
    click_and_wait(page, page.get_by_role("link", name="Volwassenheid", exact=True))
    assert page.locator("h1").inner_text() == "Zelfevaluatie volwassenheid"
    click_and_wait(page, page.get_by_role("button", name="Start een nieuwe ronde"))
    assert page.locator("h1").inner_text() == "Leiderschap en innovatie"
    answer_all_themes(page, [[2], [2], [2, "dont_know"], [2], [2]], check_accessibility=True)
    assert page.locator("h1").inner_text() == "Controleer uw antwoorden"
    assert "50 van de 50 vragen beantwoord" in page.content()  # "weet ik niet" is an answer
    assert_accessible(page)
    # The only respondent so far: she waits for her colleague instead of seeing the result now.
    click_and_wait(page, page.get_by_role("button", name="Indienen en wachten op collega's"))
    assert page.get_by_role("button", name="Sluit de ronde en bereken het resultaat").is_visible()

    sign_out(page)
    sign_in(page, "staff")
    switch_to_dutch(page)
    page.goto("/maturity/")
    click_and_wait(page, page.get_by_role("link", name="Begin met antwoorden"))
    # The colleague sees leadership two levels higher and does not know some governance practice.
    answer_all_themes(page, [[4], [2], [2, "dont_know"], [2], [2]])
    click_and_wait(page, page.get_by_role("button", name="Dien mijn antwoorden in"))
    assert "Uw antwoorden zijn ingediend" in page.locator("main").inner_text()
    sign_out(page)

    sign_in(page, "lead")
    page.goto("/maturity/")
    click_and_wait(page, page.get_by_role("button", name="Sluit de ronde en bereken het resultaat"))
    assert page.locator("h1").inner_text() == "Scorekaart socialemediavolwassenheid"
    body = page.locator("main").inner_text()
    assert "Fase 2 van 5: Op orde brengen" in body  # leadership 50, the rest 25: overall 30
    assert "Leiderschap en innovatie" in body and "Wat u niet weet" in body
    assert (
        "Hoe worden wachtwoorden en toegang tot accounts beheerd?" in body
    )  # a "don't know" finding
    assert page.locator("svg[role=img]").count() >= 2
    assert "Aanbevelingen" in body
    assert_accessible(page)

    click_and_wait(page, page.get_by_role("link", name="Waar respondenten het oneens zijn"))
    assert page.locator("h1").inner_text() == "Waar respondenten het oneens zijn"
    assert (
        page.locator(".gs-disagreement").count() == 10
    )  # every leadership question, 2 levels apart
    assert "Wie in het management is ambassadeur van sociale media?" in page.content()
    assert_accessible(page)
    page.go_back()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Scorekaart als pdf in het Nederlands").click()
    path = tmp_path / "scorekaart.pdf"
    download_info.value.save_as(path)
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Scorekaart socialemediavolwassenheid" in text
    assert "Aanbevelingen" in text and "Leiderschap en innovatie" in text

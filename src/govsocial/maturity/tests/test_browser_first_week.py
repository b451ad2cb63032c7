"""Issue 15 in a real browser, in both languages, axe-clean: the only respondent submits
and sees the result, whose recommendations respect the published policy; a channel whose
hours contradict the policy shows the warning with the clause on its page and edit page."""

import os
from pathlib import Path

import pytest

from govsocial.channels.tests.factories import make_channel
from govsocial.core.tests.browser import assert_accessible, click_and_wait, sign_in
from govsocial.maturity import services
from govsocial.policies.tests.factories import make_version

from .factories import all_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("GOVSOCIAL_SCREENSHOTS", "")  # a folder: save each step for review

TEXTS = {
    "en": {
        "submit": "Submit and see the result",
        "in_place": "Already in place:",
        "archive": "Read “Data, privacy and archiving” in policy version 1",
        "warning": "include the weekend",
        "clause": "Policy version 1: Responsiveness and what the public may expect",
        "summary": "Published policy version 1",
    },
    "nl": {
        "submit": "Indienen en het resultaat zien",
        "in_place": "Al geregeld:",
        "archive": "Lees ‘Gegevens, privacy en archivering’ in beleidsversie 1",
        "warning": "noemen het weekend",
        "clause": "Beleidsversie 1: Bereikbaarheid en wat het publiek mag verwachten",
        "summary": "Gepubliceerd beleid, versie 1",
    },
}


def _shot(page, name: str, near: str) -> None:
    """The viewport around `near` (a selector), for a person to look at."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.locator(near).first.scroll_into_view_if_needed()
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


@pytest.mark.parametrize("language", ["en", "nl"])
def test_first_week_maturity_and_channel_warning(page, organisation, lead, language):
    lead.language = language
    lead.save()
    texts = TEXTS[language]
    make_version(
        organisation,
        lead,
        publish=True,
        response_basis="office_hours",
        staffed_days="weekdays",
        staffed_hours="08:30-17:00",
    )
    channel = make_channel(
        organisation, name="Facebook Voorbeeld", staffed_hours="ma–zo 08:30–17:00"
    )
    assessment = services.start_round(organisation, lead)
    answers = all_answers(3) | {"gov_archiving": 1, "pol_house_rules": 1, "gov_access": 1}
    services.save_answers(services.response_for(assessment, lead), answers)

    sign_in(page, "lead")
    page.goto(f"/maturity/{assessment.pk}/review/")
    assert_accessible(page)
    _shot(page, f"{language}-1-review", "form.gs-actions")
    click_and_wait(page, page.get_by_role("button", name=texts["submit"]))
    assert page.url.endswith(f"/maturity/{assessment.pk}/scorecard/")
    body = page.content()
    assert texts["in_place"] in body and texts["archive"] in body
    assert_accessible(page)
    _shot(page, f"{language}-2-scorecard", ".gs-recommendations li:last-child")

    page.goto(f"/channels/{channel.pk}/")
    warning = page.locator("#policy-warnings")
    assert texts["warning"] in warning.inner_text()
    assert warning.get_by_role("link", name=texts["clause"]).get_attribute("href") == (
        "/policy/published/#responsiveness"
    )
    assert_accessible(page)
    _shot(page, f"{language}-3-channel", "h1")
    page.goto(f"/channels/{channel.pk}/edit/")
    assert texts["summary"] in page.content()
    assert page.locator("#policy-warnings").is_visible()
    assert_accessible(page)
    _shot(page, f"{language}-4-edit", "#policy-warnings")


@pytest.mark.parametrize(
    ("language", "wait", "close"),
    [
        ("en", "Submit and wait for colleagues", "Close the round and calculate the result"),
        ("nl", "Indienen en wachten op collega's", "Sluit de ronde en bereken het resultaat"),
    ],
)
def test_a_lead_who_waits_sees_closing_as_her_next_step(
    page, organisation, lead, language, wait, close
):
    lead.language = language
    lead.save()
    assessment = services.start_round(organisation, lead)
    services.save_answers(services.response_for(assessment, lead), all_answers(3))
    sign_in(page, "lead")
    page.goto(f"/maturity/{assessment.pk}/review/")
    click_and_wait(page, page.get_by_role("button", name=wait))
    primary = page.locator("#round-heading ~ form .utrecht-button--primary-action")
    assert primary.inner_text() == close
    assert_accessible(page)
    _shot(page, f"{language}-5-index", "#round-heading")

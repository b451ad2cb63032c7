"""Issue 15's first week on a new organisation (not the demo), in a real browser, in Dutch
and in English, axe-clean at every step: start-here path → policy interview with a
working-days promise and an election date → confirm and publish (members e-mailed) →
maturity with one respondent → a channel request with a policy warning → a game round
with two players on their phones. With GOVSOCIAL_SCREENSHOTS set, each step is saved
there for a person to look at."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from govsocial.core.tests.browser import assert_accessible, click_and_wait, sign_in, switch_to_dutch
from govsocial.core.tests.factories import make_organisation, make_person
from govsocial.training.tests.phones import choose_on_phone, join_on_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXTS = {
    "en": {
        "neighbours": "Look at your neighbours",
        "write": "Write the policy",
        "before": "Before you start",
        "promise": "1 working day",
        "continue": "Continue to the review",
        "draft": "Write the draft policy",
        "check": "Check and publish",
        "publish": "Approve and publish",
        "first": "This is the first version of the policy.",
        "mailed": "We e-mailed 2 members.",
        "subject": "Version 1 of our social media policy is published",
        "submit": "Submit and see the result",
        "in_place": "Already in place:",
        "weekend": "include the weekend",
        "chosen": "has chosen",
        "best": "Good practice",
    },
    "nl": {
        "neighbours": "Kijk bij de buren",
        "write": "Schrijf het beleid",
        "before": "Voordat u begint",
        "promise": "1 werkdag",
        "continue": "Verder naar het controleren van uw antwoorden",
        "draft": "Schrijf het conceptbeleid",
        "check": "Controleren en publiceren",
        "publish": "Vaststellen en publiceren",
        "first": "Dit is de eerste versie van het beleid.",
        "mailed": "We hebben 2 medewerkers gemaild.",
        "subject": "Versie 1 van ons socialemediabeleid is vastgesteld",
        "submit": "Indienen en het resultaat zien",
        "in_place": "Al geregeld:",
        "weekend": "noemen het weekend",
        "chosen": "heeft gekozen",
        "best": "Goede praktijk",
    },
}


class Steps:
    """Checks each screen with axe and, when asked, saves it as the walk's next step."""

    def __init__(self, language: str):
        self.language = language
        self.number = 0
        self.folder = os.environ.get("GOVSOCIAL_SCREENSHOTS", "")
        if self.folder:
            Path(self.folder).mkdir(parents=True, exist_ok=True)

    def check(self, page, name: str) -> None:
        page.wait_for_load_state()
        assert_accessible(page)
        self.number += 1
        if self.folder:
            path = Path(self.folder) / f"first-week-{self.language}-{self.number:02d}-{name}.png"
            page.screenshot(path=str(path), full_page=True)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_first_week_on_a_new_organisation(page, browser, live_server, language):
    texts = TEXTS[language]
    steps = Steps(language)
    organisation = make_organisation(name_en="Riverside Council", name_nl="Gemeente Rivierdal")
    lead = make_person(organisation, role="lead", first_name="Sam", language="en")
    staff = make_person(organisation, role="staff", first_name="Fatima", language=language)

    # 1. The dashboard's start-here path: tick the first step, follow the next.
    sign_in(page, lead.username)
    if language == "nl":
        switch_to_dutch(page)
    assert texts["neighbours"] in page.locator(".gs-step--next h3").inner_text()
    steps.check(page, "start-here")
    click_and_wait(page, page.locator(".gs-step--next button[type=submit]"))
    next_step = page.locator(".gs-step--next")
    assert texts["write"] in next_step.inner_text()
    click_and_wait(page, next_step.locator("a.utrecht-button"))
    assert page.url.endswith("/policy/")
    steps.check(page, "policy")

    # 2. The interview: a promise in working days and the next election day.
    click_and_wait(page, page.locator("a[href='/policy/interview/']"))
    assert page.locator("h1").inner_text() == texts["before"]
    steps.check(page, "interview-before")
    click_and_wait(page, page.locator("button[value=next]"))
    assert page.locator("#id_response_time").input_value() == texts["promise"]
    page.locator("#id_response_time").fill(texts["promise"])
    steps.check(page, "interview-promise")
    for _page in ("responsiveness", "publishing", "accounts"):  # the suggested answers
        click_and_wait(page, page.locator("button[value=next]"))
    election_day = timezone.localdate() + timedelta(days=200)
    page.locator("#id_next_election_date").fill(election_day.isoformat())
    steps.check(page, "interview-election")
    click_and_wait(page, page.locator("button[value=next]"))
    if page.get_by_role("button", name=texts["continue"]).count():
        click_and_wait(
            page, page.get_by_role("button", name=texts["continue"])
        )  # no conflicts expected
    steps.check(page, "interview-review")
    click_and_wait(page, page.get_by_role("button", name=texts["draft"]))
    steps.check(page, "draft")

    # 3. Confirm and publish; both members are e-mailed, each in their own language.
    click_and_wait(page, page.get_by_role("link", name=texts["check"]))
    assert texts["first"] in page.locator("main").inner_text()
    steps.check(page, "confirm")
    click_and_wait(page, page.get_by_role("button", name=texts["publish"]))
    assert page.url.endswith("/policy/published/")
    assert texts["mailed"] in page.locator("main").inner_text()
    assert texts["promise"] in page.locator(".gs-document").inner_text()
    assert {m.to[0]: m.subject for m in mail.outbox}[staff.email] == texts["subject"]
    steps.check(page, "published")
    # Publishing added the election period, from the quiet days before it to the day.
    from govsocial.training import services as training

    period = training.next_election_period(organisation)
    assert period and period.ends_on == election_day
    assert period.starts_on == election_day - timedelta(days=42)

    # 4. Maturity with one respondent. Shortcut: the 50 answers are saved through the
    # services (as maturity/tests/test_browser_first_week.py does); the browser reviews,
    # submits and reads the result.
    from govsocial.maturity import services as maturity
    from govsocial.maturity.tests.factories import all_answers

    assessment = maturity.start_round(organisation, lead)
    answers = all_answers(3) | {"gov_archiving": 1, "pol_house_rules": 1, "gov_access": 1}
    maturity.save_answers(maturity.response_for(assessment, lead), answers)
    page.goto(f"/maturity/{assessment.pk}/review/")
    steps.check(page, "maturity-review")
    click_and_wait(page, page.get_by_role("button", name=texts["submit"]))
    assert page.url.endswith(f"/maturity/{assessment.pk}/scorecard/")
    # The published policy already covers archiving: the advice says so.
    assert texts["in_place"] in page.locator(".gs-recommendations").inner_text()
    steps.check(page, "maturity-result")

    # 5. A channel request whose hours include the weekend, against a weekday policy.
    page.goto("/channels/request/")
    steps.check(page, "channel-request")
    page.locator("#id_platform").select_option("facebook")
    page.locator("#id_name").fill("Rivierdal Facebook")
    page.locator("#id_handle").fill("@rivierdal")
    case = {  # a request makes its case: every field is required
        "en": {
            "purpose": "Roadworks news",
            "audience": "Residents",
            "why_not_corporate": "Too many updates for the main account",
            "hours_per_week": "4",
            "posters": "The roads team",
            "content_plan": "Two posts a week",
            "success_measures": "Fewer phone calls",
        },
        "nl": {
            "purpose": "Nieuws over werk aan de weg",
            "audience": "Inwoners",
            "why_not_corporate": "Te veel berichten voor het hoofdaccount",
            "hours_per_week": "4",
            "posters": "Het team wegen",
            "content_plan": "Twee berichten per week",
            "success_measures": "Minder telefoontjes",
        },
    }[language]
    for field, value in case.items():
        page.locator(f"#id_{field}").fill(value)
    page.locator("#id_staffed_hours").fill("ma–zo 08:30–17:00")
    click_and_wait(page, page.locator("main form button[type=submit]").last)
    assert "/channels/" in page.url and not page.url.endswith("/request/")
    assert texts["weekend"] in page.locator("#policy-warnings").inner_text()
    steps.check(page, "channel-warning")

    _game_round(page, browser, live_server, organisation, lead, language, steps)


def _game_round(page, browser, live_server, organisation, lead, language, steps) -> None:
    """Step 6: two players join on their phones and choose; the game master reveals."""
    texts = TEXTS[language]
    from govsocial.training import game
    from govsocial.training import services as training

    session = training.create_session(
        organisation, lead, "Workshop" if language == "en" else "Werksessie", language
    )
    page.goto(f"/training/game/{session.uuid}/")
    join = page.locator(".gs-join a.utrecht-link").first.get_attribute("href")
    assert join and training.players.join_code(session) in join
    steps.check(page, "game-console")
    phones = []
    for role, name in (("governor", "Fatima"), (game.ROLE_IDS[1], "Pieter")):
        phones.append(join_on_phone(browser, live_server, join, role, name))
    steps.check(phones[0][1], "game-phone-joined")
    page.locator("#id_challenge").select_option("block_critic")
    click_and_wait(page, page.locator("form[action$='/deal/'] button[type=submit]"))
    card = training.session_card(session, game.challenge("block_critic"))
    for _context, phone in phones:
        choose_on_phone(phone, card["options"][1]["key"])
    steps.check(phones[1][1], "game-phone-chosen")
    page.reload()
    assert page.locator("#players-status tbody").inner_text().count(texts["chosen"]) == 2
    steps.check(page, "game-console-chosen")
    for field in page.locator(".gs-challenge fieldset").all():  # the roles nobody plays
        field.locator("input[type=radio]").first.check()
    click_and_wait(page, page.locator("form[action$='/choices/'] button[type=submit]"))
    assert page.locator("#current-round").inner_text().count(card["options"][1]["letter"]) >= 2
    steps.check(page, "game-revealed")
    phone = phones[0][1]
    phone.reload()
    assert texts["best"] in phone.locator("main").inner_text()
    steps.check(phone, "game-phone-revealed")
    for context, _phone in phones:
        context.close()

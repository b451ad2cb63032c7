"""Issue 15, maturity: one respondent gets the result on submitting; the lead's next
action is the primary button; recommendations respect the published policy and register."""

import re

import pytest
from django.urls import reverse

from govsocial.channels.tests.factories import make_channel
from govsocial.core.tests.factories import make_person
from govsocial.maturity import services
from govsocial.maturity.models import Assessment
from govsocial.policies.tests.factories import make_version

from .factories import all_answers

pytestmark = pytest.mark.django_db

# The answers of an organisation that has not written anything down yet.
STARTING = all_answers(3) | {"gov_archiving": 1, "pol_house_rules": 1, "imp_comments": 3}


def _primary(page: str) -> str:
    """The text of the page's (first) primary button."""
    match = re.search(r'utrecht-button--primary-action"[^>]*>([^<]+)<', page)
    return match.group(1).strip() if match else ""


def _speak(person, language: str) -> None:
    person.language = language
    person.save(update_fields=["language"])


def _answer_all(client, lead, organisation, answers=STARTING) -> Assessment:
    assessment = services.start_round(organisation, lead)
    services.save_answers(services.response_for(assessment, lead), answers)
    return assessment


@pytest.mark.parametrize(
    ("language", "button", "done"),
    [
        ("en", "Submit and see the result", "the result is calculated"),
        ("nl", "Indienen en het resultaat zien", "het resultaat is berekend"),
    ],
)
def test_the_only_respondent_gets_the_result_on_submitting(
    client, lead, organisation, language, button, done
):
    _speak(lead, language)
    client.force_login(lead)
    assessment = _answer_all(client, lead, organisation)
    review = reverse("maturity:review", args=[assessment.pk])
    page = client.get(review).content.decode()
    assert _primary(page) == button
    response = client.post(review, {"action": "result"})
    assert response["Location"] == reverse("maturity:scorecard", args=[assessment.pk])
    assessment.refresh_from_db()
    assert assessment.is_completed and assessment.respondent_count == 1
    card = client.get(response["Location"]).content.decode()
    assert done in card


def test_the_only_respondent_may_wait_for_colleagues(lead_client, lead, organisation):
    assessment = _answer_all(lead_client, lead, organisation)
    lead_client.post(reverse("maturity:review", args=[assessment.pk]), {"action": "wait"})
    assessment.refresh_from_db()
    assert not assessment.is_completed
    page = lead_client.get(reverse("maturity:index")).content.decode()
    # her part is done, so closing the round is now her next step
    assert _primary(page) == "Close the round and calculate the result"
    assert "1 of 1 respondent has submitted" in page


def test_with_several_respondents_submitting_does_not_close_the_round(client, lead, organisation):
    colleague = make_person(organisation, role="editor")
    assessment = _answer_all(client, lead, organisation)
    services.save_answers(services.response_for(assessment, colleague), all_answers(2))
    client.force_login(lead)
    review = reverse("maturity:review", args=[assessment.pk])
    assert _primary(client.get(review).content.decode()) == "Submit my answers"
    assert client.post(review)["Location"] == reverse("maturity:index")
    assessment.refresh_from_db()
    assert not assessment.is_completed
    _speak(lead, "nl")
    page = client.get(reverse("maturity:index")).content.decode()
    assert _primary(page) == "Sluit de ronde en bereken het resultaat"
    assert "1 van de 2 respondenten heeft" in page


def test_a_lead_still_answering_continues_first_and_staff_never_close(
    client, lead, staff, organisation
):
    assessment = services.start_round(organisation, lead)
    services.save_answers(services.response_for(assessment, lead), {"lead_sponsor": 2})
    services.save_answers(services.response_for(assessment, staff), all_answers(3))
    client.force_login(lead)
    page = client.get(reverse("maturity:index")).content.decode()
    assert _primary(page) == "Continue your answers"
    assert "Close the round and calculate the result" in page  # still there, less prominent
    client.force_login(staff)
    review = reverse("maturity:review", args=[assessment.pk])
    assert _primary(client.get(review).content.decode()) == "Submit my answers"
    client.post(review, {"action": "result"})
    assessment.refresh_from_db()
    assert not assessment.is_completed  # only a lead closes a round
    page = client.get(reverse("maturity:index")).content.decode()
    assert "Close the round" not in page


def test_next_action_rule():
    rows = [{"answered": 3, "submitted": True}]
    assert services.next_action(False, None, rows) == "answer"
    assert services.next_action(True, None, [{"answered": 0, "submitted": False}]) == "answer"
    assert services.next_action(True, None, rows) == "close"


# --- recommendations that respect what exists --------------------------------------


def _recommendations(organisation, language="en") -> dict:
    data = services.report(STARTING, language, organisation)
    return {r["id"]: r for r in data["recommendations"]}


def test_without_a_policy_the_recommendations_ask_for_it(organisation):
    found = _recommendations(organisation)
    assert found["archive_records"]["in_place"] is None
    assert found["house_rules"]["in_place"] is None
    assert "Record the archiving duty" in found["archive_records"]["next_step"]


def test_after_publishing_the_recommendations_say_make_sure_it_happens(organisation, lead):
    make_version(organisation, lead, publish=True)
    make_version(organisation, lead, publish=True)  # version 2
    found = _recommendations(organisation)
    archive = found["archive_records"]["in_place"]
    assert archive["text"].startswith(
        "The archiving duty is in version 2 of your policy, under “Data, privacy and archiving”."
    )
    assert "Make sure it happens" in archive["text"]
    assert archive["url"] == "/policy/published/#data_privacy_archiving"
    assert archive["label"] == "Read “Data, privacy and archiving” in policy version 2"
    rules = found["house_rules"]["in_place"]
    assert rules["url"] == "/policy/published/?doc=house_rules"
    nl = {r["id"]: r for r in services.report(STARTING, "nl", organisation)["recommendations"]}
    assert nl["archive_records"]["in_place"]["text"].startswith(
        "De archiefplicht staat in versie 2 van uw beleid, onder ‘Gegevens, privacy en archivering’."
    )
    assert "Zorg dat het ook gebeurt" in nl["archive_records"]["in_place"]["text"]


def test_what_is_in_place_comes_after_what_is_still_to_do_in_stage_order(organisation, lead):
    make_version(organisation, lead, publish=True)
    recs = services.report(STARTING, "en", organisation)["recommendations"]
    done = [r["in_place"] is not None for r in recs]
    assert True in done and done == sorted(done)  # open steps first, then those in place
    for group in (False, True):
        stages = [r["stage"] for r in recs if (r["in_place"] is not None) == group]
        assert stages == sorted(stages)


def test_the_register_counts_before_recommending_to_register(organisation, lead):
    answers = all_answers(3) | {"gov_register": 1, "gov_dormant": 1}
    found = {r["id"]: r for r in services.report(answers, "en", organisation)["recommendations"]}
    assert found["register_accounts"]["in_place"] is None
    make_channel(organisation)
    make_version(organisation, lead, publish=True)
    found = {r["id"]: r for r in services.report(answers, "nl", organisation)["recommendations"]}
    assert (
        "Uw kanalenregister is in gebruik (accounts: 1)"
        in (found["register_accounts"]["in_place"]["text"])
    )
    assert found["close_dormant"]["in_place"] is not None  # no dormant account in the register
    make_channel(organisation, status="dormant")
    found = {r["id"]: r for r in services.report(answers, "en", organisation)["recommendations"]}
    assert found["close_dormant"]["in_place"] is None


def test_a_clause_the_published_version_lacks_is_not_in_place(organisation, lead):
    answers = all_answers(3) | {"str_crisis": 1}
    make_version(organisation, lead, publish=True, goals=["information"])
    found = {r["id"]: r for r in services.report(answers, "en", organisation)["recommendations"]}
    assert found["crisis_protocol"]["in_place"] is None
    make_version(organisation, lead, publish=True, goals=["information", "crisis"])
    found = {r["id"]: r for r in services.report(answers, "en", organisation)["recommendations"]}
    assert "under “" in found["crisis_protocol"]["in_place"]["text"]


def test_the_scorecard_page_and_pdf_show_what_is_in_place(lead_client, lead, organisation):
    make_version(organisation, lead, publish=True)
    assessment = _answer_all(lead_client, lead, organisation)
    lead_client.post(reverse("maturity:review", args=[assessment.pk]), {"action": "result"})
    page = lead_client.get(reverse("maturity:scorecard", args=[assessment.pk])).content.decode()
    assert "Already in place:" in page
    assert 'href="/policy/published/#data_privacy_archiving"' in page
    _speak(lead, "nl")
    nl = lead_client.get(reverse("maturity:scorecard", args=[assessment.pk])).content.decode()
    assert "Al geregeld:" in nl

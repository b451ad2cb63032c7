"""The interview as a new adviser meets it: the promise as typed, who has really been
involved, the next election day, and the preview's focus (issue 15)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from govsocial.policies import content, election_dates, services
from govsocial.policies.models import PolicyVersion
from govsocial.policies.tests.factories import answers, post_page
from govsocial.policies.tests.test_views import page_data

pytestmark = pytest.mark.django_db


def in_dutch(client, person):
    person.language = "nl"  # a person's own language wins over the browser's
    person.save(update_fields=["language"])
    return client


def policy_text(language="en", **changes) -> str:
    return services.build_document("policy", answers(**changes), language).text()


# --- 1. the response time ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1 werkdag", "1 working day"),
        ("1 working day", "1 working day"),
        ("een werkdag", "1 working day"),
        ("4 uur", "4 hours"),
        ("4 hours", "4 hours"),
    ],
)
def test_the_promise_is_taken_as_people_type_it(lead_client, organisation, typed, stored):
    response = post_page(
        lead_client, "responsiveness", page_data("responsiveness", response_time=typed)
    )
    assert response.status_code == 302
    assert services.interview_answers(organisation)["response_time"] == stored


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Enter a number with hours or working days, such as “4 hours”"),
        ("nl", "Vul een getal in met uur of werkdagen, bijvoorbeeld “4 uur”"),
    ],
)
def test_a_promise_without_a_number_keeps_what_was_typed_and_says_enter_a_number(
    lead_client, lead, organisation, language, expected
):
    client = in_dutch(lead_client, lead) if language == "nl" else lead_client
    response = post_page(
        client, "responsiveness", page_data("responsiveness", response_time="werkdag")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert expected in html
    assert 'value="werkdag"' in html  # not emptied
    assert "response_time" not in services.interview_answers(organisation)


# --- 3. who has been involved, and who still must be ---------------------------------------


@pytest.mark.parametrize("language", ["en", "nl"])
def test_nobody_consulted_is_never_written_with_legal_it_and_hr(language):
    text = policy_text(language, stakeholders=["legal", "it", "hr"], consulted=[])
    assert "We wrote it with" not in text and "We schreven het met" not in text
    assert {
        "en": "We have not yet discussed this text with colleagues outside the communications team.",
        "nl": "We hebben deze tekst nog niet besproken met collega's buiten de afdeling communicatie.",
    }[language] in text
    assert {
        "en": "We still ask legal advisers, IT and information security and HR for their view.",
        "nl": "We vragen ook nog de juridisch adviseurs, ICT en informatiebeveiliging en HR om hun mening.",
    }[language] in text
    assert {"en": "Nobody recorded", "nl": "Niemand vastgelegd"}[language] in text


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_policy_names_only_who_was_consulted_and_who_still_must_be(language):
    text = policy_text(language, stakeholders=["legal", "it", "hr"], consulted=["legal"])
    assert {
        "en": "We wrote it with legal advisers.",
        "nl": "We schreven het met de juridisch adviseurs.",
    }[language] in text
    assert {
        "en": "We still ask IT and information security and HR for their view.",
        "nl": "We vragen ook nog ICT en informatiebeveiliging en HR om hun mening.",
    }[language] in text
    everyone = policy_text(language, stakeholders=["legal", "it"], consulted=["legal", "it"])
    assert "We still ask" not in everyone and "We vragen ook nog" not in everyone


def test_an_older_answer_set_without_the_question_claims_nobody_outside_communications():
    stored = {k: v for k, v in services.example_answers().items() if k != "consulted"}
    checked = services.validate_answers(stored)
    assert checked["consulted"] == []
    text = services.build_document("policy", checked, "en").text()
    assert "We wrote it with" not in text


# --- 2. the next election ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "day"),
    [("17-03-2027", "2027-03-17"), ("17/3/2027", "2027-03-17"), ("2027-03-17", "2027-03-17")],
)
def test_an_election_day_is_taken_as_typed(typed, day):
    assert election_dates.parse(typed).isoformat() == day


@pytest.mark.parametrize("typed", ["31-02-2027", "next March", "17-03-1850", "1" * 5000])
def test_a_wrong_election_day_is_refused_with_a_message(typed):
    question = content.load().questions["next_election_date"]
    value, error = services.check_value(question, typed)
    assert value is None and error is not None


def test_the_election_page_takes_an_empty_date_and_a_date(lead_client, organisation):
    response = post_page(lead_client, "governance", page_data("governance"))
    assert response.status_code == 302
    assert "next_election_date" not in services.interview_answers(organisation)
    day = timezone.localdate() + dt.timedelta(days=120)
    typed = day.strftime("%d-%m-%Y")  # as a Dutch adviser types it
    data = page_data("governance", next_election_date=typed, next_election_kind="provincial")
    assert post_page(lead_client, "governance", data).status_code == 302
    assert services.interview_answers(organisation)["next_election_date"] == day.isoformat()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "has passed. Enter the day of the next election"), ("nl", "is al voorbij.")],
)
def test_a_day_that_has_passed_is_refused_in_the_interview(
    lead_client, lead, organisation, language, expected
):
    client = in_dutch(lead_client, lead) if language == "nl" else lead_client
    day = timezone.localdate() - dt.timedelta(days=1)
    data = page_data("governance", next_election_date=day.isoformat())
    html = post_page(client, "governance", data).content.decode()
    assert expected in html and f'value="{day.isoformat()}"' in html
    assert "next_election_date" not in services.interview_answers(organisation)


def test_a_wrong_date_keeps_what_was_typed_in_dutch(lead_client, lead, organisation):
    data = page_data("governance", next_election_date="31-02-2027")
    html = post_page(in_dutch(lead_client, lead), "governance", data).content.decode()
    assert "Vul de datum in als dag-maand-jaar" in html and 'value="31-02-2027"' in html


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_policy_names_the_next_election_and_its_period(language):
    text = policy_text(
        language,
        next_election_date="2027-03-17",
        next_election_kind="provincial",
        election_quiet_days=42,
    )
    assert {
        "en": "The next election is the provincial and water board elections on 17 March 2027. "
        "For this election the period runs from 3 February 2027 until the end of election day.",
        "nl": "De volgende verkiezing is de Provinciale Staten- en waterschapsverkiezingen op "
        "17 maart 2027. Voor deze verkiezing loopt de periode van 3 februari 2027 tot en met de "
        "verkiezingsdag.",
    }[language] in text


def test_planned_election_follows_the_quiet_days():
    planned = services.planned_election(
        answers(
            next_election_date="2026-03-18", next_election_kind="municipal", election_quiet_days=42
        )
    )
    assert planned.day == dt.date(2026, 3, 18)
    assert planned.period_starts == dt.date(2026, 2, 4)
    assert planned.name("nl") == "Gemeenteraadsverkiezingen 2026"
    assert services.planned_election(answers(election_periods=False)) is None


# --- 4. the preview's focus --------------------------------------------------------------


@pytest.mark.parametrize(
    ("page_id", "clause", "title"),
    [
        ("responsiveness", "responsiveness", "Responsiveness and what the public may expect"),
        ("governance", "elections", "Elections and political neutrality"),
    ],
)
def test_the_preview_links_to_the_part_this_page_changes(lead_client, page_id, clause, title):
    html = lead_client.get(reverse("policies:page", args=[page_id])).content.decode()
    assert f'data-focus="{clause}"' in html
    assert f'href="#{clause}">Go to the part this page changes: {title}</a>' in html
    assert f'<section id="{clause}"' in html  # the anchor exists without JavaScript
    assert "policies/preview.js" in html and "<script>" not in html


def test_every_page_focuses_on_a_clause_of_the_policy():
    c = content.load()
    ids = {clause.id for clause in c.policy.clauses}
    assert all(page.preview in ids for page in c.pages)


def test_a_published_version_records_the_election(organisation, lead):
    version = services.generate_draft(
        organisation, lead, answers(next_election_date="2030-03-20", next_election_kind="municipal")
    )
    services.publish(version, lead)
    published = services.published_policy(organisation)
    assert published.answers["next_election_date"] == "2030-03-20"
    assert PolicyVersion.objects.get(pk=version.pk).status == PolicyVersion.Status.PUBLISHED

"""The web pages and the JSON endpoint, acknowledgement and quiz."""

import json

import pytest
from django.urls import reverse

from govsocial.core.models import AuditEvent
from govsocial.core.tests.factories import make_person
from govsocial.training import services
from govsocial.training.models import Acknowledgement, QuizAttempt

from .factories import make_election_period, publish_policy

pytestmark = pytest.mark.django_db


# --- can I post this? ---------------------------------------------------------------


def test_check_page_shows_the_verdict_and_reasons(staff_client):
    response = staff_client.post(
        reverse("training:check"), {"text": "Mail mij op jan@example.nl", "kind": "unsure"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Check first" in page and "an e-mail address (j…@example.nl)" in page
    assert "Would you say this in a public meeting?" in page


def test_check_page_with_htmx_returns_only_the_result(staff_client):
    response = staff_client.post(
        reverse("training:check"),
        {"text": "Hello", "kind": "already_public"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert "<html" not in page and "Post it" in page


def test_check_page_in_dutch(staff_client, staff):
    staff.language = "nl"
    staff.save()
    response = staff_client.post(reverse("training:check"), {"text": "Mijn BSN is 111222333"})
    page = response.content.decode()
    assert "Niet plaatsen" in page and "burgerservicenummer" in page


def test_check_page_without_text_shows_an_error_summary(staff_client):
    response = staff_client.post(reverse("training:check"), {"text": ""})
    assert "There is a problem" in response.content.decode()


def test_json_endpoint_accepts_json(staff_client):
    response = staff_client.post(
        reverse("training:check_api"),
        json.dumps({"text": "Mijn BSN is 111222333", "platform": "x", "has_image": True}),
        content_type="application/json",
    )
    data = response.json()
    assert response.status_code == 200
    assert data["verdict"] == "do_not_post" and data["limit"] == 280
    assert {"personal_data.bsn", "image.no_alt_text"} <= {r["code"] for r in data["reasons"]}


def test_json_endpoint_accepts_a_form_body(staff_client):
    response = staff_client.post(
        reverse("training:check_api"), {"text": "Press release", "is_public_already": "true"}
    )
    assert response.json()["verdict"] == "post"


@pytest.mark.parametrize(
    "body,field",
    [
        ({"text": ""}, "text"),
        ({"text": "hi", "platform": "myspace"}, "platform"),
        ({"text": "hi", "language": "fr"}, "language"),
    ],
)
def test_json_endpoint_refuses_bad_input_with_400(staff_client, body, field):
    response = staff_client.post(
        reverse("training:check_api"), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["field"] == field


def test_json_endpoint_needs_a_session_and_csrf(client, staff):
    url = reverse("training:check_api")
    assert (
        client.post(url, json.dumps({"text": "hi"}), content_type="application/json").status_code
        == 401
    )
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff)
    assert (
        strict.post(url, json.dumps({"text": "hi"}), content_type="application/json").status_code
        == 403
    )
    assert client.get(url).status_code == 401
    client.force_login(staff)
    assert client.get(url).status_code == 405


def test_check_uses_the_election_period_of_the_organisation(organisation, staff_client):
    from django.utils import timezone

    today = timezone.localdate()
    make_election_period(organisation, today, today)
    response = staff_client.post(
        reverse("training:check_api"),
        json.dumps(
            {
                "text": "Het VVD-voorstel over de stembureaus is aangenomen.",
                "is_public_already": True,
            }
        ),
        content_type="application/json",
    )
    assert "election.political_content" in {r["code"] for r in response.json()["reasons"]}


# --- acknowledgement ------------------------------------------------------------------


def test_without_a_policy_there_is_nothing_to_confirm(staff_client):
    page = staff_client.get(reverse("training:policy")).content.decode()
    assert "No policy has been published yet" in page
    staff_client.post(reverse("training:policy"))
    assert not Acknowledgement.objects.exists()


def test_staff_confirm_the_published_version_and_a_new_version_asks_again(
    organisation, lead, staff, staff_client
):
    version = publish_policy(organisation, lead)
    dashboard = staff_client.get(reverse("core:dashboard")).content.decode()
    assert f"Please confirm you have read policy version {version.number}" in dashboard
    page = staff_client.get(reverse("training:policy")).content.decode()
    assert reverse("policies:published") in page
    staff_client.post(reverse("training:policy"))
    ack = Acknowledgement.objects.get(person=staff)
    assert (ack.version_id, ack.version_number) == (str(version.id), version.number)
    assert AuditEvent.objects.filter(action="training.policy.acknowledged").count() == 1
    staff_client.post(reverse("training:policy"))  # twice: still one
    assert Acknowledgement.objects.filter(person=staff).count() == 1
    assert "Please confirm" not in staff_client.get(reverse("core:dashboard")).content.decode()

    newer = publish_policy(organisation, lead, response_time_hours=4)
    assert (
        f"Please confirm you have read policy version {newer.number}"
        in staff_client.get(reverse("core:dashboard")).content.decode()
    )
    staff_client.post(reverse("training:policy"))
    assert sorted(
        Acknowledgement.objects.filter(person=staff).values_list("version_number", flat=True)
    ) == [version.number, newer.number]


def test_lead_sees_who_has_and_has_not_confirmed_per_version(
    organisation, lead, staff, lead_client
):
    other = make_person(organisation, role="staff", first_name="Noor", last_name="Visser")
    version = publish_policy(organisation, lead)
    services.acknowledge(organisation, staff)
    newer = publish_policy(organisation, lead, response_time_hours=4)
    services.acknowledge(organisation, other)
    current = services.acknowledgement_overview(organisation)
    assert current["version_number"] == newer.number
    assert {r["person"].pk: bool(r["acknowledged_at"]) for r in current["rows"]} == {
        lead.pk: False,
        staff.pk: False,
        other.pk: True,
    }
    earlier = services.acknowledgement_overview(organisation, version.number)
    assert {r["person"].pk: bool(r["acknowledged_at"]) for r in earlier["rows"]} == {
        lead.pk: False,
        staff.pk: True,
        other.pk: False,
    }
    page = lead_client.get(
        reverse("training:acknowledgements") + f"?version={version.number}"
    ).content.decode()
    assert "1 of 3 people" in page and "Noor Visser" in page


def test_staff_cannot_see_the_acknowledgement_overview(staff_client):
    assert staff_client.get(reverse("training:acknowledgements")).status_code == 403


# --- quiz ------------------------------------------------------------------------------


def test_quiz_works_with_the_example_answers_and_says_so(staff_client, staff):
    page = staff_client.get(reverse("training:quiz")).content.decode()
    assert "No policy has been published yet" in page
    assert "By when must it be answered" in page


def test_quiz_from_the_published_policy_cites_its_clauses(organisation, lead, staff, staff_client):
    publish_policy(
        organisation,
        lead,
        response_time_hours=24,
        response_basis="office_hours",
        staffed_days="weekdays",
        staffed_hours="09:00-17:00",
        check_officers="Anna Smit and Bert Jansen",
    )
    questions, info = services.quiz_for(organisation, "en", seed="x")
    by_id = {q.id: q for q in questions}
    weekend = by_id["policy_weekend_deadline"]
    assert weekend.option_text(weekend.answer) == "Wednesday at 17:00"  # 3 x 8 staffed hours
    assert weekend.clause_id == "responsiveness" and weekend.clause_title
    assert by_id["policy_check_first"].clause_id == "decision_guide"
    assert "Anna Smit and Bert Jansen" in by_id["policy_check_first"].prompt
    assert by_id["policy_passwords"].clause_id == "account_governance"

    form = {"scenarios": ",".join(q.id for q in questions if not q.from_policy)}
    for q in questions:
        form[f"q_{q.id}"] = (
            q.answer
            if q.id != "policy_passwords"
            else next(k for k, _t in q.options if k != q.answer)
        )
    response = staff_client.post(reverse("training:quiz"), form)
    attempt = QuizAttempt.objects.get(person=staff)
    assert response.status_code == 302 and response["Location"] == reverse(
        "training:quiz_result", args=[attempt.uuid]
    )
    assert (attempt.score, attempt.total, attempt.version_number) == (
        len(questions) - 1,
        len(questions),
        info.number,
    )
    page = staff_client.get(response["Location"]).content.decode()
    assert (
        "Not right" in page
        and "(clause account_governance)" in page
        and "(clause responsiveness)" in page
    )


def test_quiz_needs_every_answer(staff_client):
    response = staff_client.post(reverse("training:quiz"), {})
    assert response.status_code == 200 and "Choose an answer." in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_lead_sees_quiz_results_staff_cannot(organisation, lead, staff, lead_client, client):
    from .factories import make_quiz_attempt

    attempt = make_quiz_attempt(organisation, staff)
    page = lead_client.get(reverse("training:quiz_results")).content.decode()
    assert f"{attempt.score} / {attempt.total}" in page
    assert lead_client.get(reverse("training:quiz_result", args=[attempt.uuid])).status_code == 200
    other_staff = make_person(organisation, role="staff")
    client.force_login(other_staff)
    assert client.get(reverse("training:quiz_results")).status_code == 403
    assert client.get(reverse("training:quiz_result", args=[attempt.uuid])).status_code == 404


@pytest.mark.parametrize("members", [2, 6])
def test_quiz_results_take_two_queries_however_many_members_took_the_quiz(
    organisation, lead, members, django_assert_num_queries
):
    from .factories import make_quiz_attempt

    people = [make_person(organisation, role="staff") for _ in range(members)]
    for person in people:
        make_quiz_attempt(organisation, person)
    latest = make_quiz_attempt(organisation, people[0])
    with django_assert_num_queries(2):  # was one more query per member with attempts
        rows = services.quiz_results(organisation)
    first = next(row for row in rows if row["person"] == people[0])
    assert first["attempts"] == 2 and first["latest"] == latest
    assert first["best"].percentage == 100
    assert next(row for row in rows if row["person"] == lead)["attempts"] == 0


# --- election periods --------------------------------------------------------------------


def test_lead_manages_election_periods(lead_client, organisation):
    response = lead_client.post(
        reverse("training:elections"),
        {"name": "Municipal elections", "starts_on": "2026-02-01", "ends_on": "2026-03-18"},
    )
    assert response.status_code == 302
    period = organisation.electionperiod_set.get()
    bad = lead_client.post(
        reverse("training:elections"),
        {"name": "Wrong", "starts_on": "2026-03-01", "ends_on": "2026-02-01"},
    )
    assert "The end date must be on or after the start date." in bad.content.decode()
    lead_client.post(reverse("training:election_delete", args=[period.pk]))
    assert not organisation.electionperiod_set.exists()


def test_staff_cannot_manage_election_periods(staff_client):
    assert staff_client.get(reverse("training:elections")).status_code == 403


def test_index_page_links_everything(lead_client):
    page = lead_client.get(reverse("training:index")).content.decode()
    for name in (
        "check",
        "policy",
        "quiz",
        "game",
        "acknowledgements",
        "quiz_results",
        "elections",
    ):
        assert reverse(f"training:{name}") in page


def test_quiz_in_dutch_writes_times_the_dutch_way(organisation, lead):
    from django.utils import translation

    publish_policy(organisation, lead, response_time_hours=4, staffed_hours="08:30-17:00")
    with translation.override("nl"):
        questions, _info = services.quiz_for(organisation, "nl", seed="x")
    weekend = next(q for q in questions if q.id == "policy_weekend_deadline")
    assert weekend.option_text(weekend.answer) == "maandag om 12.30 uur"
    assert "08.30-17.00 uur" in weekend.feedback and "08:30" not in weekend.feedback


def test_a_quiz_result_keeps_the_questions_as_asked_after_a_new_policy_version(
    organisation, lead, staff, staff_client
):
    publish_policy(organisation, lead, response_time_hours=4, staffed_hours="08:30-17:00")
    questions, info = services.quiz_for(organisation, "en", seed="x")
    attempt = services.submit_quiz(
        organisation, staff, questions, {q.id: q.answer for q in questions}, "en", info.number
    )
    publish_policy(organisation, lead, response_time_hours=24, staffed_hours="09:00-17:00")
    page = staff_client.get(reverse("training:quiz_result", args=[attempt.uuid])).content.decode()
    assert "Monday at 12:30" in page and "Wednesday at 17:00" not in page
    assert page.index("Saturday morning") < page.index("passwords")  # the order asked

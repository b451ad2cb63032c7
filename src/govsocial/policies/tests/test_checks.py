"""Conflicts between answers: found, shown before the review page, fixed or confirmed; and on
the command line, `govsocial policy generate` exits 2 naming them unless --accept-conflicts."""

import io

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from govsocial.core.tests.factories import make_organisation
from govsocial.policies import services
from govsocial.policies.models import PolicyVersion
from govsocial.policies.tests.answer_sets import NL_SMALL
from govsocial.policies.tests.factories import answers, post_page
from govsocial.policies.tests.test_views import page_data

NL = services.organisation_facts(country="NL", kind="municipality")
GB = services.organisation_facts(country="GB", kind="municipality")


def found(facts=NL, **changes):
    return {c.id: c for c in services.conflicts(answers(**changes), facts, "en")}


# --- the checks ---------------------------------------------------------------------


def test_the_suggested_answers_have_no_conflicts():
    assert found() == {}
    assert found(GB) == {}


@pytest.mark.parametrize(
    ("changes", "conflict", "questions"),
    [
        ({"posting_window": "evenings"}, "unmoderated_windows", {"posting_window", "moderation"}),
        ({"response_time": "24 hours", "staffed_hours": "09:00-12:30"}, "long_promise", {"response_time"}),
        ({"monitoring_frequency": "daily", "response_time": "2 hours"}, "checks_too_rare", {"monitoring_frequency"}),
        ({"goals": ["engagement"], "comments_open": False}, "engagement_comments_closed", {"goals", "comments_open"}),
        ({"goals": ["customer_service"], "contact_centre": False}, "customer_service_no_route", {"contact_centre"}),
        ({"leave_cover": "none"}, "no_cover", {"leave_cover"}),
        ({"stakeholders": ["communications", "hr"]}, "works_council_missing", {"stakeholders"}),
    ],
)  # fmt: skip
def test_each_conflict_is_found_and_names_the_questions_to_change(changes, conflict, questions):
    conflicts = found(**changes)
    assert conflict in conflicts, conflicts
    assert questions <= set(conflicts[conflict].questions)


def test_the_unmoderated_windows_follow_staffed_days_and_hours():
    weekends = found(posting_window="weekends", staffed_hours="09:00-17:00")["unmoderated_windows"]
    assert weekends.lines == ("Friday 17:00 to Monday 09:00: 64 hours",)
    assert "64 hours a week" in weekends.detail
    # Staffed every day, posting in the evenings: every night is a window.
    nightly = found(posting_window="evenings", staffed_days="all_week")["unmoderated_windows"]
    assert len(nightly.lines) == 7
    # Nothing to read when comments are checked before they appear, or closed.
    assert "unmoderated_windows" not in found(posting_window="evenings", moderation="pre")
    assert "unmoderated_windows" not in found(posting_window="evenings", comments_open=False)
    assert "unmoderated_windows" not in found(response_basis="around_the_clock")


def test_no_works_council_conflict_outside_the_netherlands():
    assert "works_council_missing" not in found(GB, stakeholders=["communications"])


def test_a_confirmation_holds_for_the_answers_it_was_given_on():
    before = found(leave_cover="none")["no_cover"].fingerprint
    again = found(leave_cover="none", check_officers="someone else")["no_cover"].fingerprint
    assert before == again  # an answer the conflict does not rest on
    other = found(leave_cover="none", goals=["information"])
    assert other["no_cover"].fingerprint == before


# --- in the browser: before the review page, without JavaScript ----------------------------


def _complete(client, **overrides):
    for page in services.load_content().pages:
        data = page_data(page.id, **overrides)
        response = post_page(client, page.id, data)
        assert response.status_code == 302, response.content.decode()[:1500]
    return response


@pytest.mark.django_db
def test_the_last_page_leads_to_the_conflicts_then_the_review(lead_client, organisation):
    response = _complete(lead_client, posting_window="evenings_weekends", leave_cover="none")
    assert response["Location"] == reverse("policies:checks")
    html = lead_client.get(reverse("policies:checks")).content.decode()
    assert "Answers that conflict" in html and "Comments nobody reads" in html
    assert "Friday 17:00 to Monday 08:30: 63.5 hours" in html
    assert "Nobody covers the accounts during absence" in html
    change = reverse("policies:page", args=["publishing"]) + "?from=checks#q-posting_window"
    assert change in html
    # The review page does not offer to write the policy yet, and writing is refused.
    review = lead_client.get(reverse("policies:review")).content.decode()
    assert "2 conflicts between your answers need a decision" in review
    assert "Write the draft policy" not in review
    response = lead_client.post(reverse("policies:generate"))
    assert response["Location"] == reverse("policies:checks")
    assert not PolicyVersion.objects.exists()


@pytest.mark.django_db
def test_a_conflict_left_unconfirmed_is_an_error_confirmed_it_lets_you_write(
    lead_client, organisation
):
    _complete(lead_client, leave_cover="none")
    response = lead_client.post(reverse("policies:checks"), {})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert 'href="#confirm-no_cover"' in html
    [conflict] = services.interview_conflicts(organisation, "en")
    response = lead_client.post(reverse("policies:checks"), {"confirm": conflict.fingerprint})
    assert response["Location"] == reverse("policies:review")
    review = lead_client.get(reverse("policies:review")).content.decode()
    assert "Conflicts you confirmed" in review and "Write the draft policy" in review
    response = lead_client.post(reverse("policies:generate"))
    assert PolicyVersion.objects.filter(organisation=organisation).count() == 1
    # Changing an answer behind it asks again.
    post_page(
        lead_client,
        "accounts",
        {
            **page_data("accounts", leave_cover="none", account_approver="the director"),
            "from": "review",
        },
    )
    assert services.unconfirmed_conflicts(organisation, "en") == []
    post_page(
        lead_client,
        "before",
        {**page_data("before", stakeholders=["communications"]), "from": "review"},
    )
    assert [c.id for c in services.unconfirmed_conflicts(organisation, "en")] == [
        "works_council_missing"
    ]


@pytest.mark.django_db
def test_a_change_from_the_conflicts_page_returns_there_and_solves_it(lead_client, organisation):
    _complete(lead_client, posting_window="evenings")
    data = {**page_data("publishing", posting_window="staffed"), "from": "checks"}
    response = post_page(lead_client, "publishing", data)
    assert response["Location"] == reverse("policies:checks")
    html = lead_client.get(reverse("policies:checks")).content.decode()
    assert "Your answers do not conflict." in html


@pytest.mark.django_db
def test_the_conflicts_page_in_dutch(client, organisation):
    from govsocial.core.tests.factories import make_person

    lead = make_person(organisation, role="lead")
    lead.language = "nl"
    lead.save()
    client.force_login(lead)
    _complete(client, posting_window="evenings_weekends")
    html = client.get(reverse("policies:checks")).content.decode()
    assert '<html lang="nl"' in html
    assert "Antwoorden die botsen" in html and "Reacties die niemand leest" in html
    assert "vrijdag 17.00 tot maandag 08.30: 63,5 uur" in html
    assert "Deze antwoorden houden: het beleid moet dit toch zeggen" in html


@pytest.mark.django_db
def test_a_public_body_is_not_asked_about_its_duty_to_keep_records(lead_client, organisation):
    html = lead_client.get(reverse("policies:page", args=["governance"])).content.decode()
    assert 'name="archiving_duty"' not in html and 'name="retention_schedule"' in html
    organisation.kind = "housing_association"
    organisation.save()
    html = lead_client.get(reverse("policies:page", args=["governance"])).content.decode()
    assert 'name="archiving_duty"' in html


# --- on the command line ----------------------------------------------------------------


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("policy", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def conflicting_file(tmp_path):
    example = yaml.safe_load(run("example-answers")[0])
    path = tmp_path / "answers.yaml"
    path.write_text(
        yaml.safe_dump({**example, "posting_window": "evenings_weekends", "leave_cover": "none"})
    )
    return path


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_generate_exits_2_naming_the_conflicts_and_writes_nothing(conflicting_file, tmp_path, lang):
    out = tmp_path / "policy.md"
    with pytest.raises(CommandError) as caught:
        run("generate", "--answers", str(conflicting_file), "--lang", lang, "--out", str(out))
    message = str(caught.value)
    assert caught.value.returncode == 2
    assert "unmoderated_windows" in message and "no_cover" in message
    assert {"en": "63.5 hours", "nl": "63,5 uur"}[lang] in message
    assert "--accept-conflicts" in message
    assert not out.exists()


def test_generate_with_accept_conflicts_writes_and_lists_them(conflicting_file, tmp_path):
    out = tmp_path / "policy.md"
    _stdout, stderr = run(
        "generate", "--answers", str(conflicting_file), "--accept-conflicts", "--out", str(out)
    )
    assert out.exists() and "unmoderated_windows" in stderr


@pytest.mark.django_db
def test_generate_for_an_organisation_uses_its_country_and_kind(tmp_path):
    make_organisation(slug="riverside", country="GB", kind="municipality", name_en="Riverside")
    example = tmp_path / "answers.yaml"
    example.write_text(run("example-answers")[0])
    out = tmp_path / "policy.md"
    run("generate", "--answers", str(example), "--org", "riverside", "--out", str(out))
    text = out.read_text()
    assert "Riverside" in text and "Local Government Act 1972, section 224" in text
    assert "call 999" in text and "Archiefwet" not in text
    housing = tmp_path / "housing.md"
    run(
        "generate",
        "--answers",
        str(example),
        "--kind",
        "housing_association",
        "--out",
        str(housing),
    )
    assert "Archiefwet 1995" not in housing.read_text()  # not a public body


def test_the_answer_set_of_the_small_municipality_conflicts_as_the_issue_describes():
    ids = {c.id for c in services.conflicts(NL_SMALL.answers(), NL_SMALL.facts(), "en")}
    assert ids == {"unmoderated_windows", "no_cover"}

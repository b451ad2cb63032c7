"""The contract other apps read, and the dashboard panel's query budget."""

import dataclasses

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from govsocial.core.content import read_yaml
from govsocial.core.dates import add_months
from govsocial.policies import services
from govsocial.policies.content import CONTENT_DIR
from govsocial.policies.tests.factories import make_version

pytestmark = pytest.mark.django_db


def _ids(filename, key):
    data = read_yaml(CONTENT_DIR / filename)
    if key == "pages":
        return {q["id"] for page in data["pages"] for q in page["questions"]}
    return {clause["id"] for clause in data["clauses"]}


def test_answer_ids_are_the_questions_in_the_yaml_and_the_derived_hours():
    # response_time_hours is no longer asked: it is worked out from the promise, in
    # whole staffed hours, so that other apps read it as before.
    expected = frozenset(_ids("questions.yaml", "pages")) | {"response_time_hours"}
    assert services.answer_ids() == expected


def test_the_promise_reaches_other_apps_in_whole_staffed_hours(organisation, lead):
    make_version(
        organisation,
        lead,
        publish=True,
        response_time="2 werkdagen",
        response_basis="office_hours",
        staffed_hours="09:00-12:30",
    )
    answers = services.published_policy(organisation).answers
    assert answers["response_time"] == "2 working days"
    assert answers["response_time_hours"] == 7  # two days of 3.5 staffed hours


def test_clause_ids_are_the_clauses_and_house_rules_in_the_yaml():
    expected = _ids("clauses.yaml", "clauses") | _ids("house_rules.yaml", "clauses")
    assert services.clause_ids() == frozenset(expected)


def test_published_policy_is_none_before_the_first_publication(organisation, lead):
    assert services.published_policy(organisation) is None
    make_version(organisation, lead)  # a draft is not in force
    assert services.published_policy(organisation) is None


def test_published_policy_after_publishing(organisation, lead):
    version = make_version(
        organisation, lead, publish=True, comments_open=False, review_interval_months=18
    )
    policy = services.published_policy(organisation)
    assert policy is not None
    assert (policy.version_id, policy.number) == (version.pk, 1)
    assert policy.published_at == version.published_at
    assert policy.review_due == add_months(timezone.localdate(version.published_at), 18)
    assert policy.url == services.policy_url(organisation) == "/policy/published/"
    # Every answer id, the question branching skipped filled with its suggested answer.
    assert set(policy.answers) == services.answer_ids()
    assert policy.answers["comments_open"] is False and "moderation" not in version.answers
    assert policy.answers["moderation"] == services.load_content().questions["moderation"].default
    assert policy.answers["review_interval_months"] == 18
    english, dutch = policy.clauses("en"), policy.clauses("nl")
    assert set(english) == set(dutch) and set(english) <= services.clause_ids()
    assert english["principles"].title == "Principles"
    assert dutch["principles"].title == "Uitgangspunten"
    assert english["principles"].id == "principles" and english["principles"].text


def test_published_policy_is_frozen(organisation, lead):
    make_version(organisation, lead, publish=True)
    policy = services.published_policy(organisation)
    with pytest.raises(dataclasses.FrozenInstanceError):
        policy.number = 2
    with pytest.raises(TypeError):
        policy.answers["response_time_hours"] = 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        policy.clauses("en")["purpose"].title = "Changed"
    policy.clauses("en").pop("purpose")  # a copy: the next caller still gets every clause
    assert "purpose" in services.published_policy(organisation).clauses("en")


def test_a_newer_version_is_the_one_in_force(organisation, lead):
    make_version(organisation, lead, publish=True)
    newer = make_version(organisation, lead, publish=True, response_time="2 hours")
    policy = services.published_policy(organisation)
    assert (policy.version_id, policy.number) == (newer.pk, 2)
    assert policy.answers["response_time_hours"] == 2


# --- dashboard ---------------------------------------------------------------------


def _render_panel(organisation, person, role):
    panel = services.dashboard_panel(organisation, person, role)
    return panel, render_to_string(panel["template"], {"panel": panel})


@pytest.mark.parametrize("role", ["lead", "editor", "staff"])
def test_dashboard_panel_takes_two_queries_however_many_versions(
    organisation, lead, role, django_assert_max_num_queries, django_assert_num_queries
):
    make_version(organisation, lead, publish=True)
    make_version(organisation, lead)
    services.save_answers(organisation, lead, {"goals": ["crisis"]})
    with django_assert_max_num_queries(2) as before:
        _render_panel(organisation, lead, role)
    for number in range(5):
        make_version(organisation, lead, publish=number < 3)
    with django_assert_num_queries(len(before.captured_queries)):
        panel, html = _render_panel(organisation, lead, role)
    assert panel["version"].number == 5
    if role == "staff":
        assert panel["draft"] is None and "waiting for approval" not in html
    else:
        assert panel["draft"].number == 7 and "Draft 7 is waiting for approval" in html
        assert panel["interview"] is not None


def test_dashboard_panel_without_any_version(organisation, lead, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        panel, html = _render_panel(organisation, lead, "lead")
    assert panel["version"] is None and panel["draft"] is None and panel["interview"] is None
    assert "There is no published social media policy yet." in html

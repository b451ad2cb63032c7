"""Revising the policy in force: step 1 from the published answers; an older draft is
shown with its differences (in the reader's language) and kept or discarded."""

import pytest
from django.urls import reverse

from govsocial.core.models import AuditEvent
from govsocial.policies import services
from govsocial.policies.tests.factories import make_version, post_page
from govsocial.policies.tests.test_views import page_data

pytestmark = pytest.mark.django_db

FIRST_PAGE = reverse("policies:page", args=["before"])


def _published_with_older_draft(organisation, lead):
    """Version 1 promises 4 hours; the interview still holds a draft promising 2 hours."""
    version = make_version(organisation, lead, publish=True, response_time="4 hours")
    questions = services.load_content().questions
    draft = {k: v for k, v in version.answers.items() if k in questions}
    services.save_answers(organisation, lead, {**draft, "response_time": "2 hours"})
    return version


def _older_draft_form(client):
    html = client.get(reverse("policies:older_draft")).content.decode()
    revision = html.split('name="revision" value="')[1].split('"')[0]
    return html, revision


def test_a_revision_starts_at_step_one_from_the_published_answers(lead_client, organisation, lead):
    version = make_version(organisation, lead, publish=True, response_time="5 hours")
    index = lead_client.get(reverse("policies:index")).content.decode()
    assert "Start a revision" in index
    # No interview yet (published from an answers file): it starts from version 1's answers.
    assert lead_client.get(reverse("policies:interview"))["Location"] == FIRST_PAGE
    assert services.interview_answers(organisation)["response_time"] == "5 hours"
    assert services.get_interview(organisation).based_on == version.number
    # A complete interview equal to the version in force also starts at step 1, not the review.
    post_page(lead_client, "before", page_data("before"))
    assert lead_client.get(reverse("policies:interview"))["Location"] == reverse(
        "policies:page", args=["responsiveness"]
    )
    assert "Continue the interview" in lead_client.get(reverse("policies:index")).content.decode()


def test_an_equal_interview_from_before_publication_restarts_at_step_one(
    lead_client, organisation, lead
):
    services.save_answers(organisation, lead, services.example_answers(), page="publishing")
    make_version(organisation, lead, publish=True)  # the same answers: nothing to announce
    assert services.older_draft(organisation, "en") is None
    assert lead_client.get(reverse("policies:interview"))["Location"] == FIRST_PAGE


@pytest.mark.parametrize(
    ("language", "draft", "published"), [("en", "2 hours", "4 hours"), ("nl", "2 uur", "4 uur")]
)
def test_an_older_draft_is_shown_with_its_differences(
    lead_client, organisation, lead, language, draft, published
):
    lead.language = language
    lead.save()
    _published_with_older_draft(organisation, lead)
    assert lead_client.get(reverse("policies:interview"))["Location"] == reverse(
        "policies:older_draft"
    )
    html, _revision = _older_draft_form(lead_client)
    question = services.load_content().questions["response_time"].text[language]
    row = html.split(question)[1].split("</tr>")[0]
    assert f">{draft}<" in row and f">{published}<" in row
    assert html.count('<tr class="utrecht-table__row">') == 2  # the header and one difference
    index = lead_client.get(reverse("policies:index")).content.decode()
    assert ("older draft" if language == "en" else "ouder concept") in index


def test_discarding_the_draft_starts_again_from_version_one(lead_client, organisation, lead):
    _published_with_older_draft(organisation, lead)
    _html, revision = _older_draft_form(lead_client)
    response = lead_client.post(
        reverse("policies:older_draft"), {"choice": "discard", "revision": revision}
    )
    assert response["Location"] == FIRST_PAGE
    assert services.interview_answers(organisation)["response_time"] == "4 hours"
    assert services.older_draft(organisation, "en") is None
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "policy.draft_discarded" in actions
    changed = AuditEvent.objects.filter(action="policy.answers_changed").order_by("pk").last()
    kept = {c["question"]: c["old"] for c in changed.detail["changes"]}
    assert kept["response_time"] == "2 uur"  # the trail keeps the draft's answer (in Dutch)
    # A page opened on the draft before it was discarded cannot save over it (issue 9).
    stale = {"revision": revision, **page_data("responsiveness", response_time="1 hour")}
    conflict = lead_client.post(reverse("policies:page", args=["responsiveness"]), stale)
    assert conflict.status_code == 409
    assert services.interview_answers(organisation)["response_time"] == "4 hours"


def test_keeping_the_draft_continues_with_its_answers(lead_client, organisation, lead):
    _published_with_older_draft(organisation, lead)
    _html, revision = _older_draft_form(lead_client)
    response = lead_client.post(
        reverse("policies:older_draft"), {"choice": "keep", "revision": revision}
    )
    assert response.status_code == 302 and response["Location"] != reverse("policies:older_draft")
    assert services.interview_answers(organisation)["response_time"] == "2 hours"
    assert lead_client.get(reverse("policies:interview"))["Location"] != reverse(
        "policies:older_draft"
    )
    assert AuditEvent.objects.filter(action="policy.draft_kept").exists()
    # A newer published version makes the kept draft older again.
    make_version(organisation, lead, publish=True, response_time="6 hours")
    assert services.older_draft(organisation, "en").published_number == 2


def test_a_choice_on_answers_that_changed_since_is_refused(lead_client, organisation, lead):
    _published_with_older_draft(organisation, lead)
    _html, revision = _older_draft_form(lead_client)
    services.save_answers(organisation, lead, {"response_time": "3 hours"})  # someone else
    response = lead_client.post(
        reverse("policies:older_draft"), {"choice": "discard", "revision": revision}, follow=True
    )
    assert "changed these answers while you were reading" in response.content.decode()
    assert services.interview_answers(organisation)["response_time"] == "3 hours"
    assert ">3 hours<" in response.content.decode()


def test_staff_cannot_see_or_settle_a_draft(staff_client, organisation, lead):
    _published_with_older_draft(organisation, lead)
    assert staff_client.get(reverse("policies:older_draft")).status_code == 403
    assert (
        staff_client.post(reverse("policies:older_draft"), {"choice": "discard"}).status_code == 403
    )
    assert services.interview_answers(organisation)["response_time"] == "2 hours"

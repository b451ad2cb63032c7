"""The pages: interview flow, branching, preview, versions, roles and organisation scoping."""

import pytest
from django.urls import reverse

from govsocial.core.tests.factories import make_person
from govsocial.policies import services
from govsocial.policies.models import PolicyVersion
from govsocial.policies.tests.factories import make_version, post_page, scoping_urls

pytestmark = pytest.mark.django_db


def page_data(page_id, **overrides):
    """The form data for one interview page: the example answers, as a browser posts them."""
    example = services.example_answers()
    data = {"page": page_id, "action": "next"}
    for question in services.load_content().page_questions(page_id):
        value = overrides.get(question.id, example.get(question.id))
        if value is None:
            continue
        if question.type == "bool":
            value = "yes" if value else "no"
        data[question.id] = value
    return data


def complete_interview(client):
    pages = [p.id for p in services.load_content().pages]
    for page_id in pages:
        response = post_page(client, page_id, page_data(page_id))
        assert response.status_code == 302, response.content.decode()[:2000]


def client_for(client, person):
    client.force_login(person)
    return client


# --- the interview ---------------------------------------------------------------


def test_index_shows_start_then_resume(lead_client, organisation):
    response = lead_client.get(reverse("policies:index"))
    assert "Start the interview" in response.content.decode()
    post_page(lead_client, "before", page_data("before"))
    response = lead_client.get(reverse("policies:index"))
    assert "Continue the interview" in response.content.decode()
    assert lead_client.get(reverse("policies:interview"))["Location"] == reverse(
        "policies:page", args=["responsiveness"]
    )


def test_each_page_saves_and_goes_to_the_next(lead_client, organisation):
    response = post_page(lead_client, "before", page_data("before", goals=["crisis"]))
    assert response["Location"] == reverse("policies:page", args=["responsiveness"])
    assert services.interview_answers(organisation)["goals"] == ["crisis"]
    page = lead_client.get(reverse("policies:page", args=["responsiveness"])).content.decode()
    assert "Step 2 of 6" in page and '<progress max="6" value="2"' in page


def test_errors_are_shown_beside_the_question_and_nothing_is_saved(lead_client, organisation):
    response = post_page(
        lead_client,
        "responsiveness",
        page_data("responsiveness", response_time="3 weken"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "#id_response_time" in html
    assert "calendar days or weeks" in html and "Say hours or working days" in html
    assert 'value="3 weken"' in html  # what was typed stays in the field
    assert "response_time" not in services.interview_answers(organisation)


@pytest.mark.parametrize("typed", ["1 werkdag", "1 working day"])
def test_a_promise_in_working_days_is_taken_as_typed(lead_client, organisation, typed):
    response = post_page(
        lead_client,
        "responsiveness",
        page_data("responsiveness", response_time=typed),
    )
    assert response.status_code == 302
    assert services.interview_answers(organisation)["response_time"] == "1 working day"
    page = lead_client.get(reverse("policies:page", args=["responsiveness"])).content.decode()
    assert 'value="1 working day"' in page


def test_long_free_text_is_refused(lead_client, organisation):
    response = post_page(
        lead_client,
        "publishing",
        page_data("publishing", check_officers="x" * 600),
    )
    assert "too long (600 characters)" in response.content.decode()
    assert "check_officers" not in services.interview_answers(organisation)


def test_branching_skips_moderation_when_comments_are_closed(lead_client, organisation):
    data = page_data("publishing", comments_open=False)
    del data["moderation"]
    response = post_page(lead_client, "publishing", data)
    assert response.status_code == 302
    with_comments = page_data("publishing", comments_open=True)
    del with_comments["moderation"]
    response = post_page(lead_client, "publishing", with_comments)
    assert "Please answer this question" in response.content.decode()


def test_a_hidden_question_does_not_block_the_page(lead_client, organisation):
    # Typed a wrong time, then chose "around the clock": the staffed hours are hidden now,
    # so the page must not stop on an error the person cannot see.
    data = page_data("responsiveness", response_basis="around_the_clock", staffed_hours="nonsense")
    response = post_page(lead_client, "responsiveness", data)
    assert response["Location"] == reverse("policies:page", args=["publishing"])
    saved = services.interview_answers(organisation)
    assert saved["response_basis"] == "around_the_clock" and "staffed_hours" not in saved
    # A question that is shown still gets its error.
    data = page_data("responsiveness", response_basis="office_hours", staffed_hours="nonsense")
    response = post_page(lead_client, "responsiveness", data)
    assert (
        response.status_code == 200 and "does not have the right form" in response.content.decode()
    )


def test_a_change_from_the_review_page_returns_there(lead_client, organisation):
    complete_interview(lead_client)
    url = reverse("policies:page", args=["publishing"]) + "?from=review"
    html = lead_client.get(url).content.decode()
    assert 'name="from" value="review"' in html and "Save and check your answers" in html
    data = {**page_data("publishing", check_officers="the duty officer"), "from": "review"}
    response = post_page(lead_client, "publishing", data)
    assert response["Location"] == reverse("policies:review")
    assert "the duty officer" in lead_client.get(reverse("policies:review")).content.decode()
    # Continuing a complete interview opens the review page, wherever it was left.
    assert lead_client.get(reverse("policies:interview"))["Location"] == reverse("policies:review")
    # Without the review link the page still goes on to the next page.
    response = post_page(lead_client, "publishing", page_data("publishing"))
    assert response["Location"] == reverse("policies:page", args=["accounts"])


def test_back_saves_what_is_valid_and_goes_back(lead_client, organisation):
    data = {**page_data("responsiveness", response_time="12 hours"), "action": "back"}
    response = post_page(lead_client, "responsiveness", data)
    assert response["Location"] == reverse("policies:page", args=["before"])
    assert services.interview_answers(organisation)["response_time"] == "12 hours"


def test_the_preview_follows_the_answers_on_screen(lead_client, organisation):
    response = lead_client.post(
        reverse("policies:preview"),
        page_data("responsiveness", response_time="3 working days"),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "within 3 working days" in html and "<html" not in html
    assert "response_time" not in services.interview_answers(
        organisation
    )  # a preview saves nothing
    # Without JavaScript the preview is part of the page and follows the saved answers.
    post_page(
        lead_client,
        "responsiveness",
        page_data("responsiveness", response_time="3 working days"),
    )
    assert (
        "within 3 working days"
        in lead_client.get(reverse("policies:page", args=["responsiveness"])).content.decode()
    )


def test_review_lists_every_answer_with_a_change_link_then_generates(lead_client, organisation):
    complete_interview(lead_client)
    html = lead_client.get(reverse("policies:review")).content.decode()
    assert "Within what time do you answer a question?" in html
    assert (
        reverse("policies:page", args=["responsiveness"]) + "?from=review#q-response_time" in html
    )
    assert "1 working day" in html and "Write the draft policy" in html
    response = lead_client.post(reverse("policies:generate"))
    version = PolicyVersion.objects.get(organisation=organisation)
    assert response["Location"] == reverse("policies:version", args=[version.pk])
    assert version.answers["response_time"] == "1 working day"
    assert version.answers["response_time_hours"] == 8


def test_generate_with_an_incomplete_interview_says_what_is_missing(lead_client, organisation):
    post_page(lead_client, "before", page_data("before"))
    response = lead_client.post(reverse("policies:generate"), follow=True)
    assert "This question is not answered" in response.content.decode()
    assert not PolicyVersion.objects.exists()


# --- versions, downloads, diff ------------------------------------------------------


def test_version_page_downloads_and_approve(lead_client, organisation, lead):
    version = make_version(organisation, lead)
    html = lead_client.get(
        reverse("policies:version", args=[version.pk]) + "?lang=nl&doc=house_rules"
    ).content.decode()
    assert "Huisregels voor onze sociale media" in html and "Approve and publish" in html
    for kind in services.DOCUMENT_KINDS:
        for lang in services.LANGUAGES:
            for fmt in ("html", "md", "docx"):
                url = reverse(
                    "policies:download",
                    kwargs={"pk": version.pk, "kind": kind, "lang": lang, "fmt": fmt},
                )
                response = lead_client.get(url)
                assert response.status_code == 200
                assert f"-v1-{lang}." in response["Content-Disposition"]
    response = lead_client.post(reverse("policies:approve", args=[version.pk]))
    assert response["Location"] == reverse("policies:published")
    version.refresh_from_db()
    assert version.status == "published" and version.review_due


def test_history_and_diff_pages(lead_client, organisation):
    old = make_version(organisation, response_time="8 hours")
    new = make_version(organisation, response_time="3 hours")
    assert "Version 2" in lead_client.get(reverse("policies:history")).content.decode()
    html = lead_client.get(
        reverse("policies:diff") + f"?old={old.pk}&new={new.pk}&lang=en"
    ).content.decode()
    assert '<del class="gs-diff-del">8</del>' in html and '<ins class="gs-diff-ins">3</ins>' in html
    assert "Answers that changed" in html
    # Opened from a link, the page compares the two latest versions at once.
    html = lead_client.get(reverse("policies:diff")).content.decode()
    assert "From version 1 to version 2" in html and '<ins class="gs-diff-ins">3</ins>' in html
    same = lead_client.get(reverse("policies:diff") + f"?old={old.pk}&new={old.pk}").content
    assert "Every clause is the same in both versions." in same.decode()
    assert "0 clauses differ" not in same.decode()


def test_published_page_is_stable_and_downloadable_by_staff(staff_client, organisation, lead):
    assert (
        "No policy has been published yet"
        in staff_client.get(reverse("policies:published")).content.decode()
    )
    make_version(organisation, lead, publish=True, response_time="5 hours")
    html = staff_client.get(reverse("policies:published")).content.decode()
    assert "within 5 hours" in html
    url = reverse(
        "policies:published_download", kwargs={"kind": "policy", "lang": "nl", "fmt": "md"}
    )
    assert "binnen 5 uur" in staff_client.get(url).content.decode()


# --- roles ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        (role, action, allowed)
        for role, allowed_actions in {
            "lead": {"edit", "generate", "approve", "read_published", "versions"},
            "editor": {"edit", "generate", "read_published", "versions"},
            "staff": {"read_published"},
        }.items()
        for action, allowed in [
            (a, a in allowed_actions)
            for a in ("edit", "generate", "approve", "read_published", "versions")
        ]
    ],
)
def test_role_permission_matrix(client, organisation, role, action, allowed):
    person = make_person(organisation, role=role)
    lead = make_person(organisation, role="lead")
    services.save_answers(organisation, lead, services.example_answers())
    version = make_version(organisation, lead)
    make_version(organisation, lead, publish=True)
    client.force_login(person)
    if action == "edit":
        response = post_page(client, "before", page_data("before"))
    elif action == "generate":
        response = client.post(reverse("policies:generate"))
    elif action == "approve":
        response = client.post(reverse("policies:approve", args=[version.pk]))
    elif action == "versions":
        response = client.get(reverse("policies:version", args=[version.pk]))
    else:
        response = client.get(reverse("policies:published"))
    if allowed:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 403
    version.refresh_from_db()
    assert (version.status == "published") == (action == "approve" and allowed)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("policies:published"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


# --- scoping ---------------------------------------------------------------------------


def test_another_organisations_ids_are_not_found(client, organisation, other_lead):
    urls = scoping_urls(organisation)
    client.force_login(other_lead)
    for url in urls:
        for method in (client.get, client.post):
            assert method(url).status_code in (403, 404), url
    assert not PolicyVersion.objects.filter(organisation=organisation, status="published").exists()


def test_published_link_shows_only_the_own_organisations_policy(
    client, organisation, other_organisation, other_lead, lead
):
    make_version(organisation, lead, publish=True, check_officers="the secret first-org officer")
    client.force_login(other_lead)
    html = client.get(reverse("policies:published")).content.decode()
    assert "secret first-org officer" not in html and "No policy has been published yet" in html

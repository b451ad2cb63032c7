"""Who may read where respondents disagree, and whether they see who answered what.

Only leads see names while a round is open; everyone else sees the page only
after the round closes, and then without names.
"""

import pytest
from django.urls import reverse

from govsocial.core.tests.factories import make_person
from govsocial.maturity import services

from .factories import all_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def respondents(organisation):
    return {
        "lead": make_person(organisation, role="lead", first_name="Lena", last_name="Lead"),
        "editor": make_person(organisation, role="editor", first_name="Eddy", last_name="Editor"),
        "staff": make_person(organisation, role="staff", first_name="Sam", last_name="Staff"),
    }


def _round(organisation, respondents, closed: bool):
    assessment = services.start_round(organisation, respondents["lead"])
    levels = {"lead": 1, "editor": 3, "staff": 5}
    for role, person in respondents.items():
        response = services.response_for(assessment, person)
        services.save_answers(response, all_answers(3) | {"gov_register": levels[role]})
    if closed:
        services.complete(assessment, respondents["lead"])
    return assessment


NAMES = ("Lena Lead", "Eddy Editor", "Sam Staff")


@pytest.mark.parametrize(
    "role, closed, status, names",
    [
        ("lead", False, 200, True),
        ("lead", True, 200, True),
        ("editor", False, 403, False),
        ("editor", True, 200, False),
        ("staff", False, 403, False),
        ("staff", True, 200, False),
    ],
)
def test_disagreement_page_by_role_and_round_state(
    client, organisation, respondents, role, closed, status, names
):
    assessment = _round(organisation, respondents, closed)
    client.force_login(respondents[role])
    response = client.get(reverse("maturity:disagreements", args=[assessment.pk]))
    page = response.content.decode()
    page = page[page.index("<main") : page.index("</main>")]  # not the header's own name
    assert response.status_code == status
    assert all((name in page) is names for name in NAMES), page
    if status == 200:
        assert "How does your organisation keep track of its social media accounts?" in page
        if not names:
            assert "Respondent 1" in page and "Respondent 3" in page
    else:
        assert "How does your organisation keep track" not in page
        assert "once the round is closed" in page


@pytest.mark.parametrize("role, link", [("lead", True), ("editor", False), ("staff", False)])
def test_only_leads_are_offered_the_disagreements_of_an_open_round(
    client, organisation, respondents, role, link
):
    _round(organisation, respondents, closed=False)
    client.force_login(respondents[role])
    page = client.get(reverse("maturity:index")).content.decode()
    assert ("Where respondents disagree so far" in page) is link


def test_the_anonymised_list_names_nobody():
    from govsocial.maturity.models import Assessment

    assessment = Assessment.objects.create(organisation=None)
    for level in (1, 5):
        assessment.responses.create(answers=all_answers(3) | {"gov_register": level})
    items = services.disagreement_list(assessment, "en", named=False)
    assert [a["who"] for a in items[0]["answers"]] == ["Respondent 1", "Respondent 2"]

"""Two people saving the same interview page: the later save does not silently overwrite
the first, and every changed answer is in the audit trail."""

import pytest
from django.test import Client
from django.urls import reverse

from govsocial.core.models import AuditEvent
from govsocial.core.tests.forms import edited, form_data
from govsocial.policies import services
from govsocial.policies.tests.factories import open_page

pytestmark = pytest.mark.django_db

PAGE = "publishing"
URL = reverse("policies:page", args=[PAGE])


@pytest.fixture
def two_people(organisation, lead, editor):
    """The lead and an editor, each with the publishing page open on the same revision."""
    services.save_answers(organisation, lead, services.example_answers())
    first, second = Client(), Client()
    first.force_login(lead)
    second.force_login(editor)
    return (first, open_page(first, PAGE)), (second, open_page(second, PAGE))


def _table(response) -> str:
    page = response.content.decode()
    return page[page.index("<table") : page.index("</table>")]


def test_the_second_save_of_a_page_shows_what_changed(two_people, organisation):
    (first, first_form), (second, second_form) = two_people
    assert first_form["revision"] == second_form["revision"] == ["1"]
    saved = first.post(URL, edited(first_form, check_officers="the web team"))
    assert saved.status_code == 302
    response = second.post(URL, edited(second_form, check_officers="the press office"))
    assert response.status_code == 409
    table = _table(response)
    assert "Who checks new content first?" in table
    assert "the web team" in table and "the press office" in table
    assert "Someone else changed these answers" in response.content.decode()
    # Nothing of the second person's is saved yet.
    assert services.interview_answers(organisation)["check_officers"] == "the web team"


def test_keep_theirs_saves_nothing_of_yours(two_people, organisation):
    (first, first_form), (second, second_form) = two_people
    first.post(URL, edited(first_form, check_officers="the web team"))
    conflict = second.post(URL, edited(second_form, check_officers="the press office"))
    response = second.post(URL, {**form_data(conflict), "conflict": "theirs"}, follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert "the other person&#x27;s answers stay" in response.content.decode()
    answers = services.interview_answers(organisation)
    assert answers["check_officers"] == "the web team"
    interview = services.get_interview(organisation)
    assert interview.revision == 2  # the example answers, then the first person's save


def test_apply_mine_saves_yours_on_top_of_theirs(two_people, organisation, editor):
    (first, first_form), (second, second_form) = two_people
    # The first person changes two answers; the second changes one of them.
    first.post(URL, edited(first_form, check_officers="the web team", comments_open="no"))
    conflict = second.post(URL, edited(second_form, check_officers="the press office"))
    table = _table(conflict)
    assert "You did not change this; their value stays." in table  # comments_open
    response = second.post(URL, {**form_data(conflict), "conflict": "mine"})
    assert response.status_code == 302
    answers = services.interview_answers(organisation)
    assert answers["check_officers"] == "the press office"
    assert answers["comments_open"] is False  # theirs, which the second person left alone
    event = AuditEvent.objects.filter(action="policy.answers_changed").first()
    assert event.actor == editor
    assert event.detail["changes"] == [
        {"question": "check_officers", "old": "the web team", "new": "the press office"}
    ]


def test_apply_mine_after_yet_another_save_is_a_conflict_again(two_people, organisation):
    (first, first_form), (second, second_form) = two_people
    first.post(URL, edited(first_form, check_officers="one"))
    conflict = second.post(URL, edited(second_form, check_officers="two"))
    first.post(URL, edited(open_page(first, PAGE), check_officers="three"))
    again = second.post(URL, {**form_data(conflict), "conflict": "mine"})
    assert again.status_code == 409
    assert "three" in _table(again) and "one" not in _table(again)
    assert services.interview_answers(organisation)["check_officers"] == "three"


def test_saves_of_different_pages_do_not_conflict(two_people, organisation):
    (first, _first_form), (second, second_form) = two_people
    other = open_page(first, "responsiveness")
    assert (
        first.post(
            reverse("policies:page", args=["responsiveness"]),
            edited(other, response_time="2 working days"),
        ).status_code
        == 302
    )
    response = second.post(URL, edited(second_form, check_officers="the press office"))
    assert response.status_code == 302
    answers = services.interview_answers(organisation)
    assert (answers["response_time"], answers["check_officers"]) == (
        "2 working days",
        "the press office",
    )


def test_back_and_the_review_link_survive_a_conflict(two_people, organisation):
    (first, first_form), (second, _form) = two_people
    second_form = open_page(second, PAGE, **{"from": "review"})
    first.post(URL, edited(first_form, check_officers="the web team"))
    data = edited(second_form, check_officers="the press office", action="back")
    conflict = second.post(URL, data)
    assert conflict.status_code == 409
    resent = form_data(conflict)
    assert resent["action"] == ["back"] and resent["from"] == ["review"]
    response = second.post(URL, {**resent, "conflict": "mine"})
    assert response.status_code == 302
    assert services.interview_answers(organisation)["check_officers"] == "the press office"


def test_the_conflict_page_is_in_the_persons_language(two_people, editor):
    (first, first_form), (second, _form) = two_people
    editor.language = "nl"
    editor.save()
    second_form = open_page(second, PAGE)  # opened in Dutch: Dutch labels and answers
    first.post(URL, edited(first_form, comments_open="no"))
    response = second.post(URL, edited(second_form, check_officers="de webredactie"))
    page = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft deze antwoorden gewijzigd" in page
    assert "Wat de ander heeft gewijzigd" in page and "Mijn wijzigingen toepassen" in page
    table = _table(response)
    assert (
        "Kan het publiek reageren op uw berichten?" in table
    )  # the question they changed, in Dutch
    assert '<td class="utrecht-table__cell">Nee</td>' in table  # their answer, in Dutch


@pytest.mark.parametrize("revision", [None, "", "abc", "-4", "9" * 5000])
def test_a_missing_or_garbled_revision_is_a_conflict_not_an_error(
    two_people, organisation, revision
):
    (first, first_form), _second = two_people
    data = edited(first_form, check_officers="tampered")
    data = {k: v for k, v in data.items() if not k.startswith("initial-")}
    if revision is None:
        del data["revision"]
    else:
        data["revision"] = [revision]
    response = first.post(URL, data)
    assert response.status_code == 409
    assert services.interview_answers(organisation)["check_officers"] != "tampered"


# --- the audit trail -------------------------------------------------------------------


def test_answer_changes_are_on_the_audit_page(lead_client, organisation, lead):
    services.save_answers(organisation, lead, services.example_answers())
    form = open_page(lead_client, PAGE)
    long_text = "the press office " + "and more " * 50
    assert lead_client.post(URL, edited(form, check_officers=long_text)).status_code == 302
    event = AuditEvent.objects.filter(action="policy.answers_changed").first()
    change = event.detail["changes"][0]
    assert change["question"] == "check_officers" and change["new"].endswith("…")
    assert len(change["new"]) <= 80  # a long answer is not copied into the trail whole
    assert event.detail["page"] == PAGE and event.actor == lead
    page = lead_client.get(reverse("core:audit")).content.decode()
    # The summary is in the organisation's language (Dutch for this one), for every reader.
    assert "Antwoorden in het beleidsinterview gewijzigd: check_officers:" in page
    assert "policy.answers_changed" in page


def test_saving_unchanged_answers_writes_no_audit_event(organisation, lead):
    services.save_answers(organisation, lead, services.example_answers())
    count = AuditEvent.objects.filter(action="policy.answers_changed").count()
    revision = services.get_interview(organisation).revision
    services.save_answers(organisation, lead, services.example_answers(), revision=revision)
    assert AuditEvent.objects.filter(action="policy.answers_changed").count() == count
    assert services.get_interview(organisation).revision == revision


def test_the_summary_is_in_the_organisations_language(organisation, lead):
    organisation.default_language = "nl"
    organisation.save()
    services.save_answers(organisation, lead, {"comments_open": True})
    services.save_answers(organisation, lead, {"comments_open": False})
    event = AuditEvent.objects.filter(action="policy.answers_changed").first()
    assert event.summary == "Antwoorden in het beleidsinterview gewijzigd: comments_open: Ja → Nee"


def test_two_people_starting_the_interview_at_once_do_not_overwrite_each_other(
    organisation, lead, editor
):
    first, second = Client(), Client()
    first.force_login(lead)
    second.force_login(editor)
    first_form, second_form = open_page(first, PAGE), open_page(second, PAGE)
    assert first_form["revision"] == second_form["revision"] == ["0"]  # no interview yet
    assert first.post(URL, edited(first_form, check_officers="the web team")).status_code == 302
    response = second.post(URL, edited(second_form, check_officers="the press office"))
    assert response.status_code == 409
    assert services.interview_answers(organisation)["check_officers"] == "the web team"

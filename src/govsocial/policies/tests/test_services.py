"""Answers, documents, versions, approval, diffs and the contract functions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from govsocial.core.models import AuditEvent
from govsocial.policies import services
from govsocial.policies.models import PolicyVersion
from govsocial.policies.tests.factories import answers, make_version


def text_of(kind="policy", language="en", **changes):
    return services.build_document(
        kind, answers(**changes), language, organisation_name="Example Council"
    ).text()


# --- answers -------------------------------------------------------------------


def test_example_answers_are_complete_and_valid():
    example = services.example_answers()
    assert services.validate_answers(example) == example
    assert example["response_time_hours"] == 8


@pytest.mark.parametrize(
    ("changes", "question", "fragment"),
    [
        ({"budget": 3}, "budget", "not a question"),
        ({"response_time_hours": "eight"}, "response_time_hours", "from 1 to 168"),
        ({"response_time_hours": 200}, "response_time_hours", "out of range"),
        ({"review_interval_months": 3}, "review_interval_months", "from 6 to 36"),
        ({"moderation": "never"}, "moderation", "one of pre, post, reactive"),
        ({"goals": ["fun"]}, "goals", "not one of the choices"),
        ({"goals": []}, "goals", "at least 1"),
        ({"comments_open": "maybe"}, "comments_open", "yes or no"),
        ({"staffed_hours": "9 to 5"}, "staffed_hours", "HH:MM-HH:MM"),
        ({"staffed_hours": "17:00-09:00"}, "staffed_hours", "earlier than the second"),
        ({"check_officers": "x" * 501}, "check_officers", "at most 500 characters"),
        ({"response_time": "8"}, "response_time", "has no unit"),
        ({"response_time": "2 days"}, "response_time", "calendar days"),
        ({"response_time": "11 working days"}, "response_time", "out of range"),
        ({"response_time": "1,5 werkdag"}, "response_time", "not a whole number"),
    ],
)
def test_bad_answers_name_the_question_and_what_is_allowed(changes, question, fragment):
    with pytest.raises(services.AnswersInvalid) as caught:
        services.validate_answers({**services.example_answers(), **changes})
    [error] = caught.value.errors
    assert error.question == question
    assert fragment in str(error)
    assert question in str(error)


def test_messages_are_in_dutch_when_asked():
    with translation.override("nl"):
        with pytest.raises(services.AnswersInvalid) as caught:
            services.validate_answers({**services.example_answers(), "response_time_hours": 500})
        assert "een geheel getal van 1 tot en met 168" in str(caught.value)


def test_a_missing_answer_is_named_and_a_skipped_question_is_not_needed():
    incomplete = services.example_answers()
    del incomplete["report_day"]
    with pytest.raises(services.AnswersInvalid, match="report_day"):
        services.validate_answers(incomplete)
    closed = services.example_answers()
    closed["comments_open"] = False
    del closed["moderation"]
    assert "moderation" not in services.validate_answers(closed)
    # An answer to a skipped question is dropped, not used.
    assert "moderation" not in services.validate_answers({**closed, "moderation": "pre"})


# --- texts vary with the answers ---------------------------------------------------


def test_a_promise_takes_a_number_with_hours_or_working_days_in_either_language():
    for typed, stored in (
        ("1 werkdag", "1 working day"),
        ("1 working day", "1 working day"),
        ("2 werkdagen", "2 working days"),
        ("4 uur", "4 hours"),
        ("1 hour", "1 hour"),
        (" 8 Hours ", "8 hours"),
    ):
        answers = services.validate_answers({**services.example_answers(), "response_time": typed})
        assert answers["response_time"] == stored, typed
    # Older answer files and other apps give whole hours: still read, as hours.
    legacy = services.validate_answers({**services.example_answers(), "response_time_hours": 6})
    assert legacy["response_time"] == "6 hours" and legacy["response_time_hours"] == 6


def test_the_numbers_and_names_answered_are_in_the_policy():
    text = text_of(
        response_time="6 hours",
        report_day=21,
        password_change_days=120,
        check_officers="Ayesha Khan and Piet Jansen",
    )
    assert "within 6 hours" in text
    assert "by the 21st of each month" in text
    assert "every 120 days" in text
    assert "Check it first with Ayesha Khan and Piet Jansen" in text
    nl = text_of(language="nl", response_time="1 uur", report_day=3)
    assert "binnen 1 uur" in nl and "uiterlijk de 3e van de maand" in nl


def test_closed_comments_explain_that_and_keep_one_moderation_procedure():
    closed = text_of(comments_open=False)
    assert "We close comments on our accounts" in closed
    assert "moderates comments" not in closed
    assert "Don't delete comments because they are critical" not in closed
    # Not "there is no moderation procedure" followed by moderation rules: the rules
    # cover replies and mentions where a platform cannot close comments.
    assert "no moderation procedure" not in closed
    assert "There we handle replies and mentions by the rules below" in closed
    open_ = text_of(comments_open=True, moderation="pre")
    assert "moderates comments before publication" in open_
    assert "can be liable for what others post" in open_
    rules = text_of("house_rules", comments_open=False)
    assert "We close comments on our accounts" in rules


def test_around_the_clock_and_office_hours_read_differently():
    office = text_of(
        response_basis="office_hours", staffed_days="weekdays", staffed_hours="09:00-17:30"
    )
    assert "Monday to Friday, from 09:00 to 17:30" in office
    clock = text_of(response_basis="around_the_clock")
    assert "around the clock, seven days a week" in clock
    assert "09:00" not in clock
    nl = text_of(language="nl", staffed_hours="09:00-17:30")
    assert "van 09.00 tot 17.30 uur" in nl


def test_elections_archiving_and_cover_follow_the_answers():
    on = text_of(
        election_periods=True, election_quiet_days=30, retention_schedule="the 2020 schedule"
    )
    assert "The quiet period starts 30 days before an election" in on
    assert "How long we keep each kind of message follows the 2020 schedule" in on
    off = services.build_document(
        "policy",
        answers(election_periods=False, archiving_duty=False, leave_cover="none"),
        "en",
        organisation_name="Example Housing",
        organisation_kind="housing_association",
    ).text()
    assert "does not observe formal election periods" in off
    assert "has no legal duty to keep all its social media" in off
    assert "There is no cover arrangement" in off
    assert "During elections" not in text_of("house_rules", election_periods=False)


def test_dos_and_donts_are_tailored():
    crisis = text_of(goals=["information", "crisis"], spokespeople="all_staff")
    assert "In a crisis, share the official messages" in crisis
    assert "Don't speak for the organisation outside your own field" in crisis
    plain = text_of(goals=["information"], spokespeople="communications_only")
    assert "In a crisis, share" not in plain
    assert "outside your own field" not in plain


def test_list_items_that_continue_a_sentence_stay_in_lower_case():
    # "We remove or hide reactions and messages that:" — each item finishes that sentence.
    for language, item in (("en", "- threaten, insult"), ("nl", "- iemand bedreigen")):
        markdown = _markdown("house_rules", language)
        assert item in markdown, language
    assert "- the number of questions received" in _markdown("policy", "en")
    assert "- het aantal ontvangen vragen" in _markdown("policy", "nl")


def _markdown(kind, language, **changes):
    from govsocial.documents import render

    document = services.build_document(
        kind, answers(**changes), language, organisation_name="Gemeente Voorbeeld"
    )
    return render.render(document, "md").decode()


def test_dutch_sentences_agree_with_every_answer():
    assert "mogen de afdeling communicatie en aangewezen collega's" in text_of(
        language="nl", spokespeople="named_staff"
    )
    assert "spreekt alleen de afdeling communicatie namens" in text_of(
        language="nl", spokespeople="communications_only"
    )
    assert "mag iedere medewerker binnen het eigen vakgebied" in text_of(
        language="nl", spokespeople="all_staff"
    )
    # A plural approver or several officers read correctly: the answer is not the subject.
    nl = text_of(
        language="nl",
        account_approver="de afdelingshoofden",
        check_officers="Jan en Piet",
        adopted_by="de directeuren",
    )
    assert "is goedkeuring nodig van de afdelingshoofden." in nl
    assert "Die controle ligt bij Jan en Piet." in nl
    assert "ligt bij de directeuren." in nl
    assert "vragen van maandag tot en met vrijdag, van 08.30" in nl
    rules = text_of("house_rules", language="nl")
    assert "Dan vragen wij daarnaar" in rules and "binnen die tijden binnen" not in rules
    every_day = text_of("house_rules", staffed_days="all_week")
    assert "at the weekend" not in every_day and "outside these hours" in every_day


def test_requests_for_information_are_covered():
    assert "We handle a request that covers social media like any other request" in text_of()
    assert "Een informatieverzoek dat over sociale media gaat" in text_of(language="nl")


def test_without_an_organisation_name_the_text_says_the_organisation():
    for language, subtitle in (
        ("en", "How the organisation uses social media"),
        ("nl", "Hoe de organisatie sociale media gebruikt"),
    ):
        document = services.build_document("policy", answers(), language)
        text = document.text()
        assert document.subtitle.startswith(subtitle), language
        assert "Your organisation" not in text and "Uw organisatie" not in text
        assert document.organisation == ""


def test_the_emergency_number_follows_the_country():
    uk = services.build_document(
        "house_rules", answers(), "en", organisation_name="Borough", country="GB"
    ).text()
    assert "call 999" in uk
    assert "call 112" in text_of("house_rules")


# --- versions --------------------------------------------------------------------


def test_generate_approve_supersede_and_review_date(organisation, lead, editor):
    first = services.generate_draft(organisation, editor, answers(review_interval_months=18))
    assert (first.number, first.status) == (1, "draft")
    services.approve(first, lead)
    first.refresh_from_db()
    assert first.status == "published" and first.approved_by == lead
    published_day = first.published_at.astimezone().date()
    assert first.review_due == services.add_months(published_day, 18)
    second = services.generate_draft(organisation, lead, answers(response_time_hours=2))
    services.approve(second, lead)
    first.refresh_from_db()
    assert first.status == "superseded"
    assert services.published_version(organisation) == second
    assert services.published_answers(organisation)["response_time_hours"] == 2
    actions = list(
        AuditEvent.objects.filter(organisation=organisation).values_list("action", flat=True)
    )
    assert actions.count("policy.generated") == 2 and actions.count("policy.approved") == 2


def test_only_a_lead_approves_and_only_a_draft(organisation, lead, editor):
    version = make_version(organisation, editor)
    with pytest.raises(PermissionDenied):
        services.approve(version, editor)
    services.approve(version, lead)
    with pytest.raises(services.PolicyError, match="only a draft"):
        services.approve(version, lead)


def test_generate_refuses_incomplete_interview_answers(organisation, lead):
    services.save_answers(organisation, lead, {"goals": ["information"]}, page="before")
    with pytest.raises(services.AnswersInvalid):
        services.generate_draft(organisation, lead)
    assert not PolicyVersion.objects.filter(organisation=organisation).exists()


def test_interview_answers_are_saved_as_you_go_and_checked(organisation, lead):
    services.save_answers(organisation, lead, {"goals": ["crisis"]}, page="before")
    interview = services.save_answers(
        organisation, lead, {"response_time": "12 uur"}, page="responsiveness"
    )
    assert interview.answers == {"goals": ["crisis"], "response_time": "12 hours"}
    assert interview.last_page == "responsiveness"
    with pytest.raises(services.AnswersInvalid):
        services.save_answers(organisation, lead, {"response_time": "0 hours"})
    assert services.interview_answers(organisation)["response_time"] == "12 hours"


def test_add_months_keeps_the_day_or_the_month_end():
    assert services.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert services.add_months(dt.date(2026, 11, 15), 14) == dt.date(2028, 1, 15)


def test_diff_names_changed_added_and_removed_clauses_word_by_word(organisation):
    old = make_version(organisation, response_time="8 hours", election_periods=True)
    new = make_version(organisation, response_time="4 hours", election_periods=False)
    diff = services.diff_versions(old, new, "en")
    by_id = {c.id: c for c in diff.clauses}
    assert by_id["responsiveness"].status == "changed"
    assert ("delete", "8") in by_id["responsiveness"].ops and ("insert", "4") in by_id[
        "responsiveness"
    ].ops
    assert by_id["accessibility"].status == "unchanged"
    assert by_id["elections"].status == "changed"
    assert {c.question for c in diff.answers} >= {"Within what time do you answer a question?"}
    nl = services.diff_versions(old, new, "nl")
    assert {c.id: c for c in nl.clauses}[
        "responsiveness"
    ].title == "Bereikbaarheid en wat het publiek mag verwachten"


def test_clause_texts_contract(organisation):
    version = make_version(organisation, check_officers="the duty officer")
    clauses = services.clause_texts(version, "en")
    assert list(clauses)[0] == "purpose"
    title, text = clauses["decision_guide"]
    assert title == "Posting decision guide" and "the duty officer" in text
    assert services.clause_texts(version, "nl")["principles"][0] == "Uitgangspunten"


def test_dashboard_panel_shows_status_review_date_and_link(organisation, lead):
    panel = services.dashboard_panel(organisation, lead, "lead")
    assert panel["version"] is None and panel["template"] == "policies/_dashboard_panel.html"
    version = make_version(organisation, lead, publish=True)
    panel = services.dashboard_panel(organisation, lead, "staff")
    assert panel["version"] == version and panel["review_due"] == version.review_due
    assert panel["policy_url"] == "/policy/published/" and not panel["can_edit"]

"""The YAML content: complete in both languages, every placeholder filled, every condition valid."""

import copy

import pytest

from govsocial.policies import content
from govsocial.policies.content import ContentError

EXPECTED = {
    "goals": ("list", ["information", "engagement", "customer_service", "crisis"]),
    "stakeholders": (
        "list",
        ["communications", "legal", "it", "hr", "services", "works_council", "dpo"],
    ),
    "reuse_policies": ("list", ["code_of_conduct", "hr", "press", "privacy", "records"]),
    "spokespeople": ("choice", ["communications_only", "named_staff", "all_staff"]),
    "response_time": ("duration", None),
    "response_basis": ("choice", ["office_hours", "around_the_clock"]),
    "staffed_days": ("choice", ["weekdays", "all_week"]),
    "staffed_hours": ("text", None),
    "monitoring_frequency": ("choice", ["continuous", "hourly", "several_daily", "daily"]),
    "contact_centre": ("bool", None),
    "posting_window": ("choice", ["staffed", "evenings", "weekends", "evenings_weekends"]),
    "comments_open": ("bool", None),
    "moderation": ("choice", ["pre", "post", "reactive"]),
    "account_approver": ("text", None),
    "password_location": ("choice", ["password_manager", "team_vault", "other"]),
    "password_change_days": ("int", (30, 365)),
    "leave_cover": ("choice", ["rota", "named_deputy", "none"]),
    "report_day": ("int", (1, 28)),
    "election_periods": ("bool", None),
    "election_quiet_days": ("int", (0, 90)),
    "archiving_duty": ("bool", None),
    "retention_schedule": ("text", None),
    "adopted_by": ("text", None),
    "dormant_after_days": ("int", (30, 365)),
    "review_interval_months": ("int", (6, 36)),
    "check_officers": ("text", None),
    "consulted": (
        "list",
        ["communications", "legal", "it", "hr", "services", "works_council", "dpo"],
    ),
    "next_election_date": ("date", None),
    "next_election_kind": ("choice", ["municipal", "provincial", "national", "european", "other"]),
}

CLAUSE_ORDER = [
    "purpose",
    "principles",
    "decision_guide",
    "dos_and_donts",
    "responsiveness",
    "moderation",
    "images_and_children",
    "roles",
    "account_governance",
    "personal_use",
    "accessibility",
    "elections",
    "data_privacy_archiving",
    "monitoring_evaluation",
    "review",
    "adoption",
]


def test_the_shipped_content_is_valid():
    content.parse()  # raises ContentError naming the place on any problem


def test_questions_match_the_contract_other_apps_rely_on():
    questions = content.load().questions
    assert set(questions) == set(EXPECTED)
    for qid, (qtype, spec) in EXPECTED.items():
        question = questions[qid]
        assert question.type == qtype, qid
        if qtype in ("list", "choice"):
            assert question.choice_values() == spec, qid
        if qtype == "int":
            assert (question.min, question.max) == spec, qid
    assert questions["moderation"].show_if == {"comments_open": True}
    assert questions["election_quiet_days"].show_if == {"election_periods": True}
    # A public body has the duty by law: it is not asked, so it cannot answer "no".
    assert questions["archiving_duty"].show_if == {"public_body": False}
    assert not questions["retention_schedule"].show_if


def test_the_interview_opens_with_the_four_questions_before_any_policy():
    pages = content.load().pages
    assert 4 <= len(pages) <= 6
    # "At most about 25 questions": 29 exist, three of them optional (who has been involved,
    # the next election day); a public body is never asked whether it must keep records,
    # and branching skips up to eight more.
    questions = content.load().questions
    assert len(questions) <= 29
    optional = {q.id for q in questions.values() if q.optional}
    assert optional == {"consulted", "next_election_date", "next_election_kind"}
    assert sum(1 for q in questions.values() if q.show_if) == 9
    assert pages[0].question_ids == (
        "goals",
        "stakeholders",
        "consulted",
        "reuse_policies",
        "spokespeople",
    )


def test_every_text_exists_in_english_and_dutch_and_differs():
    c = content.load()
    texts = []
    for q in c.questions.values():
        texts.append(q.text)
        texts.extend(choice.label for choice in q.choices)
    for doc in (c.policy, c.house_rules):
        for clause in doc.clauses:
            texts.append(clause.title)
    for reference in c.references.values():
        texts += [reference.cite, reference.about]
    for text in texts:
        assert text["en"].strip() and text["nl"].strip()
        assert text["en"] != text["nl"] or len(text["en"]) < 12, (
            text
        )  # short names like "HR" may match


def test_clauses_are_in_the_order_the_policy_needs():
    clauses = content.load().policy.clauses
    assert [c.id for c in clauses] == CLAUSE_ORDER


def test_every_legal_reference_has_the_date_it_was_last_checked():
    import datetime as dt

    references = content.load().references
    named = {rid for c in content.load().policy.clauses for rid in c.references}
    assert named <= set(references)
    assert all(isinstance(r.checked, dt.date) for r in references.values())
    assert set(references) - named == set()  # no reference left unused


def test_a_reference_without_a_date_or_an_unknown_one_is_an_error(monkeypatch):
    raw = _raw()
    del raw["references.yaml"]["references"][0]["checked"]
    with pytest.raises(ContentError, match="needs the date it was last checked"):
        _parse_with(monkeypatch, raw)
    raw = _raw()
    raw["clauses.yaml"]["clauses"][0]["references"] = ["no_such_law"]
    with pytest.raises(ContentError, match="names unknown reference 'no_such_law'"):
        _parse_with(monkeypatch, raw)


_read_yaml = content._read_yaml


def _raw():
    names = ("questions.yaml", "clauses.yaml", "house_rules.yaml", "references.yaml")
    return {name: _read_yaml(name) for name in names}


def _parse_with(monkeypatch, raw):
    monkeypatch.setattr(content, "_read_yaml", lambda name: copy.deepcopy(raw[name]))
    return content.parse()


def test_a_missing_translation_is_an_error(monkeypatch):
    raw = _raw()
    del raw["clauses.yaml"]["clauses"][1]["title"]["nl"]
    with pytest.raises(ContentError, match=r"clause 'principles' title: missing or empty 'nl'"):
        _parse_with(monkeypatch, raw)


def test_an_unknown_placeholder_is_an_error(monkeypatch):
    raw = _raw()
    raw["clauses.yaml"]["clauses"][0]["blocks"][0]["p"]["en"] += " {budget_euros}"
    raw["clauses.yaml"]["clauses"][0]["blocks"][0]["p"]["nl"] += " {budget_euros}"
    with pytest.raises(ContentError, match=r"'\{budget_euros\}' is filled by no answer"):
        _parse_with(monkeypatch, raw)


def test_a_placeholder_of_a_skipped_question_needs_its_condition(monkeypatch):
    raw = _raw()
    raw["clauses.yaml"]["clauses"][0]["blocks"][0]["p"]["en"] += " {election_quiet_days}"
    raw["clauses.yaml"]["clauses"][0]["blocks"][0]["p"]["nl"] += " {election_quiet_days}"
    with pytest.raises(ContentError, match="only answered when"):
        _parse_with(monkeypatch, raw)


def test_a_condition_on_an_unknown_question_or_value_is_an_error(monkeypatch):
    raw = _raw()
    raw["clauses.yaml"]["clauses"][0]["when"] = {"budget": True}
    with pytest.raises(ContentError, match="unknown question 'budget'"):
        _parse_with(monkeypatch, raw)
    raw = _raw()
    raw["house_rules.yaml"]["clauses"][0]["when"] = {"moderation": "sometimes"}
    with pytest.raises(ContentError, match="'sometimes', which is not a valid answer"):
        _parse_with(monkeypatch, raw)


def test_languages_must_use_the_same_placeholders(monkeypatch):
    raw = _raw()
    raw["clauses.yaml"]["clauses"][0]["blocks"][0]["p"]["nl"] = "Geen plaatshouders hier."
    with pytest.raises(ContentError, match="placeholders differ"):
        _parse_with(monkeypatch, raw)


def test_errors_are_the_core_types():
    from govsocial.core import content as core_content
    from govsocial.core.errors import GovSocialError
    from govsocial.policies import services

    assert ContentError is core_content.ContentError
    assert issubclass(services.AnswersInvalid, GovSocialError)
    assert issubclass(services.AnswersInvalid, ValueError)
    assert issubclass(services.PolicyError, GovSocialError)
    assert isinstance(content.load().questions["goals"].text, core_content.Text)


def test_every_problem_is_named_at_once(monkeypatch):
    raw = _raw()
    del raw["clauses.yaml"]["clauses"][1]["title"]["nl"]
    del raw["house_rules.yaml"]["clauses"][0]["title"]["en"]
    raw["questions.yaml"]["pages"][0]["questions"][0]["text"]["nl"] = "Doelen %(x)s"
    with pytest.raises(ContentError) as caught:
        _parse_with(monkeypatch, raw)
    assert len(caught.value.problems) == 3
    assert caught.value.problems[0].startswith("questions.yaml: question 'goals' text:")


def test_a_placeholder_is_a_lower_case_name_in_braces(monkeypatch):
    raw = _raw()
    raw["clauses.yaml"]["clauses"][0]["blocks"][0]["p"]["en"] += " {Organisation}"
    raw["clauses.yaml"]["clauses"][0]["blocks"][0]["p"]["nl"] += " {Organisation}"
    with pytest.raises(ContentError, match="a placeholder is a lower-case name in braces"):
        _parse_with(monkeypatch, raw)

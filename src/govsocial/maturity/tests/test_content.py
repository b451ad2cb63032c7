import copy

import pytest
from django.urls import reverse

from govsocial.core.content import ContentError
from govsocial.core.errors import GovSocialError
from govsocial.maturity.content import LINKS, load_content, parse_content, policy_facts, read_raw
from govsocial.policies import services as policies


def test_the_test_has_about_fifty_questions_over_five_themes_in_both_languages():
    content = load_content()
    assert [t.id for t in content.themes] == [
        "leadership",
        "strategy",
        "governance",
        "implementation",
        "policy",
    ]
    assert 45 <= len(content.questions) <= 55
    for question in content.questions.values():
        assert len(question.levels) == 5
        for text in (question.text, *question.levels):
            assert text.en and text.nl and text.en != text.nl
    assert [s.number for s in content.stages] == [1, 2, 3, 4, 5]
    assert content.stages[0].name.en == "Experimenting"
    assert content.stages[-1].name.en == "Networked organisation"


def test_every_link_in_the_rules_is_a_govsocial_page():
    content = load_content()
    for rule in (*content.recommendations, *content.contradictions):
        assert rule.link in LINKS
        assert reverse(rule.link).startswith("/")


def _raw():
    return copy.deepcopy(list(read_raw()))


def _problems(raw) -> str:
    with pytest.raises(ContentError) as info:
        parse_content(*raw)
    return "\n".join(info.value.problems)


def test_a_missing_dutch_text_is_an_error():
    raw = _raw()
    del raw[0]["themes"][0]["questions"][0]["levels"][2]["nl"]
    assert "question lead_sponsor level 3: missing or empty 'nl' translation" in _problems(raw)


def test_a_question_needs_five_levels():
    raw = _raw()
    raw[0]["themes"][1]["questions"][0]["levels"].pop()
    assert "question str_goals: needs exactly 5 levels, has 4" in _problems(raw)


def test_a_rule_naming_an_unknown_question_or_fact_is_an_error():
    raw = _raw()
    raw[2]["recommendations"][0]["when"] = {"question": "no_such_question", "at_most": 2}
    raw[3]["contradictions"][0]["claim"][0]["when"] = {"fact": "policy.no_such_answer", "equals": 1}
    problems = _problems(raw)
    assert "unknown question 'no_such_question'" in problems
    assert "unknown policy answer 'no_such_answer'" in problems


def test_a_placeholder_nothing_fills_is_an_error():
    raw = _raw()
    rec = next(r for r in raw[2]["recommendations"] if r["id"] == "write_policy")
    rec["why"] = {"en": "Score {score}", "nl": "Score {score}"}  # this rule has no theme
    assert "recommendation write_policy why: no value fills ['score']" in _problems(raw)


def test_a_printf_placeholder_is_refused():
    raw = _raw()
    raw[2]["recommendations"][0]["why"] = {"en": "Score %(score)s", "nl": "Score %(score)s"}
    assert "uses %(name)s; write {name} instead" in _problems(raw)


def test_an_unknown_page_link_is_an_error():
    raw = _raw()
    raw[3]["contradictions"][0]["link"] = "nowhere:index"
    assert "link must be one of" in _problems(raw)


def test_contradictions_may_name_every_policy_answer_and_nothing_else():
    assert policy_facts() == policies.answer_ids() | {"published"}
    assert "comments_open" in policy_facts()


def test_a_misspelt_policy_answer_id_fails_at_load_time():
    raw = _raw()
    raw[3]["contradictions"][0]["conflict"][1]["when"] = {
        "fact": "policy.coments_open",
        "equals": False,
    }
    with pytest.raises(ContentError) as info:
        parse_content(*raw)
    assert isinstance(info.value, GovSocialError)
    assert (
        "contradiction engagement_comments_closed conflict 2: unknown policy answer 'coments_open'"
        in info.value.problems
    )

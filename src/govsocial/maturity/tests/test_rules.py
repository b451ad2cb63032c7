import pytest

from govsocial.maturity import rules, scoring, services
from govsocial.maturity.content import load_content
from govsocial.maturity.scoring import DONT_KNOW
from govsocial.policies.tests.factories import make_version

CONTENT = load_content()

# For every contradiction rule: facts that trigger it, and close facts that do not.
CASES = {
    "engagement_comments_closed": (
        {"q.str_engagement": 4, "q.imp_comments": 1},
        {"q.str_engagement": 4, "q.imp_comments": 3},
    ),
    "promise_without_fixed_monitoring": (
        {"q.str_response_promise": 4, "q.imp_monitoring": 2},
        {"q.str_response_promise": 4, "q.imp_monitoring": 3},
    ),
    "kept_promise_no_rota": (
        {"q.str_response_promise": 4, "q.gov_rota": 2},
        {"q.str_response_promise": 3, "q.gov_rota": 1},
    ),
    "weekend_rota_weekday_policy": (
        {"q.gov_rota": 4, "policy.staffed_days": "weekdays"},
        {"q.gov_rota": 4, "policy.staffed_days": "all_week"},
    ),
    "around_the_clock_office_hours": (
        {"policy.response_basis": "around_the_clock", "policy.staffed_days": "weekdays"},
        {"policy.response_basis": "around_the_clock", "q.imp_monitoring": 5, "q.imp_team": 3},
    ),
    "governed_accounts_no_register": (
        {"q.imp_accounts": 4, "channels.has_register": False},
        {"q.imp_accounts": 4, "q.gov_register": 4, "channels.has_register": True},
    ),
    "register_complete_but_cover_missing": (
        {"q.gov_register": 5, "channels.without_cover": 3},
        {"q.gov_register": 5, "channels.without_cover": 0},
    ),
    "dormant_closed_but_listed": (
        {"q.gov_dormant": 4, "channels.dormant": 2},
        {"q.gov_dormant": 2, "channels.dormant": 2},
    ),
    "policy_known_but_missing": (
        {"q.pol_policy": 4, "policy.published": False},
        {"q.pol_policy": 4, "policy.published": True, "q.pol_staff_guidance": 3},
    ),
    "measure_without_goals": (
        {"q.pol_measurement": 4, "q.str_goals": 2},
        {"q.pol_measurement": 4, "q.str_goals": 3},
    ),
    "passwords_claimed_secure": (
        {"q.gov_access": 5, "policy.password_location": "other"},
        {"q.gov_access": 5, "policy.password_location": "password_manager"},
    ),
    "listening_without_monitoring": (
        {"q.lead_listening": 4, "q.imp_monitoring": 1},
        {"q.lead_listening": 4, "q.imp_monitoring": 2},
    ),
    "promise_not_kept_in_practice": (
        {
            "q.str_response_promise": 4,
            "insights.within_promise_share": 41,
            "insights.questions": 20,
        },
        {"q.str_response_promise": 4, "insights.within_promise_share": 41, "insights.questions": 4},
    ),
    "dialogue_but_broadcasting": (
        {"policy.goals": ["engagement"], "insights.broadcast_share": 92},
        {"policy.goals": ["engagement"], "insights.broadcast_share": 79},
    ),
    "monitoring_but_unanswered": (
        {"q.imp_monitoring": 4, "insights.unanswered_past_promise": 3},
        {"q.imp_monitoring": 3, "insights.unanswered_past_promise": 9},
    ),
}


def test_every_contradiction_rule_has_a_case():
    assert set(CASES) == {rule.id for rule in CONTENT.contradictions}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_contradiction_triggers(rule_id):
    found = {f["rule"].id for f in rules.contradictions(CASES[rule_id][0], CONTENT)}
    assert rule_id in found


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_contradiction_does_not_trigger_on_close_facts(rule_id):
    found = {f["rule"].id for f in rules.contradictions(CASES[rule_id][1], CONTENT)}
    assert rule_id not in found


def test_dont_know_and_missing_facts_never_trigger_a_contradiction():
    assert rules.contradictions({"q.str_engagement": 4, "q.imp_comments": DONT_KNOW}, CONTENT) == []
    assert rules.contradictions({"q.str_engagement": 4}, CONTENT) == []


def test_placeholders_are_filled_from_the_register():
    data = services.report({"gov_dormant": 5}, "nl", facts={"channels.dormant": 3})
    [found] = [c for c in data["contradictions"] if c["id"] == "dormant_closed_but_listed"]
    assert found["conflict"]["text"] == "Slapende accounts in uw kanalenregister: 3."
    assert found["conflict"]["source"] == "channels"
    assert found["claim"]["source"] == "q"


def test_an_organisation_starting_out_first_sees_awareness_goals_and_buy_in():
    answers = {q: 1 for q in CONTENT.questions}
    data = services.report(answers, "en", facts={})
    recs = data["recommendations"]
    assert len(recs) == 7
    ids = [r["id"] for r in recs]
    assert ids[:3] == ["raise_awareness", "set_goals", "leadership_buy_in"]
    # passwords, rotas and registers come after the goals they serve
    assert ids.index("set_goals") < ids.index("secure_access")
    assert [r["stage"] for r in recs] == sorted(r["stage"] for r in recs)
    assert recs[1]["url"] == "/policy/"
    assert all(r["why"] and r["next_step"] and r["url"] for r in recs)
    nl = services.report(answers, "nl", facts={})["recommendations"]
    assert nl[0]["title"] == "Laat management en collega's zien waarom sociale media ertoe doen"
    assert nl[2]["title"] == "Zorg dat een directeur sociale media steunt"
    assert recs[0]["stage_text"] == "A step of stage 1: Experimenting"
    assert nl[3]["stage_text"] == "Een stap uit fase 2: Op orde brengen"


def test_within_a_stage_recommendations_are_ordered_by_impact():
    stages = [(r.stage, -r.impact) for r in CONTENT.recommendations]
    assert stages == sorted(stages)


def test_with_a_sponsor_in_place_the_buy_in_step_gives_way_to_involving_management():
    answers = {q.id: 2 for q in CONTENT.theme("leadership").questions} | {
        "lead_sponsor": 3,
        "lead_budget": 2,
    }
    ids = [r["id"] for r in services.report(answers, "en", facts={})["recommendations"]]
    assert "leadership_buy_in" not in ids and "involve_leadership" in ids


def test_a_top_organisation_is_advised_to_share_its_practice():
    data = services.report({q: 5 for q in CONTENT.questions}, "nl", facts={})
    assert [r["id"] for r in data["recommendations"]] == ["share_practice"]
    assert data["recommendations"][0]["title"] == "Deel uw aanpak met andere organisaties"


def test_theme_placeholders_show_the_theme_and_its_score_in_the_language():
    answers = {q.id: 2 for q in CONTENT.theme("leadership").questions} | {"lead_sponsor": 3}
    data = services.report(answers, "nl", facts={})
    [rec] = [r for r in data["recommendations"] if r["id"] == "involve_leadership"]
    assert rec["why"].startswith("Leiderschap en innovatie scoort 27,5 van de 100.")


def test_dont_know_total_drives_the_find_out_recommendation():
    answers = {q: DONT_KNOW for q in list(CONTENT.questions)[:8]}
    result = scoring.score(answers, CONTENT)
    assert "find_out" in [r.id for r in rules.recommendations(answers, result, CONTENT)]
    fewer = dict(list(answers.items())[:7])
    assert "find_out" not in [
        r.id for r in rules.recommendations(fewer, scoring.score(fewer, CONTENT), CONTENT)
    ]


@pytest.mark.django_db
def test_the_published_policy_and_the_register_are_read_through_their_contracts(organisation, lead):
    make_version(organisation, lead, publish=True, goals=["engagement"], comments_open=False)
    data = services.report({"imp_accounts": 5}, "en", organisation)
    found = {c["id"]: c for c in data["contradictions"]}
    assert found["engagement_comments_closed"]["claim"]["source_label"] == "Your published policy"
    assert (
        found["engagement_comments_closed"]["conflict"]["text"]
        == "Your published policy keeps comments closed."
    )
    assert found["governed_accounts_no_register"]["conflict"]["source"] == "channels"


@pytest.mark.django_db
def test_without_a_policy_or_a_register_the_facts_say_so(organisation):
    facts = services.external_facts(organisation)
    assert facts["policy.published"] is False
    assert not any(key.startswith("policy.") and key != "policy.published" for key in facts)
    assert facts["channels.has_register"] is False and facts["channels.total"] == 0
    data = services.report({"str_engagement": 4, "imp_comments": 1}, "en", organisation)
    assert [c["id"] for c in data["contradictions"]] == ["engagement_comments_closed"]


def test_the_evidence_names_the_channel_month_and_figure_the_readers_way():
    facts = services.insights_evidence(
        {"month": "2026-10", "questions": 20, "within_promise_share": 41.0,
         "median_working_days": 3.2, "promise_staffed_hours": 8, "broadcast_share": 50.0,
         "channels": {7: {"name": "Gemeente (x)", "questions": 9, "within_promise_share": 22.2,
                          "broadcast_share": 50.0, "posts": 4}}}
    )  # fmt: skip
    answers = {"str_response_promise": 4}
    [en] = services.report(answers, "en", facts=facts)["contradictions"]
    assert en["conflict"]["text"] == (
        "In October 2026, 41 % of the public's 20 questions got an answer within the promise "
        "(8 staffed hours); the median answer took 3.2 working days. Fewest in time: "
        "Gemeente (x), 22 % of 9 questions."
    )
    assert en["claim"]["source"] == "q" and en["conflict"]["source"] == "insights"
    [nl] = services.report(answers, "nl", facts=facts)["contradictions"]
    assert nl["conflict"]["text"].startswith("In oktober 2026 kreeg 41 % van de 20 vragen")
    assert "langer dan 3,2 werkdagen" in nl["conflict"]["text"]

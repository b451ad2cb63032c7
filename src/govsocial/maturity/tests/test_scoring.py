from hypothesis import given, settings
from hypothesis import strategies as st

from govsocial.maturity import scoring
from govsocial.maturity.content import load_content
from govsocial.maturity.scoring import DONT_KNOW

CONTENT = load_content()
QIDS = list(CONTENT.questions)
answer = st.one_of(st.sampled_from([1, 2, 3, 4, 5]), st.just(DONT_KNOW), st.none())
answer_sets = st.fixed_dictionaries({qid: answer for qid in QIDS}).map(
    lambda d: {k: v for k, v in d.items() if v is not None}
)


@settings(max_examples=30, deadline=None)
@given(answer_sets, st.sampled_from(QIDS))
def test_raising_an_answer_never_lowers_its_themes_score(answers, qid):
    theme = CONTENT.questions[qid].theme
    before = scoring.score(answers, CONTENT)["themes"][theme]["score"]
    current = answers.get(qid)
    start = current if isinstance(current, int) else 1
    for level in range(start, 6):
        raised = {**answers, qid: level}
        after = scoring.score(raised, CONTENT)["themes"][theme]["score"]
        before_level = scoring.score({**answers, qid: max(start, level - 1)}, CONTENT)["themes"][
            theme
        ]["score"]
        # Too few levels in the theme: no score either way (raising does not add a level).
        if after is None:
            assert before_level is None
            continue
        if isinstance(current, int):
            assert after >= before
        assert after >= before_level


@settings(max_examples=30, deadline=None)
@given(answer_sets, st.sampled_from(QIDS))
def test_dont_know_never_counts_as_a_level(answers, qid):
    with_dont_know = {**answers, qid: DONT_KNOW}
    left_out = {k: v for k, v in answers.items() if k != qid}
    theme = CONTENT.questions[qid].theme
    a = scoring.score(with_dont_know, CONTENT)["themes"][theme]
    b = scoring.score(left_out, CONTENT)["themes"][theme]
    assert a["score"] == b["score"]
    assert a["dont_know"] == b["dont_know"] + 1


def test_all_top_levels_give_the_top_stage_and_all_bottom_levels_the_bottom_stage():
    top = scoring.score({q: 5 for q in QIDS}, CONTENT)
    bottom = scoring.score({q: 1 for q in QIDS}, CONTENT)
    assert top["overall"] == {"score": 100.0, "stage": 5}
    assert bottom["overall"] == {"score": 0.0, "stage": 1}
    assert {t["stage"] for t in top["themes"].values()} == {5}
    assert {t["stage"] for t in bottom["themes"].values()} == {1}


def test_only_dont_know_gives_no_score_but_counts_the_findings():
    result = scoring.score({q: DONT_KNOW for q in QIDS}, CONTENT)
    assert result["overall"]["score"] is None
    assert result["themes"]["governance"] == {
        "score": None,
        "stage": None,
        "answered": 0,
        "dont_know": 10,
        "dont_know_questions": [q.id for q in CONTENT.theme("governance").questions],
        "unanswered": 0,
    }


def test_respondents_combine_as_the_median_level_per_question():
    a = {"lead_sponsor": 1, "lead_budget": 2, "gov_register": DONT_KNOW, "pol_policy": DONT_KNOW}
    b = {"lead_sponsor": 5, "lead_budget": 2, "gov_register": 4, "pol_policy": DONT_KNOW}
    c = {"lead_sponsor": 2, "lead_budget": 5, "gov_register": DONT_KNOW}
    combined = scoring.combine([a, b, c], CONTENT)
    assert combined["lead_sponsor"] == 2
    assert combined["lead_budget"] == 2
    assert combined["gov_register"] == 4  # don't know is left out of the median
    assert combined["pol_policy"] == DONT_KNOW
    assert "str_goals" not in combined
    assert scoring.combine([a, b], CONTENT)["lead_sponsor"] == 3


def test_disagreements_are_questions_two_levels_or_more_apart():
    found = scoring.disagreements(
        {
            "Ann": {"lead_sponsor": 1, "lead_budget": 2, "str_goals": DONT_KNOW},
            "Bo": {"lead_sponsor": 4, "lead_budget": 3, "str_goals": 5},
        },
        CONTENT,
    )
    assert [d["question"] for d in found] == ["lead_sponsor"]
    assert found[0]["gap"] == 3
    assert found[0]["levels"] == {"Ann": 1, "Bo": 4}


def test_one_answer_is_not_a_stage():
    one = scoring.score({"lead_sponsor": 3}, CONTENT)
    assert one["themes"]["leadership"]["score"] is None
    assert one["overall"] == {"score": None, "stage": None}
    themes = [t.id for t in CONTENT.themes]
    three_each = {
        q.id: 3 for t in CONTENT.themes for q in t.questions[: scoring.MIN_LEVELS_PER_THEME]
    }
    result = scoring.score(three_each, CONTENT)
    assert [result["themes"][t]["score"] for t in themes] == [50.0] * 5
    assert result["overall"] == {"score": 50.0, "stage": 3}
    # one theme short of levels: that theme and the overall stage stay open
    del three_each[CONTENT.themes[4].questions[0].id]
    result = scoring.score(three_each, CONTENT)
    assert result["themes"][themes[4]]["score"] is None
    assert result["overall"]["stage"] is None

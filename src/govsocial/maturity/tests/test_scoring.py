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


@settings(max_examples=40, deadline=None)
@given(answer_sets, st.sampled_from(QIDS), st.sampled_from([1, 2, 3, 4, 5]))
def test_dont_know_never_raises_a_theme_score(answers, qid, level):
    theme = CONTENT.questions[qid].theme
    with_dont_know = scoring.score({**answers, qid: DONT_KNOW}, CONTENT)["themes"][theme]
    with_level = scoring.score({**answers, qid: level}, CONTENT)["themes"][theme]
    left_out = scoring.score({k: v for k, v in answers.items() if k != qid}, CONTENT)
    # "don't know" scores exactly as the lowest level, so never above any level
    assert (
        with_dont_know["score"]
        == scoring.score({**answers, qid: 1}, CONTENT)["themes"][theme]["score"]
    )
    assert with_dont_know["score"] <= with_level["score"]
    # nor above leaving the question out
    before = left_out["themes"][theme]["score"]
    if before is not None:
        assert with_dont_know["score"] <= before


def test_not_knowing_one_practice_no_longer_beats_admitting_it_is_missing():
    theme = CONTENT.theme("governance")
    strong = {q.id: 5 for q in theme.questions[:-1]}
    last = theme.questions[-1].id
    honest = scoring.score({**strong, last: 1}, CONTENT)["themes"]["governance"]
    unknown = scoring.score({**strong, last: DONT_KNOW}, CONTENT)["themes"]["governance"]
    assert honest["score"] == unknown["score"] == 90.0
    assert unknown["dont_know"] == 1 and unknown["questions"] == 10


def test_all_top_levels_give_the_top_stage_and_all_bottom_levels_the_bottom_stage():
    top = scoring.score({q: 5 for q in QIDS}, CONTENT)
    bottom = scoring.score({q: 1 for q in QIDS}, CONTENT)
    assert top["overall"] == {"score": 100.0, "stage": 5}
    assert bottom["overall"] == {"score": 0.0, "stage": 1}
    assert {t["stage"] for t in top["themes"].values()} == {5}
    assert {t["stage"] for t in bottom["themes"].values()} == {1}


def test_only_dont_know_scores_the_lowest_stage_and_counts_the_findings():
    result = scoring.score({q: DONT_KNOW for q in QIDS}, CONTENT)
    assert result["overall"] == {"score": 0.0, "stage": 1}
    assert result["themes"]["governance"] == {
        "score": 0.0,
        "stage": 1,
        "answered": 0,
        "dont_know": 10,
        "dont_know_questions": [q.id for q in CONTENT.theme("governance").questions],
        "unanswered": 0,
        "questions": 10,
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

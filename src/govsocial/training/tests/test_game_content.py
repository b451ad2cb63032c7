"""The Social Media Game's cards: real dilemmas, scores named for their
direction, an option order shuffled per deck code, and words per country."""

import copy
import random
import re

import pytest

from govsocial.core.content import ContentError
from govsocial.training import content, game
from govsocial.training.game import content as game_content

REQUIRED_THEMES = [
    "viral_complaint",
    "colleague_post",
    "flood",
    "new_account",
    "hacked_account",
    "election_period",
    "weekend_question",
    "journalist_screenshot",
    "block_critic",
]


def test_all_content_loads_and_validates():
    content.validate_all()
    assert content.game() is game.game()


def test_five_roles_and_24_complete_cards_in_both_languages():
    data = game.game()
    assert [r["id"] for r in data["roles"]] == list(game.ROLE_IDS)
    assert len(data["challenges"]) >= 24
    assert set(REQUIRED_THEMES) <= {c["id"] for c in data["challenges"]}
    for card in data["challenges"]:
        for lang in ("en", "nl"):
            for key in ("title", "situation", "good_practice"):
                assert card[key].get(lang).strip()
            assert all(card["prompts"][role].get(lang).strip() for role in game.ROLE_IDS)
            assert all(o["text"].get(lang) and o["outcome"].get(lang) for o in card["options"])
            assert len(card["discussion"]) >= 2
        assert card["title"].en != card["title"].nl
        assert 2 <= len(card["options"]) <= 3


def _gains(option):
    return {
        s["id"]: option["effects"][s["id"]] * (1 if s["better"] == "higher" else -1)
        for s in game.scores()
    }


@pytest.mark.parametrize("card", game.challenges(), ids=lambda c: c["id"])
def test_every_card_is_a_real_dilemma(card):
    """At least two options that are each best on a score or beaten by no other option,
    with different trade-offs; the recommended option is one of them."""
    gains = {o["key"]: _gains(o) for o in card["options"]}

    def best_on_a_score(key):
        return any(gains[key][s] == max(g[s] for g in gains.values()) for s in gains[key])

    def dominated(key):
        return any(
            other != key
            and all(gains[other][s] >= gains[key][s] for s in gains[key])
            and gains[other] != gains[key]
            for other in gains
        )

    defensible = [k for k in gains if best_on_a_score(k) or not dominated(k)]
    assert len(defensible) >= 2
    assert not dominated(card["recommended"])
    assert len({tuple(sorted(gains[k].items())) for k in defensible}) == len(defensible)
    # No option is the best on every score: choosing always costs something.
    assert not any(
        all(gains[k][s] == max(g[s] for g in gains.values()) for s in gains[k]) for k in gains
    )


def test_the_scores_are_named_so_their_direction_is_obvious():
    names = {s["id"]: (s["name"].en, s["name"].nl, s["better"]) for s in game.scores()}
    assert names == {
        "trust": ("Public trust", "Vertrouwen van het publiek", "higher"),
        "reach": ("Reach", "Bereik", "higher"),
        "workload": ("Time and budget left", "Tijd en budget over", "higher"),
        "risk": ("Risk", "Risico", "lower"),
    }
    for score in game.scores():  # the explanation says the same direction
        expected = "Higher is better" if score["better"] == "higher" else "Lower is better"
        assert expected.lower() in score["explain"].en.lower()
    assert "workload" not in " ".join(n[0].lower() for n in names.values())


def test_the_same_code_gives_the_same_order_and_codes_differ():
    card = game.challenge("viral_complaint")
    keys = [o["key"] for o in game.ordered_options(card, "K7QM2X")]
    assert keys == [o["key"] for o in game.ordered_options(card, "K7QM2X")]
    assert sorted(keys) == sorted(o["key"] for o in card["options"])
    orders = {
        tuple(o["key"] for c in game.challenges() for o in game.ordered_options(c, code))
        for code in ("K7QM2X", "ABCDEF", "ZZ9922", game.standard_code())
    }
    assert len(orders) == 4
    assert game.letters(card, "K7QM2X") == {
        o["key"]: "ABC"[i] for i, o in enumerate(game.ordered_options(card, "K7QM2X"))
    }


def _periodic(sequence, period):
    return all(sequence[i] == sequence[i + period] for i in range(len(sequence) - period))


@pytest.mark.parametrize("code", ["standard", "K7QM2X", "HX4PQ2", "random"])
def test_the_best_scoring_option_does_not_sit_in_a_periodic_position(code):
    if code == "standard":
        code = game.standard_code()
    elif code == "random":
        code = game.new_code()
    positions = [
        [o["key"] for o in game.ordered_options(c, code)].index(game.best_scoring(c))
        for c in game.challenges()
    ]
    assert not any(_periodic(positions, p) for p in range(1, len(positions) // 2 + 1)), positions
    assert len(set(positions)) >= 2


def test_in_the_standard_deck_every_letter_is_recommended_somewhere():
    code = game.standard_code()
    recommended = {game.letters(c, code)[c["recommended"]] for c in game.challenges()}
    assert recommended == {"A", "B", "C"}


def test_deck_codes_are_read_as_people_type_them():
    assert game.clean_code(" k7q-m2x ") == "K7QM2X"
    assert game.clean_code("K7QM2") is None and game.clean_code("K7QM2O") is None
    assert game.clean_code(game.new_code()) is not None
    assert game.clean_code(game.standard_code()) == game.standard_code()


@pytest.mark.parametrize("country", game.COUNTRY_CODES)
@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_text_is_filled_for_every_country(language, country):
    words = game.Words(language, country)
    texts = [words.label(name) for name in game.game()["labels"]]
    for card in game.challenges():
        local = game.localised_card(card, language, country, "K7QM2X")
        texts += [local["title"], local["situation"], local["good_practice"], *local["discussion"]]
        texts += [p["text"] for p in local["prompts"]]
        texts += [o["text"] for o in local["options"]] + [o["outcome"] for o in local["options"]]
    for role in game.localised_roles(language, country):
        texts += [role["description"], *role["debrief"]]
    terms = set(game.game()["countries"][country]["terms"])
    leftovers = [t for t in texts if set(re.findall(r"\{([a-z_]+)\}", t)) & terms]
    assert not leftovers


def test_every_country_term_is_used_on_a_card():
    raw = game_content.read()
    text = str(raw["challenges"]) + str(raw["roles"])
    for term in game.game()["countries"]["NL"]["terms"]:
        assert "{" + term + "}" in text, term


def test_the_country_decides_the_names_of_the_council_and_its_bodies():
    card = game.challenge("viral_complaint")
    gb = game.localised_card(card, "en", "GB")["prompts"][0]["text"]
    nl = game.localised_card(card, "nl", "NL")["prompts"][0]["text"]
    be = game.localised_card(card, "nl", "BE")["prompts"][0]["text"]
    assert "cabinet member" in gb and "alderman" not in gb
    assert "wethouder" in nl and "schepen" in be
    flood = game.challenge("flood")
    assert "Environment Agency" in game.localised_card(flood, "en", "GB")["options"][0]["text"]
    assert "waterschap" in game.localised_card(flood, "nl", "NL")["options"][0]["text"]
    assert game.country_for("IE") == "GB" and game.country_for("DE") == "NL"


def _broken(change):
    raw = copy.deepcopy(game_content.read())
    change(raw)
    return raw


def _strawman(raw):
    """The old pattern: one right answer that beats the two others on every score."""
    options = raw["challenges"][0]["options"]
    options[0]["effects"] = {"trust": 3, "reach": 3, "workload": 3, "risk": -3}


@pytest.mark.parametrize(
    "break_it,message",
    [
        (lambda d: d["challenges"][0]["title"].pop("nl"), "missing or empty 'nl' translation"),
        (lambda d: d["challenges"][0]["prompts"].pop("mediator"), "one for every role"),
        (
            lambda d: d["challenges"][0]["options"][0]["effects"].update(trust=9),
            "outside -3..3",
        ),
        (lambda d: d["challenges"][0].update(recommended="z"), "is not an option"),
        (lambda d: d.update(challenges=d["challenges"][:19]), "at least 20"),
        (_strawman, "a dilemma needs two options"),
        (
            lambda d: d["challenges"][0]["situation"].update(
                en="{alderman} asks.", nl="{alderman} vraagt."
            ),
            "opens a sentence with a country's term",
        ),
        (
            lambda d: d["challenges"][0]["situation"].update(en="Ask {mayr}.", nl="Vraag {mayr}."),
            "no value fills",
        ),
        (
            lambda d: d["challenges"][0]["options"][0]["change"]["answers"].update(nonsense=1),
            "unknown policy answer 'nonsense'",
        ),
        (
            lambda d: d["challenges"][0]["options"][0]["change"]["answers"].update(
                monitoring_frequency=3
            ),
            "is not a str",
        ),
        (lambda d: d["plans"][0]["steps"][0].update(minutes=6), "add up to 91, not 90"),
        (lambda d: d["countries"]["GB"]["terms"].pop("alderman"), "the same terms"),
        (lambda d: d["rules"].update(round_minutes=12), "round_minutes"),
    ],
)
def test_the_loader_refuses_broken_game_content(break_it, message):
    with pytest.raises(ContentError, match=re.escape(message)):
        game_content.check(_broken(break_it))


def test_a_shuffled_yaml_order_does_not_change_a_deck():
    raw = game_content.read()
    shuffled = copy.deepcopy(raw)
    for card in shuffled["challenges"]:
        random.Random(card["id"]).shuffle(card["options"])
    before, after = game_content.check(raw), game_content.check(shuffled)
    for a, b in zip(before["challenges"], after["challenges"], strict=True):
        assert [o["key"] for o in game.ordered_options(a, "K7QM2X")] == [
            o["key"] for o in game.ordered_options(b, "K7QM2X")
        ]

"""The Social Media Game: content, scoring, sessions, summary; content validation."""

import copy
import io
import random

import pytest
from django.urls import reverse
from pypdf import PdfReader

from govsocial.core.content import ContentError
from govsocial.training import content, game, services
from govsocial.training.models import GameSession

from .factories import make_game

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


def test_five_roles_and_at_least_twenty_complete_challenges_in_both_languages():
    data = content.game()
    assert [r["id"] for r in data["roles"]] == [
        "governor",
        "manager",
        "employee",
        "innovator",
        "mediator",
    ]
    assert len(data["challenges"]) >= 20
    low, high = data["effect_range"]
    for card in data["challenges"]:
        for lang in ("en", "nl"):
            for key in ("title", "situation", "good_practice"):
                assert card[key][lang].strip()
            assert all(card["prompts"][role][lang].strip() for role in content.ROLE_IDS)
            assert all(
                o["text"][lang].strip() and o["outcome"][lang].strip() for o in card["options"]
            )
        assert card["title"]["en"] != card["title"]["nl"]
        for option in card["options"]:
            assert set(option["effects"]) == {"trust", "reach", "workload", "risk"}
            assert all(low <= v <= high for v in option["effects"].values())
        assert card["best"] in {o["key"] for o in card["options"]}
    assert set(REQUIRED_THEMES) <= {c["id"] for c in data["challenges"]}
    assert len({c["best"] for c in data["challenges"]}) > 1  # good practice is not always option A


@pytest.mark.parametrize(
    "break_it,message",
    [
        (lambda d: d["challenges"][0]["title"].pop("nl"), "missing or empty .nl. translation"),
        (lambda d: d["challenges"][0]["prompts"].pop("mediator"), "one for every role"),
        (lambda d: d["challenges"][0]["options"][0]["effects"].update(trust=9), "outside -3..3"),
        (lambda d: d["challenges"][0].update(best="z"), "is not one of the options"),
        (lambda d: d.update(challenges=d["challenges"][:19]), "at least 20"),
    ],
)
def test_the_loader_refuses_broken_game_content(monkeypatch, break_it, message):
    original = content._read("game.yaml")
    broken = copy.deepcopy(original)
    break_it(broken)
    monkeypatch.setattr(content, "_read", lambda name: broken if name == "game.yaml" else original)
    content.game.cache_clear()
    try:
        with pytest.raises(ContentError, match=message):
            content.game()
    finally:
        content.game.cache_clear()


def test_scores_change_by_the_chosen_options_and_stay_in_bounds():
    card = content.challenge("viral_complaint")
    best = game.option(card, card["best"])
    effects = game.round_effects(card, {role: card["best"] for role in content.ROLE_IDS})
    assert effects == {k: 5 * v for k, v in best["effects"].items()}
    scores = game.start_scores()
    for _ in range(20):
        scores = game.apply(scores, effects)
    assert all(0 <= v <= 100 for v in scores.values())


pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_a_session_plays_rounds_reveals_and_ends_with_a_scoreboard(organisation, lead):
    session = services.create_session(
        organisation, lead, "Team day", "en", {"governor": "Ann", "mediator": "Bo"}
    )
    first = services.deal(session, lead, "hacked_account")
    with pytest.raises(services.GameError):
        services.deal(session, lead)  # reveal first
    card = content.challenge("hacked_account")
    with pytest.raises(services.GameError):
        services.record_choices(first, lead, {"governor": card["best"]})  # every role needed
    services.record_choices(first, lead, {role: card["best"] for role in content.ROLE_IDS})
    services.reveal(first, lead)
    session.refresh_from_db()
    best = game.option(card, card["best"])
    assert session.scores["risk"] == 50 + 5 * best["effects"]["risk"]
    second = services.deal(session, lead, rng=random.Random(1))
    assert second.number == 2 and second.challenge_id != "hacked_account"
    services.end_session(session, lead)
    session.refresh_from_db()
    assert session.state == GameSession.State.FINISHED
    assert session.rounds.count() == 1  # the unplayed dealt card does not count
    board = services.scoreboard(session, "en")
    assert board["rounds"] == 1
    assert {r["id"]: r["points"] for r in board["roles"]} == {role: 1 for role in content.ROLE_IDS}


@pytestmark_db
@pytest.mark.parametrize(
    "language,words",
    [
        ("en", ["Scoreboard", "A hacked account", "Good practice"]),
        ("nl", ["Scorebord", "Een gehackt account", "Goede praktijk"]),
    ],
)
def test_summary_downloads(organisation, lead, client, language, words):
    session = services.create_session(organisation, lead, "Team day", language)
    game_round = services.deal(session, lead, "hacked_account")
    card = content.challenge("hacked_account")
    services.record_choices(game_round, lead, {role: card["best"] for role in content.ROLE_IDS})
    services.reveal(game_round, lead)
    services.end_session(session, lead)
    client.force_login(lead)
    markdown = client.get(reverse("training:game_summary", args=[session.uuid, "md"]))
    assert markdown.status_code == 200
    text = markdown.content.decode()
    for word in words:
        assert word in text
    pdf = client.get(reverse("training:game_summary", args=[session.uuid, "pdf"]))
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert words[1] in " ".join(pdf_text.split())


@pytestmark_db
def test_game_master_console_flow_without_javascript(organisation, lead, client):
    client.force_login(lead)
    response = client.post(
        reverse("training:game"), {"name": "Friday", "language": "en", "player_governor": "Ann"}
    )
    session = GameSession.objects.get(name="Friday")
    assert response["Location"] == reverse("training:game_session", args=[session.uuid])
    client.post(reverse("training:game_deal", args=[session.uuid]), {"challenge": "block_critic"})
    page = client.get(reverse("training:game_session", args=[session.uuid])).content.decode()
    assert "A request to block a critic" in page and "Record each role" in page
    incomplete = client.post(
        reverse("training:game_choices", args=[session.uuid]), {"governor": "a"}
    )
    assert incomplete.status_code == 400 and "Record this role" in incomplete.content.decode()
    card = content.challenge("block_critic")
    client.post(
        reverse("training:game_choices", args=[session.uuid]),
        {role: card["best"] for role in content.ROLE_IDS},
    )
    page = client.get(reverse("training:game_session", args=[session.uuid])).content.decode()
    assert "Criticism is not abuse" in page
    client.post(reverse("training:game_end", args=[session.uuid]))
    assert (
        "Scoreboard"
        in client.get(reverse("training:game_session", args=[session.uuid])).content.decode()
    )


@pytestmark_db
def test_only_the_game_master_lead_or_editor_runs_a_session(
    organisation, lead, staff, staff_client
):
    session = make_game(organisation, rounds=0)
    assert (
        staff_client.get(reverse("training:game_session", args=[session.uuid])).status_code == 200
    )
    assert staff_client.post(reverse("training:game_deal", args=[session.uuid])).status_code == 403
    assert staff_client.post(reverse("training:game_end", args=[session.uuid])).status_code == 403


@pytestmark_db
def test_deck_download(staff_client):
    response = staff_client.get(reverse("training:game_deck") + "?lang=nl")
    assert response["Content-Type"] == "application/pdf"
    assert "24 uitdagingskaarten" in " ".join(
        PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split()
    )

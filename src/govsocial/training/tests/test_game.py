"""The Social Media Game console: scoring, sessions with their own option
order and country, the summary, and guideline changes into a draft policy."""

import io
import random

import pytest
from django.urls import reverse
from pypdf import PdfReader

from govsocial.training import game, services
from govsocial.training.models import GameSession

from .factories import make_game, publish_policy

pytestmark = pytest.mark.django_db


def recommended_choices(card_id: str) -> dict[str, str]:
    card = game.challenge(card_id)
    return {role: card["recommended"] for role in game.ROLE_IDS}


def play(session, person, card_id, choices=None):
    game_round = services.deal(session, person, card_id)
    services.record_choices(game_round, person, choices or recommended_choices(card_id))
    return services.reveal(game_round, person)


def test_scores_change_by_the_chosen_options_and_stay_in_bounds():
    card = game.challenge("viral_complaint")
    chosen = game.option(card, card["recommended"])
    effects = game.round_effects(card, recommended_choices("viral_complaint"))
    assert effects == {k: 5 * v for k, v in chosen["effects"].items()}
    scores = game.start_scores()
    for _ in range(20):
        scores = game.apply(scores, effects)
    assert all(0 <= v <= 100 for v in scores.values())
    assert game.overall({"trust": 50, "reach": 50, "workload": 50, "risk": 50}) == 50
    assert game.overall({"trust": 60, "reach": 60, "workload": 60, "risk": 40}) == 60


def test_a_session_plays_rounds_reveals_and_ends_with_a_scoreboard(organisation, lead):
    session = services.create_session(
        organisation, lead, "Team day", "en", {"governor": "Ann", "mediator": "Bo"}
    )
    first = services.deal(session, lead, "hacked_account")
    with pytest.raises(services.GameError):
        services.deal(session, lead)  # reveal first
    card = game.challenge("hacked_account")
    with pytest.raises(services.GameError):
        services.record_choices(first, lead, {"governor": card["recommended"]})  # every role
    services.record_choices(first, lead, recommended_choices("hacked_account"))
    services.reveal(first, lead)
    session.refresh_from_db()
    chosen = game.option(card, card["recommended"])
    assert session.scores["risk"] == 50 + 5 * chosen["effects"]["risk"]
    second = services.deal(session, lead, rng=random.Random(1))
    assert second.number == 2 and second.challenge_id != "hacked_account"
    services.end_session(session, lead)
    session.refresh_from_db()
    assert session.state == GameSession.State.FINISHED
    assert session.rounds.count() == 1  # the unplayed dealt card does not count
    board = services.scoreboard(session, "en")
    assert board["rounds"] == 1
    assert {r["id"]: r["points"] for r in board["roles"]} == {role: 1 for role in game.ROLE_IDS}


def test_every_session_gets_its_own_reproducible_option_order(organisation, lead):
    first = services.create_session(organisation, lead, "One", "en")
    second = services.create_session(organisation, lead, "Two", "en")
    assert game.clean_code(first.deck_code) == first.deck_code
    assert first.deck_code != second.deck_code
    orders = [
        [o["key"] for c in game.challenges() for o in services.session_card(session, c)["options"]]
        for session in (first, second)
    ]
    assert orders[0] != orders[1]
    again = GameSession.objects.get(pk=first.pk)
    assert orders[0] == [
        o["key"] for c in game.challenges() for o in services.session_card(again, c)["options"]
    ]


def test_a_session_can_follow_a_printed_deck_and_the_organisations_country(
    organisation, other_organisation, lead
):
    printed = services.create_session(organisation, lead, "Printed", "nl", deck_code="k7q-m2x")
    assert printed.deck_code == "K7QM2X" and printed.country == organisation.country
    card = game.challenge("viral_complaint")
    assert services.session_card(printed, card)["letters"] == game.letters(card, "K7QM2X")
    other_organisation.country = "GB"
    other_organisation.save()
    british = services.create_session(other_organisation, None, "UK", "en")
    assert british.country == "GB"
    prompt = services.session_card(british, card)["prompts"][0]["text"]
    assert "cabinet member" in prompt


def test_a_session_from_before_deck_codes_keeps_the_yaml_order(organisation, lead):
    session = make_game(organisation, rounds=1)
    GameSession.objects.filter(pk=session.pk).update(deck_code="", country="")
    session.refresh_from_db()
    card = game.challenge(session.rounds.get().challenge_id)
    local = services.session_card(session, card)
    assert [o["key"] for o in local["options"]] == [o["key"] for o in card["options"]]
    assert services.summary_document(session, "en").text()


@pytest.mark.parametrize(
    "language,words",
    [
        ("en", ["Scoreboard", "A hacked account", "Good practice (option"]),
        ("nl", ["Scorebord", "Een gehackt account", "Goede praktijk (optie"]),
    ],
)
def test_summary_downloads(organisation, lead, client, language, words):
    session = services.create_session(organisation, lead, "Team day", language)
    play(session, lead, "hacked_account")
    services.end_session(session, lead)
    client.force_login(lead)
    markdown = client.get(reverse("training:game_summary", args=[session.uuid, "md"]))
    assert markdown.status_code == 200
    text = markdown.content.decode()
    for word in words:
        assert word in text
    letter = game.letters(game.challenge("hacked_account"), session.deck_code)
    recommended = letter[game.challenge("hacked_account")["recommended"]]
    assert f"({'option' if language == 'en' else 'optie'} {recommended})" in text
    assert session.deck_code in text
    pdf = client.get(reverse("training:game_summary", args=[session.uuid, "pdf"]))
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert words[1] in " ".join(pdf_text.split())


def test_game_master_console_flow_without_javascript(organisation, lead, client):
    client.force_login(lead)
    response = client.post(
        reverse("training:game"),
        {"name": "Friday", "language": "en", "country": "GB", "player_governor": "Ann"},
    )
    session = GameSession.objects.get(name="Friday")
    assert response["Location"] == reverse("training:game_session", args=[session.uuid])
    assert session.country == "GB"
    client.post(reverse("training:game_deal", args=[session.uuid]), {"challenge": "block_critic"})
    page = client.get(reverse("training:game_session", args=[session.uuid])).content.decode()
    assert "A request to block a critic" in page and "Record each role" in page
    card = game.challenge("block_critic")
    local = services.session_card(session, card)
    for option in local["options"]:  # the console labels options as the session's deck does
        assert f"{option['letter']}. {option['text']}" in page
    incomplete = client.post(
        reverse("training:game_choices", args=[session.uuid]), {"governor": card["recommended"]}
    )
    assert incomplete.status_code == 400 and "Record this role" in incomplete.content.decode()
    client.post(
        reverse("training:game_choices", args=[session.uuid]), recommended_choices("block_critic")
    )
    page = client.get(reverse("training:game_session", args=[session.uuid])).content.decode()
    assert "Criticism is not abuse" in page
    assert f"Good practice (option {local['recommended']})" in page
    client.post(reverse("training:game_end", args=[session.uuid]))
    page = client.get(reverse("training:game_session", args=[session.uuid])).content.decode()
    assert "Scoreboard" in page
    assert f"code={session.deck_code}" in page and "deck-GB-en.pdf" in page


def test_a_bad_deck_code_is_refused_with_a_message(lead_client):
    response = lead_client.post(
        reverse("training:game"),
        {"name": "X", "language": "en", "country": "NL", "deck_code": "nope"},
    )
    assert response.status_code == 400
    assert "A deck code is six letters and digits" in response.content.decode()


def test_only_the_game_master_lead_or_editor_runs_a_session(
    organisation, lead, staff, staff_client
):
    session = make_game(organisation, rounds=0)
    url = reverse("training:game_session", args=[session.uuid])
    assert staff_client.get(url).status_code == 200
    assert staff_client.post(reverse("training:game_deal", args=[session.uuid])).status_code == 403
    assert staff_client.post(reverse("training:game_end", args=[session.uuid])).status_code == 403
    guidelines = reverse("training:game_guidelines", args=[session.uuid])
    assert staff_client.post(guidelines, {"changes": ["1-x"]}).status_code == 403


# --- from the session to the policy ------------------------------------------------------


def test_the_played_options_offer_their_guideline_changes(organisation, lead):
    session = services.create_session(organisation, lead, "Day", "en")
    choices = recommended_choices("weekend_question")
    choices["innovator"] = "weekend_rota"
    play(session, lead, "weekend_question", choices)
    changes = {c.id: c for c in services.guideline_changes(session)}
    assert set(changes) == {"1-keep_hours", "1-weekend_rota"}
    assert changes["1-keep_hours"].answers == {"staffed_days": "weekdays"}
    assert changes["1-weekend_rota"].chosen_by == ("The Innovator",)
    letters = game.letters(game.challenge("weekend_question"), session.deck_code)
    assert changes["1-keep_hours"].letter == letters["keep_hours"]
    with pytest.raises(services.GameError, match="different things"):
        services.agreed_answers(list(changes.values()))


def test_the_console_opens_a_draft_policy_revision_with_the_agreed_changes(
    organisation, lead, lead_client
):
    from govsocial.policies import services as policies

    publish_policy(organisation, lead)
    session = services.create_session(organisation, lead, "Day", "en")
    play(session, lead, "hacked_account")
    play(session, lead, "staff_leave")
    page = lead_client.get(reverse("training:game_session", args=[session.uuid])).content.decode()
    assert "Open a draft policy revision" in page
    response = lead_client.post(
        reverse("training:game_guidelines", args=[session.uuid]),
        {"changes": ["1-recover_tonight", "2-colleague_as_is"]},
    )
    assert response.status_code == 302 and "/policy/versions/" in response["Location"]
    draft = policies.versions(organisation).first()
    assert draft.status == "draft" and draft.number == 2
    assert draft.answers["password_change_days"] == 90
    assert draft.answers["leave_cover"] == "named_deputy"
    followed = lead_client.get(response["Location"])
    assert "draft policy revision with the agreed changes is ready" in followed.content.decode()
    assert organisation.audit_events.filter(action="training.game.guidelines_proposed").exists()


def test_conflicting_or_missing_changes_are_refused_on_the_page(organisation, lead, lead_client):
    session = services.create_session(organisation, lead, "Day", "en")
    choices = recommended_choices("weekend_question")
    play(session, lead, "weekend_question", choices)
    url = reverse("training:game_guidelines", args=[session.uuid])
    conflict = lead_client.post(url, {"changes": ["1-keep_hours", "1-weekend_rota"]})
    assert conflict.status_code == 400 and "Tick one of them" in conflict.content.decode()
    empty = lead_client.post(url, {})
    assert empty.status_code == 400
    assert "Tick at least one guideline change" in empty.content.decode()


def test_every_guideline_change_on_the_cards_is_one_the_policy_builder_accepts(organisation, lead):
    from govsocial.policies import services as policies

    publish_policy(organisation, lead)
    for card in game.challenges():
        for option in card["options"]:
            change = option.get("change")
            if change:
                answers = {
                    k: v.get("en") if hasattr(v, "get") else v for k, v in change["answers"].items()
                }
                url = policies.propose_revision(organisation, lead, answers, "test")
                assert url.startswith("/policy/versions/"), (card["id"], option["key"])
                draft = policies.versions(organisation).first()  # the published policy + this
                assert {k: draft.answers.get(k) for k in answers} == answers, card["id"]

"""Players choose on their own phones: a join link per session, a role per browser,
choices hidden from the console until the game master reveals them."""

import pytest
from django.test import Client
from django.urls import reverse

from govsocial.training import game, services
from govsocial.training.models import GameRound, GameSession

from .factories import game_master

pytestmark = pytest.mark.django_db


def _session(organisation, language="nl"):
    master = game_master(organisation)
    session = services.create_session(organisation, master, "Workshop", language)
    return session, master


def _play_url(session):
    code = services.players.join_code(session)
    return reverse("training:game_play", kwargs={"session": session.uuid, "code": code})


def test_a_wrong_join_code_is_not_found(organisation):
    session, _master = _session(organisation)
    url = reverse("training:game_play", kwargs={"session": session.uuid, "code": "x" * 20})
    assert Client().get(url).status_code == 404
    assert Client().get(_play_url(session)).status_code == 200


def test_a_player_takes_a_role_and_another_cannot_take_it(organisation):
    session, _master = _session(organisation)
    fatima, pieter = Client(), Client()
    page = fatima.get(_play_url(session)).content.decode()
    assert "Kies uw rol" in page
    fatima.post(_play_url(session), {"action": "claim", "role": "governor", "name": "Fatima"})
    page = fatima.get(_play_url(session)).content.decode()
    assert "U speelt De Bestuurder" in page
    assert "Wacht tot de spelleider de eerste uitdaging deelt." in page
    response = pieter.post(
        _play_url(session), {"action": "claim", "role": "governor", "name": "Pieter"}, follow=True
    )
    assert "Iemand anders heeft deze rol al." in response.content.decode()
    session.refresh_from_db()
    assert session.players["governor"] == "Fatima"


def test_choices_stay_hidden_on_the_console_until_the_reveal(organisation, client):
    session, master = _session(organisation, language="en")
    players = {}
    for role in game.ROLE_IDS[:2]:
        players[role] = Client()
        players[role].post(_play_url(session), {"action": "claim", "role": role})
    game_round = services.deal(session, master, "block_critic")
    card = services.session_card(session, game.challenge("block_critic"))
    option = card["options"][-1]
    first = game.ROLE_IDS[0]
    page = players[first].get(_play_url(session)).content.decode()
    assert "Your question" in page and option["text"] in page
    players[first].post(_play_url(session), {"action": "choose", "option": option["key"]})
    page = players[first].get(_play_url(session)).content.decode()
    assert f"You chose option {option['letter']}." in page

    client.force_login(master)
    console = client.get(reverse("training:game_session", args=[session.uuid])).content.decode()
    assert "has chosen" in console and "still choosing" in console
    assert f'value="{option["key"]}" checked' not in console  # the choice is not shown
    # Roles played on phones are not in the game master's form.
    assert f'name="{first}"' not in console
    typed = {r: card["options"][0]["key"] for r in game.ROLE_IDS[2:]}
    response = client.post(reverse("training:game_choices", args=[session.uuid]), typed, follow=True)
    assert "Not every player has chosen yet." in response.content.decode()
    assert not GameRound.objects.get(pk=game_round.pk).revealed

    second = game.ROLE_IDS[1]
    players[second].post(_play_url(session), {"action": "choose", "option": option["key"]})
    client.post(reverse("training:game_choices", args=[session.uuid]), typed)
    game_round.refresh_from_db()
    assert game_round.revealed
    assert game_round.choices[first] == option["key"] and game_round.choices[second] == option["key"]
    page = players[first].get(_play_url(session)).content.decode()
    assert "Good practice (option" in page and option["outcome"] in page


def test_a_choice_after_the_reveal_is_refused(organisation):
    session, master = _session(organisation, language="en")
    player = Client()
    player.post(_play_url(session), {"action": "claim", "role": "governor"})
    game_round = services.deal(session, master, "block_critic")
    card = game.challenge("block_critic")
    services.record_choices(game_round, master, {r: card["recommended"] for r in game.ROLE_IDS})
    services.reveal(game_round, master)
    key = card["options"][0]["key"]
    response = player.post(_play_url(session), {"action": "choose", "option": key}, follow=True)
    assert "There is no open round to choose in." in response.content.decode()
    game_round.refresh_from_db()
    assert game_round.choices["governor"] == card["recommended"]


def test_an_ended_game_thanks_the_player(organisation):
    session, master = _session(organisation)
    services.end_session(session, master)
    page = Client().get(_play_url(session)).content.decode()
    assert "Dit spel is afgelopen." in page


def test_the_console_shows_the_join_link_and_its_qr_code(organisation, client):
    session, master = _session(organisation)
    client.force_login(master)
    console = client.get(reverse("training:game_session", args=[session.uuid])).content.decode()
    assert services.players.join_code(session) in console
    qr = client.get(reverse("training:game_join_qr", args=[session.uuid]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_join_codes_differ_per_session(organisation):
    first, _m = _session(organisation)
    second = GameSession.objects.create(organisation=organisation, name="Other", language="en")
    assert services.players.join_code(first) != services.players.join_code(second)

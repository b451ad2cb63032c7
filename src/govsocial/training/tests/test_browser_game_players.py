"""A game round with two players on their own (phone-sized) browsers and the game
master's console: join, choose, reveal together. axe-clean on every screen."""

import os

import pytest

from govsocial.core.tests.browser import assert_accessible, click_and_wait, sign_in, switch_to_dutch
from govsocial.training import game, services

from .factories import game_master
from .phones import choose_on_phone, join_on_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    if shots := os.environ.get("GOVSOCIAL_SCREENSHOTS"):
        page.screenshot(path=f"{shots}/{name}.png", full_page=True)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_two_players_choose_on_their_phones_and_the_game_master_reveals(
    page, browser, live_server, organisation, language
):
    master = game_master(organisation)
    session = services.create_session(organisation, master, "Workshop", language)
    sign_in(page, master.username)
    if language == "nl":
        switch_to_dutch(page)
    page.goto(f"/training/game/{session.uuid}/")
    join = page.locator(".gs-join a.utrecht-link").first.get_attribute("href")
    assert join and services.players.join_code(session) in join
    assert_accessible(page)

    phones = []
    for role, name in (("governor", "Fatima"), (game.ROLE_IDS[1], "Pieter")):
        phones.append(join_on_phone(browser, live_server, join, role, name))
    assert_accessible(phones[0][1])

    page.locator("#id_challenge").select_option("block_critic")
    click_and_wait(page, page.locator("form[action$='/deal/'] button[type=submit]"))
    card = services.session_card(session, game.challenge("block_critic"))
    for _context, phone in phones:
        choose_on_phone(phone, card["options"][1]["key"])
    _shot(phones[0][1], f"game-phone-chosen-{language}")
    assert_accessible(phones[0][1])
    page.reload()
    chosen = "has chosen" if language == "en" else "heeft gekozen"
    assert page.locator("#players-status tbody").inner_text().count(chosen) == 2
    _shot(page, f"game-console-{language}")
    # The other three roles are typed by the game master.
    for field in page.locator(".gs-challenge fieldset").all():
        field.locator("input[type=radio]").first.check()
    click_and_wait(page, page.locator("form[action$='/choices/'] button[type=submit]"))
    assert page.locator("#current-round").inner_text().count(card["options"][1]["letter"]) >= 2
    phone = phones[0][1]
    phone.reload()
    best = "Good practice" if language == "en" else "Goede praktijk"
    assert best in phone.locator("main").inner_text()
    _shot(phone, f"game-phone-revealed-{language}")
    assert_accessible(phone)
    for context, _phone in phones:
        context.close()

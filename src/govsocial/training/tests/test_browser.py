"""A game master plays two rounds in a real browser; axe-core checks the check, quiz and game pages."""

import pytest

from govsocial.core.tests.browser import assert_accessible, click_and_wait, sign_in, switch_to_dutch
from govsocial.training import game

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_game_master_plays_two_rounds_and_pages_are_accessible(page, lead, tmp_path):
    sign_in(page, "lead")

    # "Can I post this?" with a live result.
    page.goto("/training/check/")
    page.locator("#id_text").fill("Mail jan@example.nl, mijn BSN is 111222333 #help-mij")
    page.locator("form.gs-form button[type=submit]").click()
    page.locator(".gs-verdict").wait_for()
    assert "Do not post" in page.locator("#verdict-heading").inner_text()
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "check.png"), full_page=True)

    # The quiz.
    page.goto("/training/quiz/")
    assert_accessible(page)

    # The game: create a session and play two rounds.
    page.goto("/training/game/")
    assert_accessible(page)
    page.locator("#id_name").fill("Team training")
    page.locator("#id_player_governor").fill("Ann")
    click_and_wait(page, page.get_by_role("button", name="Start the session"))
    assert page.locator("h1").inner_text() == "Team training"
    for number, challenge_id in ((1, "hacked_account"), (2, "block_critic")):
        page.locator("#id_challenge").select_option(challenge_id)
        click_and_wait(page, page.get_by_role("button", name="Deal the challenge"))
        title = game.Words("en", "NL")(game.challenge(challenge_id)["title"])
        assert page.locator("#round-heading").inner_text() == f"Round {number}: {title}"
        if number == 1:
            assert_accessible(page)
        best = game.challenge(challenge_id)["recommended"]
        for role in game.ROLE_IDS:
            key = (
                best
                if role != "innovator"
                else next(
                    o["key"] for o in game.challenge(challenge_id)["options"] if o["key"] != best
                )
            )
            page.locator(f"input[name={role}][value={key}]").check()
        click_and_wait(page, page.get_by_role("button", name="Record the choices and reveal"))
        assert "Good practice (option" in page.locator("#current-round").inner_text()
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("button", name="End the game"))
    assert "Scoreboard" in page.locator("main").inner_text()
    assert "4 / 2" not in page.locator("main").inner_text()
    assert page.locator("tbody tr").filter(has_text="The Innovator").inner_text().endswith("0 / 2")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the summary (Markdown)").click()
    summary = download.value.path().read_text()
    assert "Round 1" in summary and "Round 2" in summary
    page.screenshot(path=str(tmp_path / "game.png"), full_page=True)

    # The group's agreed guideline change becomes a draft policy revision.
    session_url = page.url.split("#")[0]
    page.locator("input[name=changes]").first.check()
    click_and_wait(page, page.get_by_role("button", name="Open a draft policy revision"))
    assert "/policy/versions/" in page.url
    assert "agreed changes is ready" in page.locator("main").inner_text()

    # The print form, without JavaScript help: a guide for a British group.
    page.goto("/training/game/print/")
    assert_accessible(page)
    page.locator("#print_kind_1").check()
    page.locator("#print_country").select_option("GB")
    page.locator("#print_fmt").select_option("md")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    guide = download.value.path().read_text()
    assert "Answer key" in guide and "cabinet member" in guide
    page.goto(session_url)

    switch_to_dutch(page)
    assert page.locator("h2#scores").inner_text() == "Scorebord"
    page.goto("/training/check/")
    assert page.locator("h1").inner_text() == "Kan ik dit plaatsen?"
    assert_accessible(page)

"""The "start here" path in a real browser: a new organisation's lead sees the next
step, ticks the first one and follows the button to the interview; axe-clean."""

import os

import pytest

from govsocial.core.tests.browser import assert_accessible, click_and_wait, sign_in, switch_to_dutch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_new_organisation_follows_the_start_here_path(page, lead, language):
    sign_in(page, lead.username)
    if language == "nl":
        switch_to_dutch(page)
    next_step = page.locator(".gs-step--next h3")
    assert (
        "Look at your neighbours" if language == "en" else "Kijk bij de buren"
    ) in next_step.inner_text()
    assert_accessible(page)
    if shots := os.environ.get("GOVSOCIAL_SCREENSHOTS"):
        page.screenshot(path=f"{shots}/start-here-{language}.png", full_page=True)

    click_and_wait(page, page.locator(".gs-step--next button[type=submit]"))
    next_step = page.locator(".gs-step--next")
    assert (
        "Write the policy" if language == "en" else "Schrijf het beleid"
    ) in next_step.inner_text()
    assert page.locator(".gs-step--done").count() == 1
    click_and_wait(page, next_step.locator("a.utrecht-button"))
    assert page.url.endswith("/policy/")
    assert_accessible(page)

"""Helpers for browser tests (Playwright driving Debian's Chromium)."""

from govsocial.core.tests.factories import PASSWORD


def sign_in(page, username: str, password: str | None = None) -> None:
    page.goto("/sign-in/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password or PASSWORD)
    # The first form: the password one (single sign-on, where set up, has its own below).
    click_and_wait(page, page.locator("form.gs-form").first.locator("button[type=submit]"))


def switch_to_dutch(page) -> None:
    click_and_wait(page, page.locator("button[name=language][value=nl]"))


def sign_out(page) -> None:
    click_and_wait(page, page.locator("form[action$='/sign-out/'] button[type=submit]"))


def click_and_wait(page, locator) -> None:
    """Click something that loads a new page, and wait until that page has loaded.

    A click alone returns as soon as the browser has the event, and
    `wait_for_load_state` right after it sees the old page already loaded: the
    next step could then act on the old page and cut the form's request off.
    """
    with page.expect_navigation():
        locator.click()


def assert_accessible(page) -> None:
    """axe-core (shipped by axe-playwright-python) finds no violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    assert not violations, results.generate_report()

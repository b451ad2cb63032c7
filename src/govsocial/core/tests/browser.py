"""Helpers for browser tests (Playwright driving Debian's Chromium)."""

from govsocial.core.tests.factories import PASSWORD


def sign_in(page, username: str, password: str | None = None) -> None:
    page.goto("/sign-in/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password or PASSWORD)
    # The first form: the password one (single sign-on, where set up, has its own below).
    page.locator("form.gs-form").first.locator("button[type=submit]").click()
    page.wait_for_load_state()


def switch_to_dutch(page) -> None:
    page.locator("button[name=language][value=nl]").click()
    page.wait_for_load_state()


def assert_accessible(page) -> None:
    """axe-core (shipped by axe-playwright-python) finds no violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    assert not violations, results.generate_report()

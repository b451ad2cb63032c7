import pytest

from govsocial.core.tests.browser import assert_accessible, sign_in, switch_to_dutch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_and_switch_to_dutch_is_remembered(page, lead):
    sign_in(page, "lead")
    assert page.locator("h1").inner_text().startswith("Welcome")
    assert_accessible(page)
    switch_to_dutch(page)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "Welkom" in page.locator("h1").inner_text()
    lead.refresh_from_db()
    assert lead.language == "nl"

"""In the browser, in English and in Dutch: an invited communications lead of an
organisation that requires two-factor sign-in creates an account, signs in, is
sent to set up an authenticator app (the test computes the codes from the key
the page shows), sees the recovery codes, signs out, and signs in again with
password and code. And a first sign-in through the organisation's provider.
axe-core checks every page on the way."""

import pytest

from govsocial.core.models import Membership, Person
from govsocial.core.tests.browser import assert_accessible, click_and_wait, sign_in, sign_out
from govsocial.core.tests.factories import make_invitation, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase 7"
WORDS = {
    "en": {
        "join": "Join Example Council",
        "create": "Create my account",
        "ready": "Your account is ready",
        "required": "Your organisation requires two-factor sign-in",
        "codes": "Your recovery codes",
        "code_page": "Code from your app",
        "sign_in": "Sign in",
        "welcome": "Welcome",
    },
    "nl": {
        "join": "Gemeente Voorbeeld",
        "create": "Mijn account aanmaken",
        "ready": "Uw account is klaar",
        "required": "Uw organisatie verplicht u in twee stappen in te loggen",
        "codes": "Uw herstelcodes",
        "code_page": "Code uit uw app",
        "sign_in": "Inloggen",
        "welcome": "Welkom",
    },
}


def _submit(page, selector="form.gs-form button[type=submit]"):
    click_and_wait(page, page.locator(selector).first)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_invitation_first_sign_in_two_factor_set_up_and_sign_in_with_a_code(
    page, organisation, lead, language
):
    words = WORDS[language]
    organisation.two_factor_required = True
    organisation.save()
    _invitation, token = make_invitation(
        organisation, email="nora@example.org", role="lead", language=language
    )

    page.goto(f"/invitation/{token}/")
    assert words["join"] in page.locator("h1").inner_text()
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)
    page.locator("#id_username").fill("nora")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    click_and_wait(page, page.get_by_role("button", name=words["create"]))
    assert words["ready"] in page.content()

    # First sign-in: a lead here must set up two-factor sign-in before anything else.
    sign_in(page, "nora", PASSWORD)
    assert page.url.endswith("/account/two-factor/")
    assert words["required"] in page.content()
    assert_accessible(page)
    _submit(page, "button[name=action][value=start]")
    secret = page.locator("#two-factor-secret").inner_text()
    image = page.locator("img[src$='qr.svg']")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code shows"
    assert_accessible(page)
    page.locator("#id_code").fill(totp_code(secret))
    _submit(page, "button[name=action][value=confirm]")
    assert words["codes"] in page.content()
    assert len(page.locator(".gs-codes li").all()) == 10
    assert_accessible(page)
    page.goto("/")
    assert page.locator("h1").inner_text().startswith(words["welcome"])

    # Signed out and in again: after the password, the code.
    sign_out(page)
    sign_in(page, "nora@example.org", PASSWORD)
    assert page.url.endswith("/sign-in/code/")
    assert words["code_page"] in page.locator("h1").inner_text()
    assert_accessible(page)
    page.locator("#id_code").fill(totp_code(secret, steps_ahead=1))
    _submit(page)
    assert page.locator("h1").inner_text().startswith(words["welcome"])
    nora = Person.objects.get(username="nora")
    assert Membership.objects.get(person=nora).role == "lead"
    assert page.locator(".gs-user").inner_text().startswith("nora")


def test_a_first_sign_in_through_the_organisations_provider(
    page, organisation, settings, oidc_provider
):
    from govsocial.core.tests.test_single_sign_on import configure

    configure(organisation, oidc_provider)
    oidc_provider.user["groups"] = ["govsocial-editors"]
    page.goto("/sign-in/")
    assert_accessible(page)
    page.locator("#id_organisation").fill("example")
    click_and_wait(page, page.locator("#single-sign-on ~ form button[type=submit]"))
    # No language chosen yet: the organisation's (Dutch), as for an invitation.
    assert page.locator("h1").inner_text().startswith("Welkom")
    anna = Person.objects.get(email="anna@example.org")
    assert anna.language == "nl"
    assert Membership.objects.get(person=anna).role == "editor"
    assert_accessible(page)
    assert page.locator(".gs-user").inner_text() == "Anna de Vries (Redacteur)"

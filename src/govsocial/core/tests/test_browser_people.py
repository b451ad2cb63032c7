"""In the browser: a lead invites someone, who sets a password from the e-mailed link
and signs in; the lead then removes them, handing their channel to a successor.
And a forgotten password reset by e-mail. axe-core checks every page on the way."""

import re

import pytest
from django.core import mail

from govsocial.channels.models import Channel
from govsocial.channels.tests.factories import make_channel
from govsocial.core.models import Membership, Person
from govsocial.core.tests.browser import assert_accessible, click_and_wait, sign_in, switch_to_dutch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INVITEE_PASSWORD = "a long and unusual passphrase 7"


def _link_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+/)", message.body).group(1)


def test_invitation_first_sign_in_and_removal_with_a_successor(
    page, browser, live_server, lead, editor, organisation
):
    sign_in(page, "lead")
    page.goto("/people/")
    assert_accessible(page)
    page.locator("#id_invite-email").fill("newbie@example.org")
    page.locator("#id_invite-language_0").check()  # English
    click_and_wait(page, page.get_by_role("button", name="Send the invitation"))
    assert "An invitation is on its way to newbie@example.org" in page.content()
    assert_accessible(page)

    invitee_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    invitee = invitee_context.new_page()
    invitee.goto(_link_path(mail.outbox[-1]))
    assert "Join Example Council" in invitee.locator("h1").inner_text()
    assert_accessible(invitee)
    invitee.locator("#id_username").fill("newbie")
    invitee.locator("#id_first_name").fill("Nora")
    invitee.locator("#id_password1").fill(INVITEE_PASSWORD)
    invitee.locator("#id_password2").fill(INVITEE_PASSWORD)
    click_and_wait(invitee, invitee.get_by_role("button", name="Create my account"))
    assert "Your account is ready" in invitee.content()
    sign_in(invitee, "newbie@example.org", INVITEE_PASSWORD)
    assert invitee.locator("h1").inner_text().startswith("Welcome")

    newbie = Person.objects.get(username="newbie")
    channel = make_channel(organisation, owner=newbie, cover=lead)
    membership = Membership.objects.get(person=newbie)
    page.goto("/people/")
    click_and_wait(page, page.get_by_role("link", name="Remove newbie"))
    assert channel.name in page.content()
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("button", name="Remove the member"))
    assert "There is a problem" in page.content()  # no successor chosen yet
    page.locator("#id_successor").select_option(str(editor.pk))
    click_and_wait(page, page.get_by_role("button", name="Remove the member"))
    assert "Nora" in page.content() and "is no longer a member" in page.content()
    assert Channel.objects.get(pk=channel.pk).owner == editor
    assert not Membership.objects.filter(pk=membership.pk).exists()

    invitee.goto("/")
    assert "/sign-in/" in invitee.url, "the removed account is signed out"
    invitee_context.close()


def test_a_forgotten_password_is_reset_by_e_mail_in_dutch(page, staff):
    page.goto("/sign-in/")
    switch_to_dutch(page)
    click_and_wait(page, page.get_by_role("link", name="Wachtwoord vergeten?"))
    assert_accessible(page)
    page.locator("#id_email").fill("staff@example.org")
    click_and_wait(page, page.get_by_role("button", name="Link versturen"))
    assert_accessible(page)
    page.goto(_link_path(mail.outbox[-1]))
    assert "Kies een nieuw wachtwoord" in page.locator("h1").inner_text()
    assert_accessible(page)
    page.locator("#id_new_password1").fill(INVITEE_PASSWORD)
    page.locator("#id_new_password2").fill(INVITEE_PASSWORD)
    click_and_wait(page, page.get_by_role("button", name="Nieuw wachtwoord opslaan"))
    assert_accessible(page)
    sign_in(page, "staff", INVITEE_PASSWORD)
    assert page.locator("h1").inner_text().startswith("Welcome")  # their own choice: English

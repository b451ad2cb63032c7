"""Invitations by e-mail: the link works once, for seven days, and only its hash is stored."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from govsocial.core import services
from govsocial.core.models import AuditEvent, Invitation, Membership, Person
from govsocial.core.tests.factories import PASSWORD, make_invitation, make_person

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long and unusual passphrase 7"


def _invite(client, email="jan@example.org", role="editor", language="nl"):
    return client.post(
        reverse("core:invite"),
        {"invite-email": email, "invite-role": role, "invite-language": language},
        follow=True,
    )


def _link_token(message) -> str:
    return re.search(r"/invitation/([^/\s]+)/", message.body).group(1)


def _accept(client, token, username="jan", **extra):
    data = {"username": username, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, **extra}
    return client.post(reverse("core:invitation", args=[token]), data)


def test_the_form_explains_each_role_and_proposes_staff(lead_client):
    page = lead_client.get(reverse("core:people")).content.decode()
    assert 'name="invite-role" value="staff" id="id_invite-role_2" required checked' in page
    assert "Editor: writes the policy" in page
    assert "Communications lead: manages people" in page
    assert "Staff: reads the policy" in page


def test_lead_invites_in_the_invitees_language_and_only_a_hash_is_kept(
    lead_client, lead, organisation
):
    response = _invite(lead_client)
    assert "An invitation is on its way to jan@example.org" in response.content.decode()
    message = mail.outbox[0]
    assert message.to == ["jan@example.org"]
    assert "Uitnodiging voor Gemeente Voorbeeld" in message.subject
    assert "binnen 7 dagen" in message.body
    token = _link_token(message)
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    assert invitation.token_hash == services.invitations.token_hash(token)
    assert (invitation.role, invitation.language, invitation.invited_by) == ("editor", "nl", lead)
    assert AuditEvent.objects.filter(action="member.invited", actor=lead).exists()
    assert "jan@example.org" in lead_client.get(reverse("core:people")).content.decode()


def test_the_invitee_sets_a_password_once_and_signs_in(client, lead_client, organisation):
    _invite(lead_client)
    token = _link_token(mail.outbox[0])
    client.logout()
    page = client.get(reverse("core:invitation", args=[token])).content.decode()
    assert "Word lid van Gemeente Voorbeeld" in page  # the invitation's language
    response = _accept(client, token, first_name="Jan", last_name="Jansen")
    assert response.status_code == 302 and response["Location"] == reverse("core:login")
    person = Person.objects.get(username="jan")
    assert (person.email, person.language, person.get_full_name()) == (
        "jan@example.org",
        "nl",
        "Jan Jansen",
    )
    assert Membership.objects.get(person=person, organisation=organisation).role == "editor"
    assert Invitation.objects.get().accepted_by == person
    assert AuditEvent.objects.filter(action="member.joined", actor=person).exists()
    # Used once: the link no longer works, for a page or a second account.
    again = client.get(reverse("core:invitation", args=[token]))
    assert again.status_code == 410 and "It has been used already" in again.content.decode()
    assert _accept(client, token, username="jan2").status_code == 410
    assert not Person.objects.filter(username="jan2").exists()
    signed_in = client.post(
        reverse("core:login"), {"username": "jan@example.org", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302


def test_an_expired_or_withdrawn_invitation_does_not_work(client, lead_client, organisation):
    expired, expired_token = make_invitation(
        organisation, expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(reverse("core:invitation", args=[expired_token]))
    assert response.status_code == 410 and "It has expired" in response.content.decode()
    assert _accept(client, expired_token).status_code == 410
    withdrawn, withdrawn_token = make_invitation(organisation)
    lead_client.post(reverse("core:revoke_invitation", args=[withdrawn.pk]))
    withdrawn.refresh_from_db()
    assert withdrawn.revoked_at is not None
    assert _accept(client, withdrawn_token).status_code == 410
    assert client.get(reverse("core:invitation", args=["made-up"])).status_code == 410
    assert not Person.objects.filter(username="jan").exists()


def test_seven_days_is_the_limit(lead_client):
    _invite(lead_client)
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        timedelta(days=7), abs=timedelta(seconds=5)
    )


def test_a_new_invitation_to_the_same_address_replaces_the_old_one(lead_client):
    _invite(lead_client)
    _invite(lead_client, role="staff")
    first, second = _link_token(mail.outbox[0]), _link_token(mail.outbox[1])
    assert services.find(first).problem == "revoked"
    assert services.find(second).usable


def test_a_member_cannot_be_invited_again_and_bad_input_is_shown(lead_client, staff):
    response = _invite(lead_client, email="STAFF@example.org")
    assert "is already a member of this organisation" in response.content.decode()
    bad = _invite(lead_client, email="not an address", role="king")
    assert bad.content.decode().count("utrecht-form-field-error-message") == 2
    assert not Invitation.objects.exists() and not mail.outbox


def test_password_rules_and_taken_names_are_checked(client, organisation, lead):
    _invitation, token = make_invitation(organisation, email="new@example.org")
    short = client.post(
        reverse("core:invitation", args=[token]),
        {"username": "newbie", "password1": "short", "password2": "short"},
    )
    assert "This password is too short" in short.content.decode()
    taken = _accept(client, token, username="LEAD")
    assert "This user name cannot be used" in taken.content.decode()
    assert not Person.objects.filter(username="newbie").exists()


def test_someone_with_an_account_signs_in_and_joins_with_it(
    client, organisation, other_organisation, other_lead
):
    _invitation, token = make_invitation(organisation, email=other_lead.email, role="editor")
    refused = _accept(client, token, username="another")
    assert "There is already an account with this e-mail address" in refused.content.decode()
    client.force_login(other_lead)
    page = client.get(reverse("core:invitation", args=[token])).content.decode()
    assert "Join as otherlead" in page
    client.post(reverse("core:invitation", args=[token]))
    assert Membership.objects.get(person=other_lead, organisation=organisation).role == "editor"
    assert Membership.objects.filter(person=other_lead).count() == 2


def test_accepting_twice_fails_the_second_time():
    from govsocial.core.tests.factories import make_organisation

    organisation = make_organisation()
    make_person(organisation, role="lead")
    _invitation, token = make_invitation(organisation)
    services.accept_with_new_account(token, username="first", password=PASSWORD)
    with pytest.raises(services.InvitationError):
        services.accept_with_new_account(token, username="second", password=PASSWORD)
    assert not Person.objects.filter(username="second").exists()

"""The installation's host: organisations created, renamed, disabled and deleted in the web pages."""

import pytest
from django.core import mail
from django.urls import reverse

from govsocial.core.models import AuditEvent, Invitation, Membership, Organisation, Person
from govsocial.core.tests.factories import PASSWORD, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def host(db):
    return make_person(None, username="hostess", is_host=True)


@pytest.fixture
def host_client(client, host):
    client.force_login(host)
    return client


NEW = {
    "slug": "leeds",
    "name_en": "Leeds City Council",
    "name_nl": "Gemeente Leeds",
    "kind": "municipality",
    "country": "GB",
    "size_band": "large",
    "default_language": "en",
    "audience": "residents",
}


def test_a_host_without_membership_lands_on_the_organisations(host_client, organisation):
    response = host_client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("core:host")
    page = host_client.get(reverse("core:host")).content.decode()
    assert "Example Council" in page and "Members: 0" in page and "Channels: 0" in page


def test_host_pages_are_for_hosts_only(client, organisation, lead):
    assert client.get(reverse("core:host")).status_code == 302  # to sign in
    client.force_login(lead)
    for name, args in [("core:host", []), ("core:host_new", []), ("core:host_audit", [])]:
        assert client.get(reverse(name, args=args)).status_code == 403
    assert client.get(reverse("core:host_delete", args=[organisation.pk])).status_code == 403
    assert "Installation" not in client.get("/").content.decode()


def test_host_creates_an_organisation_and_invites_its_first_lead(host_client, host):
    response = host_client.post(
        reverse("core:host_new"), {**NEW, "first_lead": "boss@leeds.example"}, follow=True
    )
    assert "Leeds City Council is created" in response.content.decode()
    organisation = Organisation.objects.get(slug="leeds")
    invitation = Invitation.objects.get(organisation=organisation)
    assert (invitation.email, invitation.role, invitation.language) == (
        "boss@leeds.example",
        "lead",
        "en",
    )
    assert mail.outbox[0].to == ["boss@leeds.example"]
    assert "Leeds City Council" in mail.outbox[0].body
    assert AuditEvent.objects.filter(
        organisation=None, action="organisation.created", actor=host
    ).exists()
    again = host_client.post(reverse("core:host_new"), {**NEW, "slug": "LEEDS"})
    assert "already an organisation with this short name" in again.content.decode()


def test_host_renames_an_organisation(host_client, organisation):
    data = {**NEW, "name_en": "Renamed Council"}
    del data["slug"]
    host_client.post(reverse("core:host_edit", args=[organisation.pk]), data)
    organisation.refresh_from_db()
    assert organisation.name_en == "Renamed Council"
    assert AuditEvent.objects.filter(organisation=None, action="organisation.updated").exists()
    assert AuditEvent.objects.filter(
        organisation=organisation, action="organisation.updated"
    ).exists()


def test_disabled_organisation_signs_its_members_out_and_tells_why(
    host_client, client, organisation, lead, other_organisation
):
    from django.test import Client

    member = Client()
    member.force_login(lead)
    host_client.post(
        reverse("core:host_disable", args=[organisation.pk]), {"reason": "Subscription ended."}
    )
    response = member.get("/")
    assert response.status_code == 403
    assert "Subscription ended." in response.content.decode()
    assert member.get("/").status_code == 302  # signed out: to the sign-in page
    refused = member.post(reverse("core:login"), {"username": "lead", "password": PASSWORD})
    assert "Example Council is disabled on this installation. Subscription ended." in (
        refused.content.decode()
    )
    wrong = member.post(reverse("core:login"), {"username": "lead", "password": "wrong"})
    assert "Subscription ended." not in wrong.content.decode()  # only for the right password
    # A member of another organisation as well keeps that one.
    Membership.objects.create(person=lead, organisation=other_organisation, role="staff")
    assert member.post(reverse("core:login"), {"username": "lead", "password": PASSWORD})[
        "Location"
    ] == reverse("core:dashboard")
    Membership.objects.filter(person=lead, organisation=other_organisation).delete()
    host_client.post(reverse("core:host_enable", args=[organisation.pk]))
    member.logout()
    response = member.post(reverse("core:login"), {"username": "lead", "password": PASSWORD})
    assert response.status_code == 302


def test_delete_shows_what_goes_and_needs_the_short_name(
    host_client, host, organisation, other_organisation, lead, staff
):
    Membership.objects.create(person=host, organisation=organisation, role="lead")
    both = make_person(organisation, username="both")
    Membership.objects.create(person=both, organisation=other_organisation, role="staff")
    url = reverse("core:host_delete", args=[organisation.pk])
    page = host_client.get(url).content.decode()
    assert "Members: 4" in page
    assert "2 accounts of people in no other organisation" in page
    assert "2 members also belong to another organisation" in page
    wrong = host_client.post(url, {"confirm": "elsewhere"})
    assert "not the organisation&#x27;s short name" in wrong.content.decode()
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    host_client.post(url, {"confirm": "example"})
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert set(Person.objects.values_list("username", flat=True)) == {"hostess", "both"}
    events = host_client.get(reverse("core:host_audit")).content.decode()
    assert "Deleted an organisation" in events and "organisation.deleted" not in events


def test_the_host_invites_a_lead_for_an_existing_organisation(host_client, organisation):
    host_client.post(
        reverse("core:host_invite", args=[organisation.pk]), {"invite-email": "new@example.org"}
    )
    assert Invitation.objects.get(organisation=organisation).role == "lead"
    assert mail.outbox[0].to == ["new@example.org"]
    assert "Gemeente Voorbeeld" in mail.outbox[0].subject  # the organisation's language: Dutch

"""Removing a member: their channels handed over first, their name pseudonymised,
their account emptied when they belong nowhere else, their sign-in record purged later."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.urls import reverse
from django.utils import timezone

from govsocial.channels.models import Channel
from govsocial.channels.tests.factories import make_channel
from govsocial.core import registry, services
from govsocial.core.models import AuditEvent, Membership, Person, SignInPurge
from govsocial.core.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _membership(person, organisation):
    return Membership.objects.get(person=person, organisation=organisation)


def _remove(client, membership, successor=None):
    data = {"successor": successor.pk} if successor else {}
    return client.post(reverse("core:remove_member", args=[membership.pk]), data, follow=True)


def test_removing_a_member_pseudonymises_them_everywhere_in_the_organisation(
    lead_client, lead, staff, editor, organisation
):
    services.record_event(organisation, staff, "policy.commented", summary="staff said hello")
    services.record_event(
        organisation, lead, "channel.updated", summary="owner: Alex Person 3 → staff", who="staff"
    )
    services.record_event(organisation, editor, "policy.commented", summary="editor's own")
    membership = _membership(staff, organisation)
    response = _remove(lead_client, membership)
    assert "is no longer a member" in response.content.decode()
    assert not Membership.objects.filter(pk=membership.pk).exists()

    staff.refresh_from_db()
    code = services.pseudonym_code(staff)
    assert staff.username == f"former-{code.lower()}"
    assert (staff.email, staff.first_name, staff.last_name, staff.is_active) == ("", "", "", False)
    assert not staff.has_usable_password()
    said = AuditEvent.objects.get(action="policy.commented", summary__contains="said hello")
    assert said.actor is None and said.actor_pseudonym == code
    assert said.summary == f"former-{code.lower()} said hello"
    mentioned = AuditEvent.objects.get(action="channel.updated")
    assert "staff" not in mentioned.summary and mentioned.detail["who"] == staff.username
    assert AuditEvent.objects.get(summary="editor's own").actor == editor
    removal = AuditEvent.objects.get(action="member.removed")
    assert removal.actor == lead and "staff" not in removal.summary
    trail = lead_client.get(reverse("core:audit")).content.decode()
    assert f"Former member {code}" in trail
    purge = SignInPurge.objects.get()
    assert purge.username == "staff"
    assert purge.purge_after > timezone.now() + timedelta(days=89)
    assert lead_client.post(
        reverse("core:login"), {"username": "staff", "password": PASSWORD}
    ).status_code in (200, 302)
    assert not Person.objects.filter(username="staff").exists()


def test_their_channels_need_a_successor_first(lead_client, lead, editor, staff, organisation):
    owned = make_channel(organisation, owner=staff, cover=editor)
    covered = make_channel(organisation, owner=lead, cover=staff)
    closed = make_channel(organisation, status=Channel.Status.CLOSED, owner=staff, cover=lead)
    membership = _membership(staff, organisation)
    page = lead_client.get(reverse("core:remove_member", args=[membership.pk])).content.decode()
    assert owned.name in page and covered.name in page and closed.name not in page
    refused = _remove(lead_client, membership)
    assert "This field is required" in refused.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()

    _remove(lead_client, membership, successor=editor)
    owned.refresh_from_db()
    covered.refresh_from_db()
    # The successor was the cover: now owner, and the channel needs a new cover.
    assert (owned.owner, owned.cover) == (editor, None)
    assert (covered.owner, covered.cover) == (lead, editor)
    assert AuditEvent.objects.filter(action="channel.handed_over").count() == 2
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_successor_must_be_another_member_here(
    lead_client, lead, staff, organisation, other_lead
):
    make_channel(organisation, owner=staff, cover=lead)
    membership = _membership(staff, organisation)
    response = _remove(lead_client, membership, successor=other_lead)
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(services.RemovalError):
        services.remove_member(membership, other_lead, lead)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_nobody_removes_themselves_or_the_last_lead(lead_client, lead, organisation, staff):
    membership = _membership(lead, organisation)
    response = _remove(lead_client, membership)
    assert "You cannot remove yourself" in response.content.decode()
    with pytest.raises(services.LastLeadError):
        services.remove_member(membership, None, staff)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_member_of_another_organisation_keeps_their_account_there(
    lead_client, staff, organisation, other_organisation, other_lead
):
    Membership.objects.create(person=staff, organisation=other_organisation, role="staff")
    services.record_event(other_organisation, staff, "policy.commented", summary="staff elsewhere")
    services.record_event(organisation, staff, "policy.commented", summary="staff here")
    _remove(lead_client, _membership(staff, organisation))
    staff.refresh_from_db()
    assert staff.username == "staff" and staff.is_active and staff.has_usable_password()
    elsewhere = AuditEvent.objects.get(summary="staff elsewhere")
    assert elsewhere.actor == staff
    here = AuditEvent.objects.get(action="policy.commented", organisation=organisation)
    assert here.actor is None and "staff" not in here.summary
    assert not SignInPurge.objects.exists()


def test_sign_in_records_are_purged_after_the_retention_period(settings, staff, lead):
    now = timezone.now()
    for username in ("staff", "lead"):
        AccessAttempt.objects.create(
            username=username, ip_address="192.0.2.1", failures_since_start=1, user_agent="x"
        )
        AccessLog.objects.create(username=username, ip_address="192.0.2.1", user_agent="x")
    old = AccessLog.objects.create(username="lead", ip_address="192.0.2.1", user_agent="x")
    AccessLog.objects.filter(pk=old.pk).update(attempt_time=now - timedelta(days=91))
    SignInPurge.objects.create(username="staff", purge_after=now + timedelta(days=1))
    services.purge_sign_in_records(now=now)
    assert AccessAttempt.objects.filter(username="staff").exists(), "not yet due"
    assert not AccessLog.objects.filter(pk=old.pk).exists(), "older than the retention"
    services.purge_sign_in_records(now=now + timedelta(days=2))
    assert not AccessAttempt.objects.filter(username="staff").exists()
    assert not AccessLog.objects.filter(username="staff").exists()
    assert AccessLog.objects.filter(username="lead").count() == 1
    assert not SignInPurge.objects.exists()


def test_the_purge_is_a_registered_periodic_task():
    from govsocial.core.tasks import purge_sign_in_records

    assert purge_sign_in_records in registry.site.values("periodic")

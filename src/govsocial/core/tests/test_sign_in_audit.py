"""Sign-ins in the audit trail: the user name tried and the address, never the password."""

import json

import pytest
from django.urls import reverse

from govsocial.core.models import AuditEvent
from govsocial.core.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _everything_written(events) -> str:
    return json.dumps([[e.action, e.object_type, e.object_id, e.summary, e.detail] for e in events])


def test_a_successful_sign_in_is_in_the_audit_trail_with_the_address(client, organisation, lead):
    client.post(
        reverse("core:login"),
        {"username": "lead", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
    )
    event = AuditEvent.objects.get(action="sign_in.succeeded")
    assert (event.organisation, event.actor) == (organisation, lead)
    assert event.detail == {"username": "lead", "address": "192.0.2.10"}
    assert PASSWORD not in _everything_written([event])


def test_a_failed_sign_in_is_in_the_audit_trail_without_the_password(client, organisation, lead):
    client.post(
        reverse("core:login"),
        {"username": "LEAD", "password": "my-secret-guess"},
        REMOTE_ADDR="192.0.2.11",
    )
    event = AuditEvent.objects.get(action="sign_in.failed")
    assert (event.organisation, event.actor) == (organisation, None)
    assert event.detail == {"username": "LEAD", "address": "192.0.2.11", "locked_out": False}
    assert "my-secret-guess" not in _everything_written(AuditEvent.objects.all())


def test_failed_sign_ins_behind_a_trusted_proxy_name_the_client(client, settings, lead):
    settings.GOVSOCIAL_TRUSTED_PROXIES = ["10.0.0.5"]
    for _ in range(6):
        client.post(
            reverse("core:login"),
            {"username": "lead", "password": "wrong"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR="203.0.113.66",
        )
    events = AuditEvent.objects.filter(action="sign_in.failed").order_by("id")
    assert {e.detail["address"] for e in events} == {"203.0.113.66"}
    assert [e.detail["locked_out"] for e in events] == [False] * 4 + [True] * 2


def test_a_failed_sign_in_for_an_unknown_user_name_is_not_in_any_trail(client, organisation, lead):
    # An audit event belongs to an organisation; django-axes keeps this try for the lockout.
    client.post(reverse("core:login"), {"username": "nobody-here", "password": "x"})
    assert not AuditEvent.objects.filter(action__startswith="sign_in").exists()


def test_a_sign_in_is_written_to_each_organisation_of_the_person(
    client, organisation, other_organisation, lead
):
    from govsocial.core.models import Membership

    Membership.objects.create(person=lead, organisation=other_organisation, role="staff")
    client.post(reverse("core:login"), {"username": "lead", "password": PASSWORD})
    trails = set(
        AuditEvent.objects.filter(action="sign_in.succeeded").values_list(
            "organisation__slug", flat=True
        )
    )
    assert trails == {"example", "elsewhere"}


def test_role_changes_are_audited_with_old_and_new_role(lead_client, organisation, staff):
    from govsocial.core.models import Membership

    membership = Membership.objects.get(person=staff)
    lead_client.post(reverse("core:change_role", args=[membership.id]), {"role": "editor"})
    event = AuditEvent.objects.get(action="member.role_changed")
    assert event.detail == {"old": "staff", "new": "editor"}
    assert event.summary == "staff: staff → editor"

"""One person's data as JSON (GDPR art. 15), each app adding its part."""

import json

import pytest
from django.urls import reverse

from govsocial.channels.tests.factories import make_channel
from govsocial.core import services
from govsocial.core.models import AuditEvent, Membership

pytestmark = pytest.mark.django_db


def test_lead_exports_a_members_data_with_every_apps_part(
    lead_client, lead, staff, organisation, other_organisation
):
    channel = make_channel(organisation, owner=staff, cover=lead)
    services.record_event(organisation, staff, "policy.commented", summary="mine")
    services.record_event(other_organisation, staff, "policy.commented", summary="not here")
    membership = Membership.objects.get(person=staff)
    response = lead_client.get(reverse("core:export_member", args=[membership.pk]))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["format"] == "govsocial-personal-data/1"
    core = data["apps"]["core"]
    assert core["person"]["username"] == "staff" and core["person"]["email"] == "staff@example.org"
    assert core["memberships"] == [
        {"organisation": "example", "role": "staff", "since": membership.created_at.isoformat()}
    ]
    assert [e["summary"] for e in core["audit_events"]] == ["mine"]
    assert data["apps"]["channels"]["channels"][0]["name"] == channel.name
    assert data["apps"]["channels"]["channels"][0]["as"] == ["owner", "requested_by"]
    assert {"core", "channels", "policies", "maturity", "training"} <= set(data["apps"])
    assert AuditEvent.objects.filter(action="member.data_exported", actor=lead).exists()


def test_only_a_lead_exports(staff_client, lead, organisation):
    membership = Membership.objects.get(person=lead)
    assert staff_client.get(reverse("core:export_member", args=[membership.pk])).status_code == 403

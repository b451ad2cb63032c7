"""Exports of the register name people: each one is in the audit trail."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from govsocial.channels.tests.factories import make_channel
from govsocial.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_downloading_the_register_is_recorded_in_the_audit_trail(
    lead_client, lead, organisation, fmt
):
    organisation.default_language = "en"
    organisation.save()
    make_channel(organisation)
    make_channel(organisation)
    response = lead_client.get(reverse(f"channels:export_{fmt}"))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="channel.register_exported")
    assert event.organisation == organisation and event.actor == lead
    assert event.detail == {"format": fmt, "channels": 2, "via": "web"}
    assert f"({fmt.upper()}, 2 channels)" in event.summary


def test_exporting_the_register_on_the_command_line_is_recorded(organisation, tmp_path):
    organisation.default_language = "nl"
    organisation.save()
    make_channel(organisation)
    call_command("channels", "export", "--org", "example", "--out", str(tmp_path / "r.csv"))
    event = AuditEvent.objects.get(action="channel.register_exported")
    assert event.actor is None and event.detail["via"] == "command line"
    assert event.summary == "Kanalenregister geëxporteerd (CSV, 1 kanaal)"


def test_the_import_template_is_not_recorded(lead_client):
    assert lead_client.get(reverse("channels:import_template")).status_code == 200
    assert not AuditEvent.objects.filter(action="channel.register_exported").exists()

"""Retention per channel, legal hold, destruction with a record, and a chain
that stays verifiable (the destruction is a link, not a gap)."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from govsocial.archive import services
from govsocial.archive.models import Destruction, Item, ItemVersion, RawPayload
from govsocial.archive.tests.factories import make_archived_channel
from govsocial.core.models import AuditEvent

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)  # the factories' items are from March 2024


@pytest.fixture
def archived(organisation):
    return make_archived_channel(organisation, posts=3)


def test_without_a_schedule_nothing_is_due(organisation, archived):
    assert services.plan(organisation, TODAY) == []
    assert services.destroy(organisation, None, "tests", today=TODAY) == []


def test_destruction_follows_the_schedule_per_kind_and_keeps_a_record(organisation, lead, archived):
    services.set_schedule(organisation, lead, archived.pk, {"reply": 2, "post": None})
    [plan] = services.plan(organisation, TODAY)
    assert (plan.due, plan.held) == (3, 0)
    [destruction] = services.destroy(organisation, lead, "Selectielijst 2020, 1.1", today=TODAY)
    assert destruction.count == 3 and destruction.kinds == {"reply": 3}
    assert destruction.performed_by == lead and destruction.ground == "Selectielijst 2020, 1.1"
    gone = Item.objects.filter(destruction=destruction)
    assert gone.count() == 3 and not any(i.text or i.author_handle for i in gone)
    assert not ItemVersion.objects.filter(item__in=gone).exclude(text="").exists()
    assert ItemVersion.objects.filter(item__in=gone, event="destroyed").count() == 3
    assert RawPayload.objects.filter(destroyed_at__isnull=False, data=b"").count() == 3
    assert Item.objects.filter(kind="post", destroyed_at=None).count() == 3  # kept permanently
    assert services.search(organisation, "laat") == []
    result = services.verify(organisation)
    assert result.ok, result.problems
    assert AuditEvent.objects.filter(action="archive.destroyed").exists()
    assert services.destroy(organisation, lead, "again", today=TODAY) == []


def test_a_legal_hold_blocks_destruction_until_released(organisation, lead, archived):
    services.set_schedule(organisation, lead, archived.pk, {"reply": 1, "post": 1})
    hold = services.place_hold(
        organisation, lead, "Complaint 2024-17", since=date(2024, 3, 5), until=date(2024, 3, 5)
    )
    [plan] = services.plan(organisation, TODAY)
    assert (plan.due, plan.held) == (4, 2)
    services.destroy(organisation, lead, "tests", today=TODAY)
    kept = Item.objects.filter(destroyed_at=None)
    assert sorted(i.text for i in kept) == ["Het zwembad is open 1", "Waarom zo laat? 1"]
    services.release_hold(hold, lead)
    services.destroy(organisation, lead, "tests", today=TODAY)
    assert not Item.objects.filter(destroyed_at=None).exists()
    assert services.verify(organisation).ok


def test_a_destroyed_items_changed_record_is_still_caught(organisation, lead, archived):
    services.set_schedule(organisation, lead, archived.pk, {"reply": 1})
    services.destroy(organisation, lead, "tests", today=TODAY)
    ItemVersion.objects.filter(event="destroyed").order_by("sequence").first()
    version = ItemVersion.objects.filter(event="destroyed").order_by("sequence").first()
    ItemVersion.objects.filter(pk=version.pk).update(origin="somewhere else")
    assert not services.verify(organisation).ok
    ItemVersion.objects.filter(pk=version.pk).delete()
    assert any(p.kind == "removed" for p in services.verify(organisation).problems)


def _run(*args):
    out = StringIO()
    call_command("archive", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_destroy_command(organisation, archived):
    services.set_schedule(organisation, None, archived.pk, {"reply": 1})
    dry = json.loads(_run("destroy", "--org", "example", "--dry-run", "--format", "json"))
    assert dry[0]["due"] == 3 and not Destruction.objects.exists()
    text = _run("destroy", "--org", "example", "--ground", "schedule 2026")
    assert "3 items destroyed" in text
    assert Destruction.objects.get().by == "cli"
    with pytest.raises(CommandError) as caught:
        _run("destroy", "--org", "nowhere")
    assert caught.value.returncode == 2


def test_the_pages_for_leads(lead_client, organisation, archived):
    url = reverse("archive:retention_channel", args=[archived.pk])
    lead_client.post(url, {"years_reply": "1", "years_post": "", "basis": "Selectielijst"})
    schedule = services.schedules(organisation)[archived.pk]
    assert schedule.years["reply"] == 1 and schedule.years["post"] is None
    lead_client.post(reverse("archive:retention"), {"reason": "WOB-verzoek", "channel": ""})
    hold = services.active_holds(organisation).get()
    page = lead_client.get(reverse("archive:channel", args=[archived.pk])).content.decode()
    assert "WOB-verzoek" in page and "legal hold" in page
    lead_client.post(reverse("archive:hold_release", args=[hold.pk]))
    assert not services.active_holds(organisation).exists()
    page = lead_client.get(reverse("archive:destroy")).content.decode()
    assert "Destroy 3 items" in page
    assert lead_client.post(reverse("archive:destroy"), {"ground": "x"}).status_code == 200
    lead_client.post(reverse("archive:destroy"), {"ground": "Selectielijst", "confirm": "on"})
    destruction = Destruction.objects.get()
    page = lead_client.get(reverse("archive:destruction", args=[destruction.pk])).content.decode()
    assert "Selectielijst" in page


def test_staff_cannot_reach_retention(staff_client, archived):
    assert staff_client.get(reverse("archive:retention")).status_code == 403
    assert staff_client.get(reverse("archive:destroy")).status_code == 403

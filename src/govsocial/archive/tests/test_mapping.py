"""The generic CSV's column mapping, saved per channel in the browser and on the
command line, reused by the next import (web and CLI), overridable per import."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from govsocial.archive import services
from govsocial.archive.models import ImportJob, Item, SavedMapping
from govsocial.channels.tests.factories import make_channel

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# An OBI4wan-like export: Dutch column names, semicolons.
CSV = (
    "Gesprek;Tijdstip;Richting;Afzender;Bericht;Kanaal\n"
    "g1;05-03-2024 09:12;inkomend;Jan;Wanneer gaat het zwembad open?;Facebook\n"
    "g1;05-03-2024 09:40;uitgaand;Webcare;Maandag om 7 uur.;Facebook\n"
    "g2;06-03-2024 14:01;inkomend;Piet;Is de weg dicht?;Facebook\n"
)
MAPPING = {
    "conversation": "Gesprek", "time": "Tijdstip", "direction": "Richting",
    "author": "Afzender", "text": "Bericht",
}  # fmt: skip


@pytest.fixture
def channel(organisation):
    return make_channel(organisation, platform="facebook", owner=None, cover=None)


def _csv(name="inbox.csv", text=CSV):
    return SimpleUploadedFile(name, text.encode(), "text/csv")


def _run(*args):
    out = StringIO()
    call_command("archive", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_page_reads_the_header_and_saves_the_picked_columns(lead_client, organisation, channel):
    url = reverse("archive:mapping", args=[channel.pk])
    page = lead_client.get(url).content.decode()
    assert "no saved mapping yet" in page and "<select" not in page
    page = lead_client.post(url, {"action": "read", "sample": _csv()}).content.decode()
    assert '<option value="Tijdstip">Tijdstip</option>' in page  # a picker per field
    assert 'type="hidden" name="columns"' in page
    columns = json.dumps(["Gesprek", "Tijdstip", "Richting", "Afzender", "Bericht", "Kanaal"])
    response = lead_client.post(url, {"columns": columns, **MAPPING, "id": ""})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('archive:upload')}?channel={channel.pk}"
    assert services.saved_mapping(organisation, channel.pk) == MAPPING
    page = lead_client.get(url).content.decode()
    assert "Conversation id" in page and "Gesprek" in page and "selected>Bericht" in page


def test_a_missing_required_column_or_a_foreign_column_is_refused(lead_client, channel):
    url = reverse("archive:mapping", args=[channel.pk])
    columns = json.dumps(["Gesprek", "Tijdstip", "Richting", "Bericht"])
    response = lead_client.post(url, {"columns": columns, **MAPPING, "author": "", "text": ""})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    response = lead_client.post(url, {"columns": columns, **MAPPING, "author": "Wachtwoord"})
    assert response.status_code == 400
    assert not SavedMapping.objects.exists()


def test_reading_without_choosing_a_file_asks_for_one(lead_client, channel):
    url = reverse("archive:mapping", args=[channel.pk])
    response = lead_client.post(url, {"action": "read"})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    assert not SavedMapping.objects.exists()


def test_a_file_without_a_header_is_refused_in_dutch(client, lead, channel):
    lead.language = "nl"
    lead.save()
    client.force_login(lead)
    url = reverse("archive:mapping", args=[channel.pk])
    response = client.post(url, {"action": "read", "sample": _csv("foto.csv", "\x00\x01\x02 x")})
    assert response.status_code == 400
    assert "heeft geen eerste regel met kolomnamen" in response.content.decode()


def test_staff_may_not_save_and_another_organisation_gets_404(
    staff_client, client, other_lead, channel
):
    url = reverse("archive:mapping", args=[channel.pk])
    assert staff_client.post(url, {"action": "read", "sample": _csv()}).status_code == 403
    client.force_login(other_lead)
    assert client.get(url).status_code == 404


def test_an_upload_uses_the_saved_mapping(
    lead_client, organisation, channel, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    services.save_mapping(organisation, channel.pk, MAPPING)
    with django_capture_on_commit_callbacks(execute=True):
        lead_client.post(
            reverse("archive:upload"), {"channel": channel.pk, "source": "csv", "export": _csv()}
        )
    job = ImportJob.objects.get()
    assert job.status == "done", job.message
    assert job.counts["new"] == 3
    answer = Item.objects.get(text="Maandag om 7 uur.")
    assert answer.author_kind == "organisation" and answer.thread_id == "g1"


def test_the_cli_uses_overrides_and_saves_the_mapping(organisation, channel, tmp_path):
    path = tmp_path / "inbox.csv"
    path.write_text(CSV)
    base = ["import", "--org", organisation.slug, "--channel", str(channel.pk), "--source", "csv"]
    with pytest.raises(CommandError) as refused:
        _run(*base, str(path), "--lang", "nl")
    assert refused.value.returncode == 2 and "ontbreekt" in str(refused.value)
    services.save_mapping(organisation, channel.pk, {**MAPPING, "text": "Kanaal"})
    pairs = "text=Bericht,author=Afzender"
    _run(*base, str(path), "--mapping", pairs, "--save-mapping", "--format", "json")
    assert Item.objects.filter(text="Is de weg dicht?").exists()
    assert services.saved_mapping(organisation, channel.pk) == MAPPING
    # The next import needs no mapping at all: nothing new.
    result = json.loads(_run(*base, str(path), "--format", "json"))
    assert (result["new"], result["unchanged"]) == (0, 3)


def test_save_mapping_is_only_for_csv_and_bad_pairs_write_nothing(organisation, channel, tmp_path):
    path = tmp_path / "inbox.csv"
    path.write_text(CSV)
    base = ["import", "--org", organisation.slug, "--channel", str(channel.pk)]
    with pytest.raises(CommandError) as refused:
        _run(*base, "--source", "facebook", str(path), "--save-mapping")
    assert refused.value.returncode == 2
    with pytest.raises(CommandError) as refused:
        _run(*base, "--source", "csv", str(path), "--mapping", "text", "--save-mapping")
    assert refused.value.returncode == 2 and "FIELD=COLUMN" in str(refused.value)
    assert not SavedMapping.objects.exists() and not Item.objects.exists()

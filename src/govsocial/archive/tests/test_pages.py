"""The archive in the browser: overview, timeline, versions, search, upload with
progress, the integrity check, the dashboard panel."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from govsocial.archive.generate import note, write_outbox
from govsocial.archive.models import ChainCheck, ImportJob, Item
from govsocial.archive.services import dashboard_panel
from govsocial.archive.tests.factories import archive_records, make_archived_channel, record
from govsocial.channels.tests.factories import make_channel

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def archived(organisation):
    return make_archived_channel(organisation, posts=2)


def test_the_overview_lists_channels_and_links_to_their_timeline(lead_client, archived):
    html = lead_client.get(reverse("archive:index")).content.decode()
    assert reverse("archive:channel", args=[archived.pk]) in html
    assert "Upload an export" in html


def test_the_overview_and_timeline_name_the_platform_as_people_write_it(lead_client, organisation):
    channel = make_archived_channel(organisation, posts=1, platform="whatsapp_channel")
    overview = lead_client.get(reverse("archive:index")).content.decode()
    timeline = lead_client.get(reverse("archive:channel", args=[channel.pk])).content.decode()
    assert "(WhatsApp)" in overview and "whatsapp_channel" not in overview
    assert "WhatsApp" in timeline and "whatsapp_channel" not in timeline


def test_the_timeline_shows_threads_and_marks_deletions(lead_client, organisation, archived):
    Item.objects.filter(external_id__startswith="r").update(deleted_seen_at="2024-05-01T00:00Z")
    html = lead_client.get(reverse("archive:channel", args=[archived.pk])).content.decode()
    assert html.index("Het zwembad is open 1") < html.index("Waarom zo laat? 1")
    assert "gs-depth-2 gs-deleted" in html and "deleted on the platform" in html


def test_an_edit_shows_as_versions_side_by_side(lead_client, organisation, archived):
    archive_records(organisation, archived, [record(f"p{archived.pk}-x", "De bieb is dicht")])
    item = Item.objects.get(external_id=f"p{archived.pk}-x")
    archive_records(organisation, archived, [record(item.external_id, "De bieb is open")])
    html = lead_client.get(reverse("archive:item", args=[item.pk])).content.decode()
    assert "Version 1" in html and "Version 2" in html
    assert '<del class="gs-diff-del">' in html and "dicht" in html and "open" in html


def test_search_with_filters(lead_client, organisation, archived):
    url = reverse("archive:search")
    html = lead_client.get(url, {"q": "zwembad"}).content.decode()
    assert "Het zwembad is open 0" in html and "Het zwembad is open 1" in html
    html = lead_client.get(url, {"q": "zwembad", "author_kind": "public"}).content.decode()
    assert "Nothing found." in html
    html = lead_client.get(url, {"q": "laat", "kind": "reply", "channel": archived.pk}).content
    assert b"Waarom zo laat? 0" in html
    assert lead_client.get(url, {"q": "x", "since": "not a date"}).status_code == 200


def test_another_organisations_channel_is_not_found(client, other_lead, archived):
    client.force_login(other_lead)
    assert client.get(reverse("archive:channel", args=[archived.pk])).status_code == 404


def _outbox(tmp_path):
    path = write_outbox(tmp_path / "outbox.json", [note(n, f"Bericht {n}") for n in range(3)])
    return SimpleUploadedFile("outbox.json", path.read_bytes(), "application/json")


def test_an_upload_is_imported_in_the_background_and_shows_its_progress(
    lead_client, organisation, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    channel = make_channel(organisation, platform="mastodon", owner=None, cover=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(
            reverse("archive:upload"),
            {"channel": channel.pk, "source": "mastodon", "export": _outbox(tmp_path)},
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "archive:job", args=[job.pk]
    )
    assert job.status == "done" and job.counts["new"] == 3 and job.path == ""
    assert not list((tmp_path / "archive-uploads").glob("upload-*"))  # the upload is gone
    page = lead_client.get(reverse("archive:job", args=[job.pk])).content.decode()
    assert "3 new, 0 new versions" in page and "hx-get" not in page


def test_a_refused_export_says_why_in_the_persons_language(
    lead, client, organisation, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    lead.language = "nl"
    lead.save()
    client.force_login(lead)
    channel = make_channel(organisation, platform="mastodon", owner=None, cover=None)
    broken = SimpleUploadedFile("outbox.json", b'{"orderedItems": [', "application/json")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("archive:upload"),
            {"channel": channel.pk, "source": "mastodon", "export": broken},
        )
    job = ImportJob.objects.get()
    assert job.status == "failed" and job.message
    assert not Item.objects.exists()
    assert (
        "Er is niets geïmporteerd."
        in client.get(reverse("archive:job", args=[job.pk])).content.decode()
    )


def test_a_waiting_job_polls_with_htmx_and_offers_a_refresh_link(lead_client, organisation):
    channel = make_channel(organisation, platform="mastodon", owner=None, cover=None)
    job = ImportJob.objects.create(
        organisation=organisation,
        channel_id=channel.pk,
        source="mastodon",
        filename="x.zip",
        size=10,
    )
    url = reverse("archive:job", args=[job.pk])
    page = lead_client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and f'href="{url}"' in page
    fragment = lead_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "<progress" in fragment


def test_an_oversized_upload_is_refused_before_and_while_streaming(
    lead_client, organisation, settings, tmp_path
):
    channel = make_channel(organisation, platform="mastodon", owner=None, cover=None)
    settings.GOVSOCIAL_MAX_ARCHIVE_BYTES = 50
    response = lead_client.post(
        reverse("archive:upload"),
        {"channel": channel.pk, "source": "mastodon", "export": _outbox(tmp_path)},
    )
    assert response.status_code == 413  # refused on Content-Length, nothing read
    settings.GOVSOCIAL_MAX_ARCHIVE_BYTES = 2000
    settings.GOVSOCIAL_MAX_REQUEST_BYTES = 10**7
    big = SimpleUploadedFile("outbox.json", b"x" * 5000, "application/json")
    # The body is over the cap too, so only the handler can see the file alone:
    settings.GOVSOCIAL_MAX_ARCHIVE_BYTES = 6000
    from govsocial.archive.services import jobs

    jobs_limit = 2000
    original = jobs.max_archive_bytes
    jobs.max_archive_bytes = lambda: jobs_limit
    try:
        response = lead_client.post(
            reverse("archive:upload"), {"channel": channel.pk, "source": "mastodon", "export": big}
        )
    finally:
        jobs.max_archive_bytes = original
    assert response.status_code == 400 and b"larger than the archive accepts" in response.content
    assert not ImportJob.objects.exists()
    assert not list((tmp_path / "archive-uploads").glob("upload-*"))


def test_staff_may_read_but_not_upload(staff_client, archived):
    assert staff_client.get(reverse("archive:channel", args=[archived.pk])).status_code == 200
    assert staff_client.get(reverse("archive:upload")).status_code == 403
    assert staff_client.post(reverse("archive:verify")).status_code == 403


def test_the_check_runs_in_the_background_and_reports(
    lead_client, archived, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        lead_client.post(reverse("archive:verify"))
    check = ChainCheck.objects.get()
    assert check.ok and check.records == 4
    assert "intact" in lead_client.get(reverse("archive:verify")).content.decode()


def test_the_dashboard_panel_takes_one_query(
    organisation, lead, archived, django_assert_max_num_queries
):
    make_archived_channel(organisation, posts=5)
    with django_assert_max_num_queries(1):
        panel = dashboard_panel(organisation, lead, "lead")
    assert panel["counts"]["items"] == 14 and panel["counts"]["channels"] == 2


def test_the_pages_speak_dutch(client, lead, archived):
    lead.language = "nl"
    lead.save()
    client.force_login(lead)
    html = client.get(reverse("archive:channel", args=[archived.pk])).content.decode()
    assert "Tijdlijn" in html and "Volledigheid" in html


def test_completeness_is_offered_as_facts_and_shown(lead_client, organisation, archived):
    from datetime import timedelta

    from django.utils import timezone

    from govsocial.archive.models import ImportRun
    from govsocial.core import registry

    make_channel(organisation, platform="x", owner=None, cover=None)  # live, never captured
    facts = registry.facts("archive", organisation)
    mine = facts["channels"][archived.pk]
    assert mine["items"] == 4 and mine["without_raw"] == 0 and mine["last_capture"]
    assert facts["never_captured"] == 1 and facts["stale_channels"] == 1
    ImportRun.objects.update(finished_at=timezone.now() - timedelta(days=40))
    assert registry.facts("archive", organisation)["stale_channels"] == 2
    page = lead_client.get(reverse("archive:index")).content.decode()
    assert "falling behind" in page and "1 live channel never captured" in page
    page = lead_client.get(reverse("archive:channel", args=[archived.pk])).content.decode()
    assert "has not been captured for a month" in page

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from govsocial.channels import demo
from govsocial.channels.models import Channel, ChannelReport
from govsocial.channels.tests.factories import make_channel, make_member, scoping_urls
from govsocial.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_another_organisation_sees_none_of_our_channels(
    client, organisation, other_organisation, other_lead
):
    mine = make_channel(other_organisation, name="Elsewhere own")
    urls = scoping_urls(organisation)
    client.force_login(other_lead)
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"comment": "x", "on": "2026-01-01"}).status_code == 404, url
    listing = client.get(reverse("channels:index")).content.decode()
    assert "Elsewhere own" in listing and "Channel 1" not in listing
    assert Channel.objects.filter(organisation=organisation, status="active").count() == 1
    export = client.get(reverse("channels:export_csv")).content.decode("utf-8-sig")
    assert "Elsewhere own" in export and "@channel" not in export.replace(mine.handle, "")


def test_register_filters_by_status_and_platform(lead_client, organisation):
    make_channel(organisation, name="Alpha", platform="x")
    make_channel(organisation, "dormant", name="Bravo", platform="x")
    make_channel(organisation, name="Charlie", platform="tiktok")
    page = lead_client.get(
        reverse("channels:index"), {"status": "active", "platform": "x"}
    ).content.decode()
    assert "Alpha" in page and "Bravo" not in page and "Charlie" not in page
    partial = lead_client.get(
        reverse("channels:index"), {"platform": "tiktok"}, HTTP_HX_REQUEST="true"
    )
    body = partial.content.decode()
    assert "Charlie" in body and "<html" not in body


def test_a_member_requests_a_channel_with_a_business_case(staff_client, organisation, staff):
    url = reverse("channels:request")
    response = staff_client.post(url, {"name": "Youth work", "platform": "tiktok"})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    response = staff_client.post(
        url,
        {
            "name": "Youth work",
            "platform": "tiktok",
            "handle": "@youth",
            "purpose": "Reach teenagers",
            "audience": "12 to 18",
            "why_not_corporate": "They do not follow us",
            "hours_per_week": "6",
            "posters": "Two youth workers",
            "content_plan": "Two videos a week",
            "success_measures": "Visitors",
        },
    )
    channel = Channel.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "channels:detail", args=[channel.pk]
    )
    assert channel.status == "requested" and channel.owner == staff and channel.hours_per_week == 6
    detail = staff_client.get(response["Location"]).content.decode()
    assert "Your request has been sent" in detail and "Requested" in detail
    assert "They do not follow us" in detail
    assert reverse("channels:transition", args=[channel.pk, "approve"]) not in detail


def test_the_lead_approves_with_a_comment_and_it_appears_in_the_history(
    lead_client, organisation, lead
):
    channel = make_channel(organisation, "requested", name="Youth work")
    url = reverse("channels:transition", args=[channel.pk, "approve"])
    assert "Business case" in lead_client.get(url).content.decode()
    lead_client.post(url, {"comment": "Good plan; start after the training."})
    detail = lead_client.get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert "Approved" in detail and "Good plan; start after the training." in detail
    assert AuditEvent.objects.get(action="channel.approved").actor == lead


def test_activation_without_cover_explains_what_is_missing(lead_client, organisation):
    channel = make_channel(organisation, "approved", cover=None, custody=False)
    url = reverse("channels:transition", args=[channel.pk, "activate"])
    response = lead_client.post(url, {"comment": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "cannot become active yet" in page and "no cover person" in page and "Custody" in page
    channel.refresh_from_db()
    assert channel.status == "approved"


def test_custody_activity_and_report_forms(client, organisation):
    owner = make_member(organisation)
    channel = make_channel(organisation, "approved", owner=owner, custody=False)
    client.force_login(owner)
    url = reverse("channels:custody", args=[channel.pk])
    page = client.get(url).content.decode()
    assert "Never enter a password" in page and 'type="password"' not in page
    client.post(
        url,
        {
            "credentials_in_password_manager": "on",
            "credentials_changed_on": "2026-01-05",
            "two_factor_enabled": "on",
            "recovery_address_owned_by_organisation": "on",
            "recovery_mailbox": "social@example.org",
        },
    )
    channel.refresh_from_db()
    assert channel.custody_confirmed and channel.custody_checked_by == owner
    client.post(reverse("channels:transition", args=[channel.pk, "activate"]), {"comment": ""})
    channel.refresh_from_db()
    assert channel.status == "active"
    future = (date.today() + timedelta(days=3)).isoformat()
    response = client.post(reverse("channels:activity", args=[channel.pk]), {"on": future})
    assert "cannot be in the future" in response.content.decode()
    client.post(reverse("channels:activity", args=[channel.pk]), {"on": date.today().isoformat()})
    client.post(
        reverse("channels:report", args=[channel.pk]),
        {"month": date.today().replace(day=1).isoformat()},
    )
    channel.refresh_from_db()
    assert channel.last_activity_on == date.today()
    assert ChannelReport.objects.filter(channel=channel).count() == 1


def test_governance_dashboard_lists_what_needs_attention(lead_client, organisation):
    make_channel(organisation, name="No deputy", cover=None)
    make_channel(
        organisation, name="Old password", credentials_changed_on=date.today() - timedelta(days=400)
    )
    make_channel(organisation, "dormant", name="Sleepy")
    page = lead_client.get(reverse("channels:governance")).content.decode()
    assert "Default limits" in page
    for text in (
        "No deputy",
        "Old password",
        "Sleepy",
        "Without a cover person",
        "Dormant: review or close",
    ):
        assert text in page


def test_staff_cannot_import_or_export(staff_client):
    for name in (
        "channels:import",
        "channels:import_template",
        "channels:export",
        "channels:export_csv",
    ):
        assert staff_client.get(reverse(name)).status_code == 403


def test_upload_in_the_web_shows_errors_per_row_in_dutch(client, organisation):
    lead = make_member(organisation, "lead", language="nl")
    client.force_login(lead)
    data = b"Platform,Naam,Status\nfacebook,Goed,actief\nfriendster,Fout,actief\n"
    response = client.post(
        reverse("channels:import"), {"file": SimpleUploadedFile("r.csv", data, "text/csv")}
    )
    page = response.content.decode()
    assert (
        "Er is niets geïmporteerd" in page and "friendster" in page and "is geen platform" in page
    )
    assert not Channel.objects.exists()
    wrong = SimpleUploadedFile("r.csv", "Naam,Status\nCafé,actief\n".encode("latin-1"), "text/csv")
    page = client.post(reverse("channels:import"), {"file": wrong}).content.decode()
    assert "geen UTF-8" in page
    good = SimpleUploadedFile("r.csv", data.split(b"\nfriendster")[0] + b"\n", "text/csv")
    response = client.post(reverse("channels:import"), {"file": good})
    assert response.status_code == 302 and Channel.objects.get().name == "Goed"


def test_downloads(lead_client, organisation):
    make_channel(organisation, name="@mention me")
    template = lead_client.get(reverse("channels:import_template"))
    assert (
        template["Content-Disposition"].startswith("attachment")
        and template.content.count(b"\n") == 1
    )
    export = lead_client.get(reverse("channels:export_csv")).content.decode("utf-8-sig")
    assert "'@mention me" in export
    assert lead_client.get(reverse("channels:export_json"))["Content-Type"] == "application/json"


def test_pages_in_dutch(client, organisation):
    lead = make_member(organisation, "lead", language="nl")
    demo.seed(organisation)
    client.force_login(lead)
    page = client.get(reverse("channels:index")).content.decode()
    assert "Kanalenregister" in page and "Actief" in page and "Geen vervanger" in page
    channel = Channel.objects.filter(organisation=organisation, status="active").first()
    detail = client.get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert "Geschiedenis" in detail and "Toegangsbeheer" in detail
    assert (
        "Governance"
        not in client.get(reverse("channels:governance")).content.decode().split("<main")[1]
    )


def test_demo_is_idempotent_and_has_every_state(organisation):
    demo.seed(organisation)
    demo.seed(organisation)
    channels = Channel.objects.filter(organisation=organisation)
    assert channels.count() >= 12
    assert {c.status for c in channels} == {s for s, _ in Channel.Status.choices}
    assert channels.filter(status="dormant").count() == 1
    assert channels.filter(status="active", cover=None).exists()
    events = AuditEvent.objects.filter(action="channel.requested").count()
    demo.seed(organisation)
    assert AuditEvent.objects.filter(action="channel.requested").count() == events
    # A waiting request was asked for on the day its history says, not on the day of seeding.
    waiting = channels.get(status="requested")
    asked = AuditEvent.objects.get(action="channel.requested", object_id=str(waiting.pk))
    assert waiting.created_at == asked.created_at < timezone.now() - timedelta(days=7)


def test_approving_twice_says_it_is_already_decided_instead_of_forbidden(lead_client, organisation):
    channel = make_channel(organisation, "requested", name="Youth work")
    url = reverse("channels:transition", args=[channel.pk, "approve"])
    lead_client.post(url, {"comment": "Fine"})
    response = lead_client.post(url, {"comment": "Fine"}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "This channel is now “Approved”; nothing was changed." in page
    assert AuditEvent.objects.filter(action="channel.approved").count() == 1


def test_the_request_form_says_what_is_optional_and_limits_the_hours(staff_client):
    page = staff_client.get(reverse("channels:request")).content.decode()
    assert "Choose a platform" in page and "Handle (optional)" in page
    assert "Purpose (optional)" not in page and "---------" not in page
    response = staff_client.post(
        reverse("channels:request"),
        {
            "name": "Youth work",
            "platform": "tiktok",
            "purpose": "Reach young people",
            "audience": "12 to 18",
            "why_not_corporate": "They do not follow us",
            "hours_per_week": "500",
            "posters": "Two youth workers",
            "content_plan": "Two videos a week",
            "success_measures": "Visitors",
        },
    )
    assert "less than or equal to 168" in response.content.decode()
    assert not Channel.objects.exists()


def test_the_next_report_and_password_change_are_shown_before_they_are_late(
    lead_client, organisation
):
    today = date.today()
    channel = make_channel(
        organisation,
        name="Library",
        activated_on=today - timedelta(days=400),
        credentials_changed_on=today - timedelta(days=10),
    )
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    for month in (last_month, this_month):
        ChannelReport.objects.create(
            organisation=organisation, channel=channel, month=month, received_on=today
        )
    governance = lead_client.get(reverse("channels:governance")).content.decode()
    next_month = (this_month + timedelta(days=32)).replace(day=1)
    assert f"{next_month:%B %Y} (next)" in governance
    assert "1</span> live channel\n" in governance or "1</span> live channel<" in governance
    detail = lead_client.get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert "Next: the report on" in detail
    due = today + timedelta(days=170)
    assert "next change due by" in detail and str(due.year) in detail


def test_the_governance_dashboard_links_to_the_policy_that_sets_its_limits(
    lead_client, organisation, lead
):
    from govsocial.policies import services as policies

    answers = policies.example_answers()
    answers.update(password_change_days=60, report_day=15)
    policies.approve(policies.generate_draft(organisation, lead, answers), lead)
    page = lead_client.get(reverse("channels:governance")).content.decode()
    assert f'href="{policies.policy_url(organisation)}"' in page
    assert "change credentials every 60 days" in page and "due on day 15" in page

"""The monthly report made on the report day: kept once per organisation and
month, e-mailed to the leads and the channel owners in their own language with
the PDF attached, listed and downloadable on the reports page."""

import io
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.urls import reverse

from govsocial.core.tests.factories import make_person
from govsocial.insights.models import MonthlyReport
from govsocial.insights.services import monthly
from govsocial.insights.tests.factories import make_month

pytestmark = pytest.mark.django_db
# 1 April 2025, 08:00 in Amsterdam: the default report day for March.
REPORT_DAY = datetime(2025, 4, 1, 6, 0, tzinfo=UTC)


def test_on_the_report_day_the_report_is_made_once_and_sent_in_each_language(organisation, lead):
    owner = make_person(organisation, role="editor", username="owner")
    owner.language, owner.email = "nl", "eigenaar@example.org"
    owner.save()
    lead.email, lead.language = "lead@example.org", "en"
    lead.save()
    channel = make_month(organisation, threads=2, answer_after=None, name="Zwembad", owner=owner)
    make_month(organisation, threads=1, name="Bibliotheek")  # no owner: only the lead hears

    assert monthly.make_due_reports(now=REPORT_DAY) == 1
    assert monthly.make_due_reports(now=REPORT_DAY) == 0  # the hourly task again: nothing new
    report = MonthlyReport.objects.get(organisation=organisation)
    assert report.month == "2025-03" and report.recipients == 2
    assert sorted(f.language for f in report.files.all()) == ["en", "nl"]
    assert all(bytes(f.pdf).startswith(b"%PDF") for f in report.files.all())

    by_person = {m.to[0]: m for m in mail.outbox}
    dutch, english = by_person["eigenaar@example.org"], by_person["lead@example.org"]
    assert "maandrapportage" in dutch.subject.lower() and "maart 2025" in dutch.subject
    assert reverse("insights:channel", args=[channel.pk]) + "?month=2025-03" in dutch.body
    assert "Zwembad (Mastodon)" in dutch.body and "Bibliotheek" not in dutch.body
    assert "monthly report for March 2025" in english.subject
    assert dutch.attachments[0][2] == "application/pdf"
    assert english.attachments[0][1].startswith(b"%PDF")


def test_before_the_report_day_and_without_activity_nothing_is_made(organisation, lead):
    make_month(organisation, threads=1)
    assert monthly.make_due_reports(now=datetime(2025, 3, 31, 12, tzinfo=UTC)) == 0  # March
    assert monthly.make_due_reports(now=datetime(2025, 3, 1, 12, tzinfo=UTC)) == 0  # no Feb data
    assert not MonthlyReport.objects.exists() and not mail.outbox


def test_the_reports_page_lists_the_kept_versions_of_this_organisation_only(
    lead_client, organisation, other_organisation, django_assert_max_num_queries
):
    make_month(organisation, threads=1)
    make_month(other_organisation, threads=1)
    monthly.make_monthly_report(organisation, monthly.Month(2025, 3), now=REPORT_DAY, send=False)
    theirs = monthly.make_monthly_report(
        other_organisation, monthly.Month(2025, 3), now=REPORT_DAY, send=False
    )
    with django_assert_max_num_queries(12):
        html = lead_client.get(reverse("insights:reports")).content.decode()
    mine = MonthlyReport.objects.get(organisation=organisation)
    assert "2025-03" in html and "PDF in Dutch" in html
    download = lead_client.get(reverse("insights:report_file", args=[mine.pk, "nl"]))
    assert download["Content-Type"] == "application/pdf" and download.content.startswith(b"%PDF")
    other = lead_client.get(reverse("insights:report_file", args=[theirs.pk, "nl"]))
    assert other.status_code == 404


def test_the_reports_page_reads_in_dutch(client, lead, organisation):
    lead.language = "nl"
    lead.save()
    client.force_login(lead)
    html = client.get(reverse("insights:reports")).content.decode()
    assert "Maandrapportages" in html and "op dag 1" in html


def test_the_command_line_sends_a_past_month_once(organisation, lead):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    make_month(organisation, threads=1)
    out = io.StringIO()
    call_command("insights", "send", "--org", organisation.slug, "--month", "2025-03", stdout=out)
    assert "The report for 2025-03 is kept and was sent to 1 person." in out.getvalue()
    assert len(mail.outbox) == 1
    with pytest.raises(CommandError, match="was already made on") as again:
        call_command("insights", "send", "--org", organisation.slug, "--month", "2025-03")
    assert again.value.returncode == 2 and len(mail.outbox) == 1
    with pytest.raises(CommandError, match="holds nothing from 2025-02"):
        call_command("insights", "send", "--org", organisation.slug, "--month", "2025-02")
    with pytest.raises(CommandError, match="niets uit 2025-02"):
        call_command(
            "insights", "send", "--org", organisation.slug, "--month", "2025-02", "--lang", "nl"
        )

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from govsocial.channels import services
from govsocial.channels.models import Channel, ChannelReport
from govsocial.channels.services import Limits
from govsocial.channels.tests.factories import make_channel, make_member
from govsocial.core.models import AuditEvent, Membership

pytestmark = pytest.mark.django_db


def test_a_request_records_the_business_case_and_the_asker_owns_it(organisation):
    staff = make_member(organisation, "staff")
    channel = services.request_channel(
        organisation,
        staff,
        {
            "platform": "tiktok",
            "name": "Youth work",
            "why_not_corporate": "Young people are not there",
            "hours_per_week": 6,
            "content_plan": "Two videos a week",
            "success_measures": "More visitors",
        },
    )
    assert (
        channel.status == "requested" and channel.owner == staff and channel.requested_by == staff
    )
    event = AuditEvent.objects.get(action="channel.requested", object_id=str(channel.pk))
    assert event.actor == staff and event.organisation == organisation


def test_owner_and_cover_must_be_members_and_different_people(organisation, other_organisation):
    staff = make_member(organisation)
    outsider = make_member(other_organisation)
    with pytest.raises(services.NotAllowed, match="not a member"):
        services.request_channel(
            organisation, staff, {"platform": "x", "name": "A", "cover": outsider}
        )
    with pytest.raises(services.NotAllowed, match="someone other"):
        services.request_channel(
            organisation, staff, {"platform": "x", "name": "A", "owner": staff, "cover": staff}
        )


def test_activation_needs_owner_cover_and_confirmed_custody_and_says_what_is_missing(organisation):
    lead = make_member(organisation, "lead")
    channel = make_channel(organisation, "approved", cover=None, custody=False)
    with pytest.raises(services.NotAllowed) as caught:
        services.transition(channel, lead, "activate")
    problems = " ".join(caught.value.problems)
    assert "no cover person" in problems and "Custody" in problems
    channel.refresh_from_db()
    assert channel.status == "approved"
    with translation.override("nl"):
        with pytest.raises(services.NotAllowed) as caught:
            services.transition(channel, lead, "activate")
    assert "vervanger" in " ".join(caught.value.problems)

    services.update_channel(channel, lead, {"cover": make_member(organisation)})
    services.confirm_custody(
        channel,
        lead,
        credentials_in_password_manager=True,
        credentials_changed_on=date.today(),
        two_factor_enabled=True,
        recovery_address_owned_by_organisation=True,
    )
    channel.refresh_from_db()
    services.transition(channel, lead, "activate", "All set")
    channel.refresh_from_db()
    assert channel.status == "active" and channel.activated_on == timezone.localdate()


def test_a_cover_person_who_left_the_organisation_blocks_reactivation(organisation):
    lead = make_member(organisation, "lead")
    channel = make_channel(organisation, "dormant")
    Membership.objects.filter(person=channel.cover).delete()
    with pytest.raises(services.NotAllowed) as caught:
        services.transition(channel, lead, "activate")
    assert any("no longer a member" in p for p in caught.value.problems)


def test_closing_needs_a_reason_and_rejecting_a_comment(organisation):
    lead = make_member(organisation, "lead")
    channel = make_channel(organisation, "active")
    with pytest.raises(services.NotAllowed, match="reason"):
        services.transition(channel, lead, "close", "  ")
    services.transition(channel, lead, "close", "Project ended")
    channel.refresh_from_db()
    assert channel.status == "closed" and channel.closed_reason == "Project ended"
    request = make_channel(organisation, "requested")
    with pytest.raises(services.NotAllowed, match="comment"):
        services.transition(request, lead, "reject")


def test_closed_and_rejected_are_final(organisation):
    lead = make_member(organisation, "lead")
    for state in ("closed", "rejected"):
        channel = make_channel(organisation, state)
        for action in services.TRANSITIONS:
            with pytest.raises(services.NotAllowed):
                services.transition(channel, lead, action, "why")


def test_an_active_channel_keeps_its_owner_and_cover(organisation):
    lead = make_member(organisation, "lead")
    channel = make_channel(organisation, "active")
    with pytest.raises(services.NotAllowed, match="keeps its owner"):
        services.update_channel(channel, lead, {"cover": None})
    assert services.update_channel(channel, lead, {"name": "Renamed"}) == ["name"]
    assert AuditEvent.objects.get(action="channel.updated").detail["fields"] == ["name"]


def test_custody_stores_facts_never_a_password(organisation):
    field_names = {f.name for f in Channel._meta.get_fields()}
    assert not any("password" in name and "manager" not in name for name in field_names)
    owner = make_member(organisation)
    channel = make_channel(organisation, "active", owner=owner, custody=False)
    with pytest.raises(services.NotAllowed, match="future"):
        services.confirm_custody(
            channel,
            owner,
            credentials_in_password_manager=True,
            credentials_changed_on=date.today() + timedelta(days=2),
            two_factor_enabled=True,
            recovery_address_owned_by_organisation=True,
        )


def test_reports_cannot_be_recorded_twice_or_for_a_month_not_started(organisation):
    owner = make_member(organisation)
    channel = make_channel(organisation, owner=owner)
    today = date(2026, 3, 10)
    services.record_report(channel, owner, date(2026, 2, 1), today=today)
    with pytest.raises(services.NotAllowed, match="already"):
        services.record_report(channel, owner, date(2026, 2, 14), today=today)
    with pytest.raises(services.NotAllowed, match="not started"):
        services.record_report(channel, owner, date(2026, 4, 1), today=today)


# --- health -------------------------------------------------------------------


def test_health_with_default_limits(organisation):
    today = date(2026, 6, 15)
    fine = make_channel(
        organisation,
        credentials_changed_on=today - timedelta(days=180),
        activated_on=date(2026, 1, 1),
        last_activity_on=today - timedelta(days=90),
    )
    ChannelReport.objects.create(
        organisation=organisation, channel=fine, month=date(2026, 5, 1), received_on=today
    )
    stale = make_channel(
        organisation,
        credentials_changed_on=today - timedelta(days=181),
        activated_on=date(2026, 1, 1),
        last_activity_on=today - timedelta(days=91),
    )
    no_cover = make_channel(organisation, cover=None, activated_on=today)
    unsafe = make_channel(organisation, custody=False, activated_on=today)
    report = services.health(organisation, today=today)
    assert not report.limits.from_policy and report.limits.report_day == 1
    assert services.channel_issues(fine, report.limits, today) == []
    issues = {item.channel.pk: set(item.issues) for item in report.channels}
    assert issues[stale.pk] == {"credentials_overdue", "inactive", "report_overdue"}
    assert issues[no_cover.pk] == {"no_cover"}
    assert issues[unsafe.pk] == {"custody_unconfirmed"}


def test_health_with_explicit_limits(organisation):
    today = date(2026, 6, 15)
    channel = make_channel(
        organisation,
        credentials_changed_on=today - timedelta(days=40),
        activated_on=today - timedelta(days=5),
        last_activity_on=today - timedelta(days=20),
    )
    strict = Limits(password_change_days=30, dormant_after_days=14, report_day=20)
    channel.activated_on = today - timedelta(days=60)
    assert {"credentials_overdue", "inactive"} <= set(
        services.channel_issues(channel, strict, today)
    )
    assert not {"credentials_overdue", "inactive"} & set(
        services.channel_issues(channel, Limits(), today)
    )


@pytest.mark.parametrize(
    "today,report_day,received,expected",
    [
        (date(2026, 6, 1), 1, [], ("due", date(2026, 5, 1), date(2026, 6, 1))),
        (date(2026, 6, 2), 1, [], ("overdue", date(2026, 5, 1), date(2026, 6, 1))),
        # Up to date: the status names the next report and when it is due.
        (date(2026, 6, 2), 1, [date(2026, 5, 1)], ("ok", date(2026, 6, 1), date(2026, 7, 1))),
        (
            date(2026, 6, 26),
            1,
            [date(2026, 5, 1), date(2026, 6, 1)],
            ("ok", date(2026, 7, 1), date(2026, 8, 1)),
        ),
        (date(2026, 6, 25), 1, [date(2026, 5, 1)], ("due", date(2026, 6, 1), date(2026, 7, 1))),
        (date(2026, 6, 10), 15, [date(2026, 4, 1)], ("due", date(2026, 5, 1), date(2026, 6, 15))),
        (
            date(2026, 6, 16),
            15,
            [date(2026, 4, 1)],
            ("overdue", date(2026, 5, 1), date(2026, 6, 15)),
        ),
        (date(2026, 1, 3), 1, [], ("overdue", date(2025, 12, 1), date(2026, 1, 1))),
    ],
)
def test_monthly_report_due_and_overdue(organisation, today, report_day, received, expected):
    channel = make_channel(organisation, activated_on=date(2025, 1, 1))
    for month in received:
        ChannelReport.objects.create(
            organisation=organisation, channel=channel, month=month, received_on=today
        )
    status = services.report_status(channel, Limits(report_day=report_day), today)
    assert (status.state, status.month, status.due_on) == expected


def test_no_report_is_owed_for_a_month_before_the_channel_was_active(organisation):
    channel = make_channel(organisation, activated_on=date(2026, 6, 1))
    status = services.report_status(channel, Limits(), date(2026, 6, 3))
    assert (status.state, status.month, status.due_on) == ("ok", date(2026, 6, 1), date(2026, 7, 1))


def test_the_audit_trail_names_changed_fields_in_the_organisations_language(organisation):
    organisation.default_language = "nl"
    organisation.save()
    lead = make_member(organisation, "lead")
    channel = make_channel(organisation, name="Wijkteam")
    services.update_channel(channel, lead, {"hours_per_week": 4, "purpose": "Bewoners helpen"})
    summary = AuditEvent.objects.get(action="channel.updated").summary
    assert "uren per week" in summary.lower() and "doel" in summary.lower()
    assert "hours_per_week" not in summary


def test_limits_come_from_the_published_policy(organisation):
    from govsocial.policies import services as policies

    lead = make_member(organisation, "lead")
    answers = policies.example_answers()
    answers.update(password_change_days=60, dormant_after_days=30, report_day=15)
    version = policies.generate_draft(organisation, lead, answers)
    policies.approve(version, lead)
    limits = services.limits_for(organisation)
    assert limits == Limits(
        password_change_days=60, dormant_after_days=30, report_day=15, from_policy=True
    )
    today = timezone.localdate()
    channel = make_channel(
        organisation,
        credentials_changed_on=today - timedelta(days=61),
        last_activity_on=today - timedelta(days=31),
        activated_on=today - timedelta(days=31),
    )
    issues = services.health(organisation).channels[0].issues
    assert channel.pk == services.health(organisation).channels[0].channel.pk
    assert {"credentials_overdue", "inactive"} <= set(issues)


def test_register_summary_contract(organisation, other_organisation):
    assert services.register_summary(organisation) == {
        "total": 0,
        "active": 0,
        "dormant": 0,
        "without_cover": 0,
        "custody_unconfirmed": 0,
        "has_register": False,
    }
    make_channel(organisation)
    make_channel(organisation, cover=None)
    make_channel(organisation, "dormant", custody=False)
    make_channel(organisation, "requested", cover=None, custody=False)
    make_channel(other_organisation, cover=None)
    assert services.register_summary(organisation) == {
        "total": 4,
        "active": 2,
        "dormant": 1,
        "without_cover": 1,
        "custody_unconfirmed": 1,
        "has_register": True,
    }


def test_the_dashboard_shows_the_register_and_my_channels(lead_client, organisation, lead):
    make_channel(organisation, owner=lead, cover=None, name="Our Facebook page")
    make_channel(organisation, "requested")
    page = lead_client.get("/").content.decode()
    assert "2 channels in the register: 1 active, 0 dormant." in page
    assert "Our Facebook page" in page and "No cover" in page
    assert "Requests waiting for your decision: 1" in page


def test_the_requester_sees_the_outcome_of_their_request_on_the_dashboard(
    staff_client, organisation, staff
):
    lead = make_member(organisation, "lead")
    waiting = make_channel(organisation, "requested", name="Youth TikTok", requested_by=staff)
    refused = make_channel(organisation, "requested", name="Snapchat", requested_by=staff)
    services.transition(refused, lead, "reject", "No staff for it after the summer.")
    make_channel(organisation, "requested", name="Someone else's idea")
    page = staff_client.get("/").content.decode()
    assert "Your requests:" in page
    assert f"Youth TikTok</a>: {waiting.get_status_display()}" in page
    assert "Snapchat</a>: Rejected" in page
    assert "Someone else&#x27;s idea" not in page and "Someone else's idea" not in page

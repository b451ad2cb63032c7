from datetime import date, timedelta

import pytest
from django.core import mail

from govsocial.channels import services
from govsocial.channels.models import ReminderSent
from govsocial.channels.tasks import send_channel_reminders
from govsocial.channels.tests.factories import make_channel, make_member
from govsocial.core import schedule

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 2)


@pytest.fixture
def owners(organisation):
    dutch = make_member(
        organisation, language="nl", username="anouk", first_name="Anouk", last_name="Peters"
    )
    english = make_member(
        organisation, language="en", username="oliver", first_name="Oliver", last_name="Grant"
    )
    # Anouk: last month's report is overdue and the credentials are old.
    make_channel(
        organisation,
        owner=dutch,
        name="Wijkteam Zuid",
        activated_on=date(2025, 1, 1),
        last_activity_on=TODAY,
        credentials_changed_on=TODAY - timedelta(days=400),
    )
    # Oliver: custody never confirmed.
    make_channel(
        organisation,
        owner=english,
        name="Library",
        custody=False,
        activated_on=TODAY,
        last_activity_on=TODAY,
    )
    # A healthy channel sends nothing.
    healthy = make_channel(organisation, name="Healthy", activated_on=TODAY, last_activity_on=TODAY)
    return dutch, english, healthy


def test_owners_get_one_email_in_their_own_language(settings, owners):
    settings.GOVSOCIAL_SITE_URL = "https://govsocial.example.org"
    dutch, english, healthy = owners
    assert services.send_reminders(TODAY) == 2
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {dutch.email, english.email}
    nl = by_person[dutch.email]
    assert "Beste Anouk Peters" in nl.body
    assert "Wijkteam Zuid" in nl.body
    # Dates as a Dutch reader writes them, not as a database stores them.
    assert "mei 2026" in nl.body and "1 juni 2026" in nl.body  # the overdue report
    assert "2026-06-01" not in nl.body
    assert "wachtwoord" in nl.body.lower() or "inloggegevens" in nl.body.lower()
    assert "https://govsocial.example.org/channels/" in nl.body
    en = by_person[english.email]
    assert en.subject == "GovSocial: one thing to do for your social media channels"
    assert "Custody is not confirmed" in en.body and "Library" in en.body
    assert "mei" not in en.body
    assert healthy.owner.email not in by_person


def test_the_same_reminder_comes_once_a_week_not_every_hour_or_day(owners):
    services.send_reminders(TODAY)
    sent = len(mail.outbox)
    assert services.send_reminders(TODAY) == 0
    assert len(mail.outbox) == sent
    assert ReminderSent.objects.filter(sent_on=TODAY).count() == 3
    # The task runs every hour; owners are not nagged daily about the same thing ...
    for days in range(1, services.REMIND_AGAIN_AFTER_DAYS):
        assert services.send_reminders(TODAY + timedelta(days=days)) == 0
    assert len(mail.outbox) == sent
    # ... but a week later, while it is still open, the reminder comes again.
    assert services.send_reminders(TODAY + timedelta(days=services.REMIND_AGAIN_AFTER_DAYS)) == 2


def test_a_missing_cover_is_reminded_and_the_cover_stands_in_for_a_departed_owner(organisation):
    owner = make_member(organisation, username="sam", first_name="Sam", last_name="Owner")
    make_channel(
        organisation,
        owner=owner,
        cover=None,
        name="No deputy",
        activated_on=TODAY,
        last_activity_on=TODAY,
    )
    cover = make_member(organisation, language="nl", first_name="Noor", last_name="Mulder")
    orphan = make_channel(
        organisation, cover=cover, name="Orphan", activated_on=TODAY, last_activity_on=TODAY
    )
    orphan.owner.memberships.all().delete()  # the owner has left the organisation
    assert services.send_reminders(TODAY) == 2
    by_person = {m.to[0]: m for m in mail.outbox}
    assert "There is no cover person" in by_person[owner.email].body
    dutch = by_person[cover.email].body
    assert "Orphan" in dutch and "Beste Noor Mulder" in dutch and "hoofdbeheerder" in dutch
    assert orphan.owner.email not in by_person


def test_links_in_the_email_use_the_configured_site_address(settings, owners):
    settings.SITE_URL = "https://social.gemeente.example"
    settings.GOVSOCIAL_SITE_URL = ""
    services.send_reminders(TODAY)
    assert all("https://social.gemeente.example/channels/" in m.body for m in mail.outbox)


def test_a_new_problem_the_same_day_is_still_sent(organisation, owners):
    dutch, english, _healthy = owners
    services.send_reminders(TODAY)
    make_channel(
        organisation,
        owner=english,
        name="Second",
        cover=None,
        custody=False,
        activated_on=TODAY,
        last_activity_on=TODAY,
    )
    mail.outbox.clear()
    assert services.send_reminders(TODAY) == 1
    assert "Second" in mail.outbox[0].body and "Library" not in mail.outbox[0].body


def test_the_task_runs_the_reminders_and_is_scheduled(owners):
    assert any(p.task is send_channel_reminders for p in schedule.PERIODIC)
    assert send_channel_reminders.call(TODAY.isoformat()) == 2
    assert len(mail.outbox) == 2


def test_the_task_is_queued_in_the_database(owners):
    from django_tasks_db.models import DBTaskResult

    result = send_channel_reminders.enqueue(TODAY.isoformat())
    assert DBTaskResult.objects.filter(id=result.id).exists()

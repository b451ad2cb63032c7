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
    assert "2026-05" in nl.body and "2026-06-01" in nl.body  # the overdue report
    assert "wachtwoord" in nl.body.lower() or "inloggegevens" in nl.body.lower()
    assert "https://govsocial.example.org/channels/" in nl.body
    en = by_person[english.email]
    assert en.subject == "GovSocial: one thing to do for your social media channels"
    assert "Custody is not confirmed" in en.body and "Library" in en.body
    assert healthy.owner.email not in by_person


def test_the_same_reminder_is_not_sent_twice_the_same_day(owners):
    services.send_reminders(TODAY)
    sent = len(mail.outbox)
    assert services.send_reminders(TODAY) == 0
    assert len(mail.outbox) == sent
    assert ReminderSent.objects.filter(sent_on=TODAY).count() == 3
    # The next day the reminders come again.
    assert services.send_reminders(TODAY + timedelta(days=1)) == 2


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

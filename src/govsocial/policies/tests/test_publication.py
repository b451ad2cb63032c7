"""Publishing: the confirmation page, sending a draft for adoption, and the members'
e-mail in their own language with what changed and the link to acknowledge."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from govsocial.core.models import AuditEvent
from govsocial.core.tests.factories import make_person
from govsocial.policies.tests.factories import make_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def revision(organisation, lead):
    """Version 1 (a 4-hour promise) in force, draft 2 (2 hours) waiting."""
    make_version(organisation, lead, publish=True, response_time="4 hours")
    return make_version(organisation, lead, response_time="2 hours", adopted_by="the board")


def test_the_confirmation_shows_what_will_be_published(lead_client, revision):
    html = lead_client.get(reverse("policies:approve", args=[revision.pk])).content.decode()
    assert "Publish version 2?" in html and "(replaces version 1)" in html
    assert "What changed since version 1" in html
    assert "Was: 4 hours. Now: 2 hours." in html
    assert "Send for adoption to the board" in html
    adoption = html.split("The adoption block, as it will read")[1].split("</table>")[0]
    assert "The board" in adoption and ">2<" in adoption  # adopted by, version
    revision.refresh_from_db()
    assert revision.status == "draft"


def test_only_a_lead_confirms_or_sends(client, organisation, revision):
    for role in ("editor", "staff"):
        client.force_login(make_person(organisation, role=role))
        assert client.get(reverse("policies:approve", args=[revision.pk])).status_code == 403
        url = reverse("policies:send_for_adoption", args=[revision.pk])
        assert client.post(url, {"address": "board@example.nl"}).status_code == 403
    assert not mail.outbox


@pytest.mark.parametrize(
    ("language", "subject", "body"),
    [
        ("en", "For adoption: social media policy of Example Council, draft 2", "for adoption"),
        ("nl", "Ter vaststelling: socialemediabeleid van Gemeente Voorbeeld, concept 2", "vast"),
    ],
)
def test_sending_for_adoption_mails_the_pdf_in_the_organisations_language(
    lead_client, organisation, revision, language, subject, body
):
    organisation.default_language = language
    organisation.save()
    url = reverse("policies:send_for_adoption", args=[revision.pk])
    wrong = lead_client.post(url, {"address": "not an address"})
    assert wrong.status_code == 400 and not mail.outbox
    assert 'aria-invalid="true"' in wrong.content.decode()
    assert 'value="not an address"' in wrong.content.decode()  # what was typed stays
    response = lead_client.post(url, {"address": "board@example.nl"}, follow=True)
    assert "was sent for adoption to board@example.nl" in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["board@example.nl"] and message.subject == subject
    assert body in message.body and reverse("policies:version", args=[revision.pk]) in message.body
    [(name, data, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and data.startswith(b"%PDF") and name.endswith(".pdf")
    revision.refresh_from_db()
    assert revision.sent_for_adoption_to == "board@example.nl" and revision.sent_for_adoption_at
    assert revision.status == "draft"  # sending is not publishing
    event = AuditEvent.objects.get(action="policy.sent_for_adoption")
    assert event.detail["to"] == "board@example.nl"
    page = lead_client.get(reverse("policies:approve", args=[revision.pk])).content.decode()
    assert "Sent for adoption on" in page and "board@example.nl" in page


def test_members_are_told_in_their_own_language(lead_client, organisation, lead, revision):
    lead.language = "en"
    lead.save()
    dutch = make_person(organisation, role="staff", language="nl", email="anna@example.nl")
    make_person(organisation, role="staff", email="")  # no address: nobody to mail
    away = make_person(organisation, role="staff", email="gone@example.nl")
    away.is_active = False
    away.save()
    response = lead_client.post(reverse("policies:approve", args=[revision.pk]), {"notify": "yes"})
    assert response["Location"] == reverse("policies:published")
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {lead.email, dutch.email}
    english, nederlands = by_address[lead.email], by_address[dutch.email]
    assert english.subject == "Version 2 of our social media policy is published"
    assert "What changed since version 1:" in english.body
    assert "Was: 4 hours. Now: 2 hours." in english.body
    assert nederlands.subject == "Versie 2 van ons socialemediabeleid is vastgesteld"
    assert "Wat is er veranderd sinds versie 1:" in nederlands.body
    assert "Was: 4 uur. Nu: 2 uur." in nederlands.body
    for message in (english, nederlands):
        assert message.body.strip().endswith(reverse("training:policy"))
    event = AuditEvent.objects.get(action="policy.members_notified")
    assert event.detail["count"] == 2


def test_publishing_without_telling_sends_nothing(lead_client, revision):
    lead_client.post(reverse("policies:approve", args=[revision.pk]), {"notify": "no"})
    revision.refresh_from_db()
    assert revision.status == "published" and not mail.outbox
    assert not AuditEvent.objects.filter(action="policy.members_notified").exists()


def test_the_first_version_says_so(lead_client, organisation, lead):
    first = make_version(organisation, lead)
    lead_client.post(reverse("policies:approve", args=[first.pk]))
    [message] = mail.outbox
    assert "This is the first version of the policy." in message.body


def test_the_command_line_publishes_with_or_without_telling(organisation, lead, revision):
    call_command("policy", "publish", "--org", "example", "--version", "2", "--no-notify")
    revision.refresh_from_db()
    assert revision.status == "published" and not mail.outbox
    third = make_version(organisation, lead, response_time="3 hours")
    call_command("policy", "publish", "--org", "example", "--version", "3", "--notify")
    third.refresh_from_db()
    assert third.status == "published" and [m.to for m in mail.outbox] == [[lead.email]]
    with pytest.raises(CommandError, match="only a draft"):
        call_command("policy", "publish", "--org", "example", "--version", "3")
    with pytest.raises(CommandError, match="no version 9"):
        call_command("policy", "publish", "--org", "example", "--version", "9")


def test_a_failing_mail_server_records_nothing_and_says_so(lead_client, revision, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    url = reverse("policies:send_for_adoption", args=[revision.pk])
    response = lead_client.post(url, {"address": "board@example.nl"})
    assert response.status_code == 400
    assert "could not be sent" in response.content.decode()
    revision.refresh_from_db()
    assert revision.sent_for_adoption_at is None
    assert not AuditEvent.objects.filter(action="policy.sent_for_adoption").exists()

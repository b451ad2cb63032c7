"""The sign-in lockout: per user name and client address, behind a trusted proxy too."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from govsocial.core.client_address import client_address
from govsocial.core.models import AuditEvent, Membership
from govsocial.core.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
ATTACKER = "203.0.113.66"
MEMBER = "198.51.100.7"


@pytest.fixture
def behind_proxy(settings):
    settings.GOVSOCIAL_TRUSTED_PROXIES = ["10.0.0.0/24"]
    return settings


def _sign_in(client, password, forwarded_for=None, remote=PROXY, username="staff"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded_for:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("core:login"), {"username": username, "password": password}, **extra)


def _lock(client, forwarded_for=ATTACKER, remote=PROXY):
    for _ in range(5):
        _sign_in(client, "wrong password", forwarded_for, remote)


def _request(remote, forwarded_for=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


def test_an_attacker_behind_the_proxy_cannot_lock_out_the_member_signing_in_from_elsewhere(
    client, behind_proxy, staff
):
    _lock(client, forwarded_for=ATTACKER)
    assert _sign_in(client, PASSWORD, forwarded_for=ATTACKER).status_code == 429
    client.cookies.clear()
    response = _sign_in(client, PASSWORD, forwarded_for=MEMBER)
    assert response.status_code == 302, "the member's own address is not locked"
    assert response["Location"] == reverse("core:dashboard")


def test_forwarded_for_is_ignored_from_an_untrusted_peer(settings):
    settings.GOVSOCIAL_TRUSTED_PROXIES = []
    assert client_address(_request(PROXY, ATTACKER)) == PROXY
    settings.GOVSOCIAL_TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_address(_request("192.0.2.9", ATTACKER)) == "192.0.2.9"


def test_forwarded_for_is_honoured_from_a_trusted_proxy_reading_from_the_right(settings):
    settings.GOVSOCIAL_TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8::/32"]
    assert client_address(_request(PROXY, MEMBER)) == MEMBER
    # A forged left-most entry does not win over what the trusted proxies appended.
    assert client_address(_request(PROXY, f"1.2.3.4, {MEMBER}, 10.0.0.9")) == MEMBER
    assert client_address(_request(PROXY, f"{MEMBER}:51234")) == MEMBER
    assert client_address(_request("2001:db8::1", "[2001:db8:ffff::]:443, 2a00::1")) == "2a00::1"
    # Nothing usable: the proxy itself is the best we know.
    assert client_address(_request(PROXY, "")) == PROXY
    assert client_address(_request(PROXY, "not-an-address")) == PROXY


def test_a_lockout_from_an_untrusted_peer_counts_its_own_address_not_the_header(client, staff):
    # Without trusted proxies a client cannot dodge the lock by inventing addresses.
    for n in range(5):
        _sign_in(client, "wrong password", forwarded_for=f"192.0.2.{n}", remote=ATTACKER)
    assert _sign_in(client, PASSWORD, forwarded_for=MEMBER, remote=ATTACKER).status_code == 429


def test_tries_during_a_lock_do_not_make_it_longer(client, staff):
    _lock(client, forwarded_for=None, remote=ATTACKER)
    attempt = AccessAttempt.objects.get(username="staff", ip_address=ATTACKER)
    almost_over = timezone.now() - timedelta(minutes=59)
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=almost_over)
    for _ in range(3):
        assert _sign_in(client, "still wrong", remote=ATTACKER).status_code == 429
    assert _sign_in(client, PASSWORD, remote=ATTACKER).status_code == 429
    attempt.refresh_from_db()
    assert attempt.attempt_time == almost_over, "the hour did not start again"
    assert attempt.failures_since_start == 5
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=timezone.now() - timedelta(minutes=61)
    )
    assert _sign_in(client, PASSWORD, remote=ATTACKER).status_code == 302


def test_the_lead_sees_a_locked_member_and_unlocks_them(client, lead, staff):
    _lock(client, forwarded_for=None, remote=ATTACKER)
    client.force_login(lead)
    page = client.get(reverse("core:people")).content.decode()
    assert "Locked after too many failed sign-ins" in page
    assert "Unlock staff" in page
    assert "Unlock lead" not in page
    membership = Membership.objects.get(person=staff)
    response = client.post(reverse("core:unlock", args=[membership.id]), follow=True)
    assert "staff can sign in again." in response.content.decode()
    assert not AccessAttempt.objects.filter(username="staff").exists()
    event = AuditEvent.objects.get(action="member.unlocked")
    assert (event.actor, event.organisation, event.summary) == (
        lead,
        membership.organisation,
        "staff",
    )
    client.logout()
    assert _sign_in(client, PASSWORD, remote=ATTACKER).status_code == 302


def test_the_unlock_button_is_in_dutch_for_a_dutch_lead(client, lead, staff):
    _lock(client, forwarded_for=None, remote=ATTACKER)
    lead.language = "nl"
    lead.save()
    client.force_login(lead)
    page = client.get(reverse("core:people")).content.decode()
    assert "Geblokkeerd na te veel mislukte inlogpogingen" in page
    assert "Ontgrendel staff" in page


def test_only_a_lead_unlocks_and_only_by_post(client, lead, staff, editor):
    _lock(client, forwarded_for=None, remote=ATTACKER)
    membership = Membership.objects.get(person=staff)
    url = reverse("core:unlock", args=[membership.id])
    client.force_login(editor)
    assert client.post(url).status_code == 403
    client.force_login(lead)
    assert client.get(url).status_code == 405
    assert AccessAttempt.objects.filter(username="staff").exists()


def test_unlocking_needs_the_csrf_token(lead, staff):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(lead)
    membership = Membership.objects.get(person=staff)
    assert csrf_client.post(reverse("core:unlock", args=[membership.id])).status_code == 403

"""Two-factor sign-in: setting up an authenticator app with a QR code and recovery
codes, signing in with a code, the lockout counting wrong codes with wrong
passwords, the organisation's requirement for leads (and the host), and the audit trail."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from govsocial.core.models import AuditEvent
from govsocial.core.tests.factories import PASSWORD, totp_code, with_two_factor

pytestmark = pytest.mark.django_db


def _password(client, username="staff", password=PASSWORD):
    return client.post(reverse("core:login"), {"username": username, "password": password})


def _code(client, code):
    return client.post(reverse("core:sign_in_code"), {"code": code})


@pytest.fixture
def no_waiting(settings):
    """django-otp makes a second try wait a second after a wrong code; not in these tests."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def test_setting_up_shows_a_qr_code_of_our_own_and_ten_recovery_codes(
    client, staff, organisation, no_waiting
):
    client.force_login(staff)
    url = reverse("core:two_factor")
    assert "Set up two-factor sign-in" in client.get(url).content.decode()
    assert client.get(reverse("core:two_factor_qr")).status_code == 404
    client.post(url, {"action": "start"})
    page = client.get(url).content.decode()
    secret = page.split('id="two-factor-secret">', 1)[1].split("<", 1)[0]
    qr = client.get(reverse("core:two_factor_qr"))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    assert f'src="{reverse("core:two_factor_qr")}"' in page

    response = client.post(url, {"action": "confirm", "code": "000000"})
    assert "This code is not right" in response.content.decode()
    response = client.post(url, {"action": "confirm", "code": totp_code(secret)})
    page = response.content.decode()
    assert "Your recovery codes" in page
    assert StaticToken.objects.filter(device__user=staff).count() == 10
    for token in StaticToken.objects.filter(device__user=staff):
        assert token.token in page
    assert TOTPDevice.objects.get(user=staff).confirmed
    event = AuditEvent.objects.get(organisation=organisation, action="two_factor.set_up")
    assert event.actor == staff
    # The codes are shown once: the page afterwards only counts them.
    page = client.get(url).content.decode()
    assert "You have 10 recovery codes left" in page
    assert token.token not in page


def test_after_the_password_the_code_signs_in(client, staff):
    device, _codes = with_two_factor(staff)
    response = _password(client)
    assert response.status_code == 302 and response["Location"] == reverse("core:sign_in_code")
    assert "_auth_user_id" not in client.session, "not signed in before the code"
    assert client.get(reverse("core:dashboard")).status_code == 302
    response = _code(client, totp_code(device.bin_key, steps_ahead=1))
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert client.session["otp_device_id"] == device.persistent_id
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_a_wrong_code_counts_as_a_failed_sign_in_and_the_lockout_applies(client, staff, no_waiting):
    device, _codes = with_two_factor(staff)
    _password(client)
    response = _code(client, "123456")
    assert "This code is not right" in response.content.decode()
    attempt = AccessAttempt.objects.get(username="staff")
    assert attempt.failures_since_start == 1
    assert "123456" not in attempt.post_data
    failed = AuditEvent.objects.filter(action="sign_in.failed", detail__username="staff")
    assert failed.count() == 1
    for _ in range(4):
        _code(client, "654321")
    response = _code(client, totp_code(device.bin_key, steps_ahead=1))
    assert response.status_code == 429, "locked: even the right code is refused"
    assert "_auth_user_id" not in client.session
    client.cookies.clear()
    assert _password(client).status_code == 429, "and the password step too"


def test_after_wrong_codes_in_a_row_the_person_is_told_to_wait(client, staff):
    device, _codes = with_two_factor(staff)
    _password(client)
    _code(client, "123456")
    response = _code(client, totp_code(device.bin_key, steps_ahead=1))
    assert "Too many wrong codes in a row: wait" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_and_wrong_codes_count_together(client, staff, no_waiting):
    device, _codes = with_two_factor(staff)
    for _ in range(3):
        _password(client, password="wrong password")
    _password(client)
    _code(client, "111111")
    _code(client, "222222")
    assert _code(client, totp_code(device.bin_key, steps_ahead=1)).status_code == 429


def test_a_recovery_code_signs_in_once_and_is_in_the_trail(client, staff, organisation):
    _device, codes = with_two_factor(staff)
    _password(client)
    response = _code(client, codes[0].upper())
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
    used = AuditEvent.objects.get(organisation=organisation, action="two_factor.recovery_code_used")
    assert used.detail["left"] == 9
    client.post(reverse("core:logout"))
    _password(client)
    assert "This code is not right" in _code(client, codes[0]).content.decode()


def test_the_half_way_sign_in_expires(client, staff, monkeypatch):
    device, _codes = with_two_factor(staff)
    _password(client)
    from govsocial.core import sign_in_flow

    monkeypatch.setattr(sign_in_flow, "PENDING_SECONDS", -1)
    response = _code(client, totp_code(device.bin_key, steps_ahead=1))
    assert response.status_code == 302 and response["Location"] == reverse("core:login")
    assert "_auth_user_id" not in client.session


def test_removing_needs_a_code_and_is_in_the_trail(client, staff, organisation, no_waiting):
    device, _codes = with_two_factor(staff)
    client.force_login(staff)
    url = reverse("core:two_factor")
    client.post(url, {"action": "remove", "code": "000000"})
    assert TOTPDevice.objects.filter(user=staff).exists()
    client.post(url, {"action": "remove", "code": totp_code(device.bin_key, steps_ahead=1)})
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not StaticToken.objects.filter(device__user=staff).exists()
    removed = AuditEvent.objects.get(organisation=organisation, action="two_factor.removed")
    assert removed.detail["by"] == "self"


def test_new_recovery_codes_replace_the_old(client, staff, organisation):
    device, codes = with_two_factor(staff)
    client.force_login(staff)
    response = client.post(
        reverse("core:two_factor"),
        {"action": "renew", "code": totp_code(device.bin_key, steps_ahead=1)},
    )
    assert "Your recovery codes" in response.content.decode()
    assert not StaticToken.objects.filter(token=codes[1]).exists()
    assert AuditEvent.objects.filter(action="two_factor.recovery_codes_renewed").exists()


def test_a_lead_switches_off_a_members_second_factor(lead_client, staff, organisation):
    from govsocial.core.models import Membership

    with_two_factor(staff)
    membership = Membership.objects.get(person=staff)
    assert (
        "Switch off two-factor sign-in for staff"
        in lead_client.get(reverse("core:people")).content.decode()
    )
    response = lead_client.post(reverse("core:remove_member_two_factor", args=[membership.id]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()
    removed = AuditEvent.objects.get(action="two_factor.removed")
    assert removed.detail["by"] == "lead" and removed.object_id == str(staff.pk)


def test_staff_cannot_switch_off_someone_elses_second_factor(staff_client, lead):
    from govsocial.core.models import Membership

    with_two_factor(lead)
    membership = Membership.objects.get(person=lead)
    response = staff_client.post(reverse("core:remove_member_two_factor", args=[membership.id]))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=lead).exists()


# -- the organisation's requirement ------------------------------------------------


def test_a_lead_requires_it_and_leads_must_set_it_up(client, lead, staff, organisation):
    client.force_login(lead)
    response = client.post(reverse("core:organisation_two_factor"), {"two_factor_required": "on"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.two_factor_required
    assert AuditEvent.objects.filter(
        action="organisation.updated", summary__contains="two_factor_required"
    ).exists()
    # The lead (this session gave no code) now sees only the set-up page.
    response = client.get(reverse("core:people"))
    assert response.status_code == 302 and response["Location"] == reverse("core:two_factor")
    assert "requires two-factor sign-in" in client.get(reverse("core:two_factor")).content.decode()
    # Staff are not asked.
    client.force_login(staff)
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_a_required_lead_who_set_it_up_gives_the_code(client, lead, organisation):
    organisation.two_factor_required = True
    organisation.save()
    device, _codes = with_two_factor(lead)
    client.force_login(lead)  # a session from before: no code given in it
    response = client.get(reverse("core:dashboard"))
    assert response["Location"] == reverse("core:sign_in_code")
    client.post(reverse("core:sign_in_code"), {"code": totp_code(device.bin_key, steps_ahead=1)})
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_setting_it_up_lets_a_required_lead_in(client, lead, organisation):
    organisation.two_factor_required = True
    organisation.save()
    _password(client, "lead")
    assert client.get(reverse("core:dashboard"))["Location"] == reverse("core:two_factor")
    client.post(reverse("core:two_factor"), {"action": "start"})
    device = TOTPDevice.objects.get(user=lead)
    client.post(
        reverse("core:two_factor"), {"action": "confirm", "code": totp_code(device.bin_key)}
    )
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_the_host_when_the_installation_says_so(client, settings, lead):
    lead.is_host = True
    lead.save()
    client.force_login(lead)
    assert client.get(reverse("core:host")).status_code == 200
    settings.GOVSOCIAL_HOST_TWO_FACTOR = True
    assert client.get(reverse("core:host"))["Location"] == reverse("core:two_factor")


def test_the_command_line_switches_it_off_in_the_persons_language(staff, other_lead, capsys):
    from django.core.management import CommandError, call_command

    with_two_factor(staff)
    call_command("member", "two-factor-off", "--org", "example", "--username", "staff")
    assert "signs in without a second factor" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert AuditEvent.objects.get(action="two_factor.removed").detail["by"] == "command_line"
    with pytest.raises(CommandError) as error:
        call_command(
            "member",
            "--lang",
            "nl",
            "two-factor-off",
            "--org",
            "example",
            "--username",
            "otherlead",
        )
    assert error.value.returncode == 2 and "is geen lid van example" in str(error.value)


def test_a_removed_members_second_factor_and_provider_link_go(lead, staff, organisation):
    from govsocial.core import services
    from govsocial.core.models import Membership

    with_two_factor(staff)
    services.remove_member(Membership.objects.get(person=staff), None, lead)
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not StaticToken.objects.filter(device__user=staff).exists()


def test_the_personal_data_export_tells_about_two_factor_sign_in(lead_client, staff):
    from govsocial.core.models import Membership

    with_two_factor(staff)
    membership = Membership.objects.get(person=staff)
    data = lead_client.get(reverse("core:export_member", args=[membership.id])).json()
    part = data["apps"]["core"]["two_factor_sign_in"]
    assert part == {"authenticator_app": True, "recovery_codes_left": 10}

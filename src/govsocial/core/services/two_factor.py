"""Two-factor sign-in (django-otp): an authenticator app (TOTP) and recovery codes.

A person sets it up on "Your account": the app reads a QR code, its first code
confirms it, and ten recovery codes (django-otp's static device, each used once)
are shown once. Setting up, removing, renewing and using a recovery code are
written to the audit trail of every organisation the person belongs to.
"""

from __future__ import annotations

from base64 import b32encode

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import Membership, Person
from .audit import record_event

RECOVERY_CODES = 10
APP_DEVICE = "authenticator app"
RECOVERY_DEVICE = "recovery codes"


def has_two_factor(person: Person) -> bool:
    return TOTPDevice.objects.filter(user=person, confirmed=True).exists()


def people_with_two_factor(people: list[Person]) -> set[int]:
    """Of these people, the ids of those who use two-factor sign-in (one query)."""
    return set(
        TOTPDevice.objects.filter(user__in=people, confirmed=True).values_list("user_id", flat=True)
    )


def required(person: Person, membership: Membership | None) -> bool:
    """Whether this person, acting in this membership, must use a second factor:
    a lead (or the host) where the organisation says so; the host always where
    the installation says so (GOVSOCIAL_HOST_TWO_FACTOR)."""
    if person.is_host and settings.GOVSOCIAL_HOST_TWO_FACTOR:
        return True
    if membership is None or not membership.organisation.two_factor_required:
        return False
    return membership.role == Membership.Role.LEAD or person.is_host


def _record(person: Person, actor: Person | None, action: str, summary: str, **detail) -> None:
    memberships = list(Membership.objects.filter(person=person).select_related("organisation"))
    for membership in memberships:
        record_event(membership.organisation, actor, action, person, summary, **detail)
    if not memberships:  # the host without an organisation: the installation's trail
        record_event(None, actor, action, person, summary, **detail)


# -- setting up ------------------------------------------------------------------


@transaction.atomic
def start_set_up(person: Person) -> TOTPDevice:
    """A new, unconfirmed app for this person; an earlier unconfirmed one is dropped."""
    TOTPDevice.objects.filter(user=person, confirmed=False).delete()
    return TOTPDevice.objects.create(user=person, name=APP_DEVICE, confirmed=False)


def unconfirmed_app(person: Person) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=person, confirmed=False).order_by("-id").first()


def secret(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed: base32, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_code_svg(device: TOTPDevice) -> bytes:
    """The otpauth:// address as a QR code."""
    from ..qr import qr_svg

    return qr_svg(device.config_url)


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _new_recovery_codes(person: Person) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=person, name=RECOVERY_DEVICE)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


@transaction.atomic
def confirm_set_up(person: Person, code: str) -> list[str] | None:
    """Confirm the new app with its first code: the recovery codes, or None if wrong."""
    device = TOTPDevice.objects.select_for_update().filter(user=person, confirmed=False).last()
    if device is None or not device.verify_token(_normalise(code)):
        return None
    TOTPDevice.objects.filter(user=person, confirmed=True).delete()
    device.confirmed = True
    device.save()
    codes = _new_recovery_codes(person)
    _record(person, person, "two_factor.set_up", person.username)
    return codes


def app_device(person: Person) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=person, confirmed=True).first()


@transaction.atomic
def renew_recovery_codes(person: Person) -> list[str]:
    codes = _new_recovery_codes(person)
    _record(person, person, "two_factor.recovery_codes_renewed", person.username)
    return codes


def recovery_codes_left(person: Person) -> int:
    return StaticToken.objects.filter(device__user=person).count()


@transaction.atomic
def remove(person: Person, actor: Person | None) -> bool:
    """End two-factor sign-in for the person: by themselves, or by a lead for a
    member who lost their phone and recovery codes."""
    removed, _ = TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    if removed:
        by_self = actor is not None and actor.pk == person.pk
        _record(
            person,
            actor,
            "two_factor.removed",
            person.username,
            by="self" if by_self else ("lead" if actor is not None else "command_line"),
        )
    return bool(removed)


# -- signing in ------------------------------------------------------------------


def wait_seconds(person: Person) -> int:
    """How long django-otp still refuses codes after several wrong ones in a row
    (it doubles the wait with each), 0 if it does not."""
    from django.utils import timezone

    longest = 0
    for device in TOTPDevice.objects.filter(user=person):
        allowed, data = device.verify_is_allowed()
        until = (data or {}).get("locked_until")
        if not allowed and until is not None:
            longest = max(longest, int((until - timezone.now()).total_seconds()) + 1)
    return longest


def verify(person: Person, code: str) -> Device | None:
    """The device that accepts this code (the app's code or a recovery code, used
    up), or None. django-otp throttles each device after failures, and refuses
    an app code that was used before."""
    code = _normalise(code)
    if not code:
        return None
    # An app's code is digits, a recovery code letters too: each is tried only on its
    # own kind of device, so a recovery code does not count as a wrong app code.
    kind = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(person, for_verify=True):
            if isinstance(device, kind) and device.verify_token(code):
                break
        else:
            return None
    if isinstance(device, StaticDevice):
        left = recovery_codes_left(person)
        _record(
            person,
            person,
            "two_factor.recovery_code_used",
            f"{person.username}: {left} left",
            left=left,
        )
    return device

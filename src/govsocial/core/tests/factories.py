"""Test factories for organisations, people and memberships."""

import itertools

from govsocial.core.models import Membership, Organisation, Person

_counter = itertools.count(1)
PASSWORD = "correct horse battery staple 42"


def make_organisation(slug: str | None = None, **fields) -> Organisation:
    n = next(_counter)
    slug = slug or f"org-{n}"
    defaults = {
        "name_en": f"Council {n}",
        "name_nl": f"Gemeente {n}",
        "kind": Organisation.Kind.MUNICIPALITY,
        "country": "NL",
        "default_language": "nl",
    }
    defaults.update(fields)
    return Organisation.objects.create(slug=slug, **defaults)


def make_person(organisation: Organisation | None = None, role: str = "staff", **fields) -> Person:
    n = next(_counter)
    username = fields.pop("username", f"person{n}")
    person = Person.objects.create_user(
        username=username,
        password=fields.pop("password", PASSWORD),
        email=fields.pop("email", f"{username}@example.org"),
        first_name=fields.pop("first_name", "Alex"),
        last_name=fields.pop("last_name", f"Person {n}"),
        language=fields.pop("language", "en"),
        **fields,
    )
    if organisation is not None:
        Membership.objects.create(person=person, organisation=organisation, role=role)
    return person


def make_invitation(organisation: Organisation, email: str = "", role: str = "staff", **fields):
    """An open invitation and its token (as the e-mailed link carries it)."""
    from datetime import timedelta

    from django.utils import timezone

    from govsocial.core.models import Invitation
    from govsocial.core.services.invitations import token_hash

    token = f"token-{next(_counter)}-for-tests"
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email or f"invitee{next(_counter)}@example.org",
        role=role,
        language=fields.pop("language", "en"),
        token_hash=token_hash(token),
        expires_at=fields.pop("expires_at", timezone.now() + timedelta(days=7)),
        **fields,
    )
    return invitation, token


def scoping_urls(organisation: Organisation) -> list[str]:
    """Core's URLs that name an object of the organisation."""
    from django.urls import reverse

    member = make_person(organisation, role="staff")
    membership = Membership.objects.get(person=member, organisation=organisation)
    invitation, _token = make_invitation(organisation)
    return [
        reverse("core:change_role", args=[membership.id]),
        reverse("core:unlock", args=[membership.id]),
        reverse("core:remove_member", args=[membership.id]),
        reverse("core:export_member", args=[membership.id]),
        reverse("core:remove_member_two_factor", args=[membership.id]),
        reverse("core:revoke_invitation", args=[invitation.id]),
        # The host's pages: for anyone else, 403 whatever the organisation.
        reverse("core:host_edit", args=[organisation.id]),
        reverse("core:host_invite", args=[organisation.id]),
        reverse("core:host_disable", args=[organisation.id]),
        reverse("core:host_enable", args=[organisation.id]),
        reverse("core:host_delete", args=[organisation.id]),
    ]


# A secret token, not an id: whoever holds the link may use it, signed in or not.
# start_step_done names a step of the path (1-5), not an object.
public_url_names = {"core:invitation", "core:password_reset_confirm", "core:start_step_done"}


def totp_code(key: bytes | str, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for `key` (bytes, or base32 as shown on
    the set-up page), `steps_ahead` 30-second steps from now. django-otp accepts
    each step once, so a second sign-in in the same half minute uses the next one."""
    import time
    from base64 import b32decode

    from django_otp.oath import TOTP

    if isinstance(key, str):
        text = "".join(key.split()).upper()
        key = b32decode(text + "=" * (-len(text) % 8))
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def with_two_factor(person) -> tuple[object, list[str]]:
    """Set up two-factor sign-in for `person` as the account page does: the app and its codes."""
    from govsocial.core.services import two_factor

    device = two_factor.start_set_up(person)
    codes = two_factor.confirm_set_up(person, totp_code(device.bin_key))
    assert codes is not None
    device.refresh_from_db()
    return device, codes

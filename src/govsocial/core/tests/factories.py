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
        reverse("core:revoke_invitation", args=[invitation.id]),
        # The host's pages: for anyone else, 403 whatever the organisation.
        reverse("core:host_edit", args=[organisation.id]),
        reverse("core:host_invite", args=[organisation.id]),
        reverse("core:host_disable", args=[organisation.id]),
        reverse("core:host_enable", args=[organisation.id]),
        reverse("core:host_delete", args=[organisation.id]),
    ]


# A secret token, not an id: whoever holds the link may use it, signed in or not.
public_url_names = {"core:invitation", "core:password_reset_confirm"}

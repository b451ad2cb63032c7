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


def scoping_urls(organisation: Organisation) -> list[str]:
    """Core's URLs that name an object of the organisation."""
    from django.urls import reverse

    member = make_person(organisation, role="staff")
    membership = Membership.objects.get(person=member, organisation=organisation)
    return [
        reverse("core:change_role", args=[membership.id]),
        reverse("core:unlock", args=[membership.id]),
    ]

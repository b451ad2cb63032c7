"""Organisations as the installation's host sees them: create, rename, disable, delete."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import hooks
from ..errors import GovSocialError
from ..models import (
    COUNTRIES,
    AuditEvent,
    Invitation,
    Membership,
    Organisation,
    Person,
    SignInPurge,
)
from .audit import record_event
from .members import email_in_use, generate_password, sign_in_retention


class OrganisationError(GovSocialError, ValueError):
    """Bad details for an organisation; the message is in the person's language."""


EDITABLE = ("name_en", "name_nl", "kind", "country", "size_band", "default_language", "audience")


def update_organisation(
    organisation: Organisation, actor: Person | None, **fields: Any
) -> Organisation:
    """Save new details; `fields` holds every editable field's new value."""
    stored = Organisation.objects.get(pk=organisation.pk)
    changed = sorted(k for k, v in fields.items() if getattr(stored, k) != v)
    for key, value in fields.items():
        setattr(organisation, key, value)
    if changed:
        organisation.save()
        record_event(organisation, actor, "organisation.updated", organisation, ", ".join(changed))
        if actor is not None and actor.is_host and not _is_member(actor, organisation):
            record_event(
                None,
                actor,
                "organisation.updated",
                organisation,
                f"{organisation.slug}: {', '.join(changed)}",
                slug=organisation.slug,
            )
    return organisation


def _is_member(person: Person, organisation: Organisation) -> bool:
    return Membership.objects.filter(person=person, organisation=organisation).exists()


def check_details(slug: str, language: str, country: str, kind: str) -> None:
    """Refuse what the command line can get wrong (the web form checks the same)."""
    try:
        validate_slug(slug)
    except ValidationError:
        raise OrganisationError(
            _("“%(slug)s” is no valid short name: use letters, digits, - and _ only.")
            % {"slug": slug}
        ) from None
    if Organisation.objects.filter(slug__iexact=slug).exists():
        raise OrganisationError(_("There is already an organisation “%(slug)s”.") % {"slug": slug})
    choices = {
        _("language"): (language, [code for code, _name in settings.LANGUAGES]),
        _("country"): (country, [code for code, _name in COUNTRIES]),
        _("kind"): (kind, list(Organisation.Kind.values)),
    }
    for name, (value, allowed) in choices.items():
        if value not in allowed:
            raise OrganisationError(
                _("Unknown %(what)s “%(value)s”; choose one of: %(allowed)s.")
                % {"what": name, "value": value, "allowed": ", ".join(allowed)}
            )


@transaction.atomic
def create_organisation(
    slug: str,
    name_en: str,
    name_nl: str = "",
    *,
    actor: Person | None = None,
    language: str = "nl",
    country: str = "NL",
    kind: str = Organisation.Kind.MUNICIPALITY,
    **fields: Any,
) -> Organisation:
    check_details(slug, language, country, kind)
    if not name_en.strip():
        raise OrganisationError(_("The organisation needs a name."))
    organisation = Organisation.objects.create(
        slug=slug,
        name_en=name_en.strip(),
        name_nl=(name_nl or name_en).strip(),
        default_language=language,
        country=country,
        kind=kind,
        **fields,
    )
    record_event(None, actor, "organisation.created", organisation, slug, slug=slug)
    record_event(organisation, actor, "organisation.created", organisation, slug)
    return organisation


@transaction.atomic
def disable_organisation(
    organisation: Organisation, reason: str, actor: Person | None
) -> Organisation:
    """Its members can no longer sign in; the sign-in page tells them `reason`."""
    organisation.disabled_at = timezone.now()
    organisation.disabled_reason = reason.strip()[:300]
    organisation.save(update_fields=["disabled_at", "disabled_reason"])
    for where in (None, organisation):
        record_event(
            where, actor, "organisation.disabled", organisation, organisation.slug, reason=reason
        )
    return organisation


@transaction.atomic
def enable_organisation(organisation: Organisation, actor: Person | None) -> Organisation:
    organisation.disabled_at = None
    organisation.disabled_reason = ""
    organisation.save(update_fields=["disabled_at", "disabled_reason"])
    for where in (None, organisation):
        record_event(where, actor, "organisation.enabled", organisation, organisation.slug)
    return organisation


def organisation_usage(organisations: QuerySet[Organisation]) -> dict[Any, dict[int, int]]:
    """Core's part of the usage per organisation (registered in apps.py)."""
    return {
        gettext_lazy("Members"): hooks.count_by_organisation(
            Membership.objects.filter(organisation__in=organisations)
        ),
        gettext_lazy("Open invitations"): hooks.count_by_organisation(
            Invitation.objects.filter(
                organisation__in=organisations,
                accepted_at__isnull=True,
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
        ),
        gettext_lazy("Audit trail events"): hooks.count_by_organisation(
            AuditEvent.objects.filter(organisation__in=organisations)
        ),
    }


def _leaving_people(organisation: Organisation) -> QuerySet[Person]:
    """Members whose account goes with the organisation: no other membership, not a host."""
    member_ids = Membership.objects.filter(organisation=organisation).values("person_id")
    return (
        Person.objects.filter(pk__in=member_ids, is_host=False)
        .annotate(organisations=Count("memberships"))
        .filter(organisations=1)
    )


@dataclass(frozen=True)
class DeletionPreview:
    usage: list[hooks.UsageLine]
    accounts_deleted: int
    accounts_kept: int


def deletion_preview(organisation: Organisation) -> DeletionPreview:
    usage = hooks.organisation_usage(Organisation.objects.filter(pk=organisation.pk))
    members = Membership.objects.filter(organisation=organisation).count()
    leaving = _leaving_people(organisation).count()
    return DeletionPreview(
        usage=usage[organisation.pk], accounts_deleted=leaving, accounts_kept=members - leaving
    )


@transaction.atomic
def delete_organisation(organisation: Organisation, actor: Person | None) -> DeletionPreview:
    """Delete the organisation, all its data, and the accounts of people in no other one."""
    preview = deletion_preview(organisation)
    leaving = list(_leaving_people(organisation).values_list("pk", "username"))
    record_event(
        None,
        actor,
        "organisation.deleted",
        organisation,
        organisation.slug,
        slug=organisation.slug,
        name=organisation.name_en,
        usage={line.key: line.count for line in preview.usage},
        accounts_deleted=len(leaving),
    )
    organisation.delete()
    Person.objects.filter(pk__in=[pk for pk, _username in leaving]).delete()
    purge_after = timezone.now() + sign_in_retention()
    SignInPurge.objects.bulk_create(
        [SignInPurge(username=username, purge_after=purge_after) for _pk, username in leaving]
    )
    return preview


class HostError(GovSocialError, ValueError):
    """The host account cannot be made; the message says why."""


@transaction.atomic
def add_host(username: str, email: str = "", actor: Person | None = None) -> tuple[Person, str]:
    """A new host account with a generated password (returned, to be shown once)."""
    if not re.fullmatch(r"[\w.@+-]{1,150}", username):
        raise HostError(
            _("“%(user)s” is no valid user name: letters, digits and @ . + - _ only.")
            % {"user": username}
        )
    if Person.objects.filter(username__iexact=username).exists():
        raise HostError(_("The user name %(user)s is already taken.") % {"user": username})
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise HostError(
                _("“%(email)s” is no valid e-mail address.") % {"email": email}
            ) from None
        if email_in_use(email):
            raise HostError(_("Another account already has this e-mail address."))
    password = generate_password()
    host = Person.objects.create_user(username=username, email=email, password=password)
    host.is_host = True
    host.save(update_fields=["is_host"])
    record_event(None, actor, "host.added", host, username)
    return host, password

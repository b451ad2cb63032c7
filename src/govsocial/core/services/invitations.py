"""Invitations by e-mail: a link that works once, for seven days.

The link carries a random token; the database keeps only its SHA-256, so a copy
of the database lets nobody join. The e-mail is written in the invitee's
language, chosen by the lead (the organisation's language by default).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..errors import GovSocialError
from ..models import Invitation, Membership, Organisation, Person
from .audit import record_event
from .members import email_in_use

INVITATION_DAYS = 7


class InvitationError(GovSocialError, ValueError):
    """The invitation cannot be sent or used; the message says why."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(site_url: str, token: str) -> str:
    return site_url.rstrip("/") + reverse("core:invitation", args=[token])


def open_invitations(organisation: Organisation):
    return Invitation.objects.filter(
        organisation=organisation,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("invited_by")


@transaction.atomic
def invite(
    organisation: Organisation,
    email: str,
    role: str,
    language: str,
    actor: Person | None,
    site_url: str,
) -> tuple[Invitation, str]:
    """Send an invitation; an earlier open one to the same address is revoked."""
    email = email.strip()
    if Membership.objects.filter(organisation=organisation, person__email__iexact=email).exists():
        raise InvitationError(
            _("%(email)s is already a member of this organisation.") % {"email": email}
        )
    now = timezone.now()
    open_invitations(organisation).filter(email__iexact=email).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        language=language,
        token_hash=token_hash(token),
        invited_by=actor,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    record_event(organisation, actor, "member.invited", invitation, f"{email} ({role})", role=role)
    _send(invitation, invitation_link(site_url, token))
    return invitation, token


def _send(invitation: Invitation, link: str) -> None:
    with translation.override(invitation.language):
        context = {
            "organisation": invitation.organisation.name(invitation.language),
            "inviter": invitation.invited_by.display_name() if invitation.invited_by else "",
            "role": invitation.get_role_display(),
            "link": link,
            "days": INVITATION_DAYS,
        }
        subject = render_to_string("core/email/invitation_subject.txt", context).strip()
        body = render_to_string("core/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


@transaction.atomic
def revoke(invitation: Invitation, actor: Person | None) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record_event(
        invitation.organisation, actor, "member.invitation_revoked", invitation, invitation.email
    )


@dataclass(frozen=True)
class Found:
    """An invitation looked up by its token, with why it cannot be used (or "")."""

    invitation: Invitation | None
    problem: str  # "", "unknown", "expired", "used", "revoked"

    @property
    def usable(self) -> bool:
        return self.invitation is not None and not self.problem


def find(token: str, *, lock: bool = False) -> Found:
    invitations = Invitation.objects.select_related("organisation", "invited_by")
    if lock:
        # PostgreSQL refuses FOR UPDATE on the nullable side of the join.
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token_hash=token_hash(token)).first()
    if invitation is None:
        return Found(None, "unknown")
    if invitation.accepted_at is not None:
        return Found(invitation, "used")
    if invitation.revoked_at is not None:
        return Found(invitation, "revoked")
    if invitation.expires_at <= timezone.now() or invitation.organisation.is_disabled:
        return Found(invitation, "expired")
    return Found(invitation, "")


def _usable(token: str) -> Invitation:
    found = find(token, lock=True)
    if not found.usable or found.invitation is None:
        raise InvitationError(_("This invitation can no longer be used."))
    return found.invitation


def _accepted(invitation: Invitation, person: Person, **detail) -> Membership:
    membership = Membership.objects.create(
        person=person, organisation=invitation.organisation, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = person
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record_event(
        invitation.organisation,
        person,
        "member.joined",
        membership,
        f"{person.username} ({invitation.role})",
        invitation=invitation.pk,
        **detail,
    )
    return membership


def accept_for_single_sign_on(invitation: Invitation, person: Person) -> Membership:
    """A new member's first sign-in through the organisation's provider takes up
    the open invitation to their address, with the role the lead chose."""
    return _accepted(invitation, person, via="sso")


@transaction.atomic
def accept_with_new_account(
    token: str, *, username: str, password: str, first_name: str = "", last_name: str = ""
) -> Membership:
    """The invitee's new account, with the invited address and language; used once."""
    invitation = _usable(token)
    if Person.objects.filter(username__iexact=username).exists():
        raise InvitationError(
            _("This user name cannot be used. Choose another one, for example with initials.")
        )
    if email_in_use(invitation.email):
        raise InvitationError(
            _("There is already an account with this e-mail address: sign in to accept.")
        )
    person = Person.objects.create_user(
        username=username,
        email=invitation.email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        language=invitation.language,
    )
    return _accepted(invitation, person)


@transaction.atomic
def accept_with_account(token: str, person: Person) -> Membership:
    """A person who already signs in (a member elsewhere) joins with their account."""
    invitation = _usable(token)
    if Membership.objects.filter(person=person, organisation=invitation.organisation).exists():
        raise InvitationError(_("You are already a member of this organisation."))
    return _accepted(invitation, person)

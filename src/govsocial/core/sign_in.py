"""Sign-ins in the audit trail: who signed in, and failed tries, with the address.

A failed try is written to the trail of every organisation the person whose
user name or e-mail address was typed belongs to, with the user name as typed and the client's
address, never the password. A try for a user name nobody has is not written
there: an audit event belongs to an organisation, and that try has none
(django-axes still keeps it, with the address, for the lockout).
"""

from django.contrib.auth.signals import user_logged_in, user_login_failed

from .backends import person_for
from .client_address import client_address
from .models import Membership, Person
from .services import record_event


def _address(request) -> str:
    return client_address(request) if request is not None else ""


def _memberships(person_filter: dict) -> list[Membership]:
    return list(
        Membership.objects.filter(**person_filter).select_related("organisation", "person")[:20]
    )


def signed_in(sender, request, user, **kwargs) -> None:
    address = _address(request)
    for membership in _memberships({"person": user}):
        record_event(
            membership.organisation,
            user,
            "sign_in.succeeded",
            user,
            f"{user.get_username()} ({address or '—'})",
            username=user.get_username(),
            address=address,
        )


def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    typed = str(credentials.get(Person.USERNAME_FIELD) or "")[:150]
    if not typed:
        return
    address = _address(request)
    locked = bool(getattr(request, "axes_locked_out", False))
    person = person_for(typed)  # by user name or e-mail address, as the sign-in does
    if person is None:
        return
    for membership in _memberships({"person": person}):
        record_event(
            membership.organisation,
            None,
            "sign_in.failed",
            membership.person,
            f"{typed} ({address or '—'})" + (" — locked" if locked else ""),
            username=typed,
            address=address,
            locked_out=locked,
        )


def connect() -> None:
    user_logged_in.connect(signed_in, dispatch_uid="govsocial.core.sign_in.signed_in")
    user_login_failed.connect(sign_in_failed, dispatch_uid="govsocial.core.sign_in.failed")

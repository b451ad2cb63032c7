"""Sign in with a user name or an e-mail address.

django-axes counts failed sign-ins per user name: `lockout_username` gives it
the account's own user name whichever way it was typed ("Jan", "jan",
"JAN@Example.org"), so writing one account differently does not earn more
tries. AxesStandaloneBackend stays first in AUTHENTICATION_BACKENDS: it refuses
a locked-out person before any password is checked.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from .models import Person


def person_for(identifier: str | None) -> Person | None:
    """The one account whose user name (in any case) or e-mail address this is."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    by_name = list(Person.objects.filter(username__iexact=identifier)[:2])
    if len(by_name) > 1:  # names from before they were unique in any case
        by_name = [p for p in by_name if p.username == identifier]
    if by_name:
        return by_name[0]
    if "@" in identifier:
        by_email = list(Person.objects.filter(email__iexact=identifier)[:2])
        if len(by_email) == 1:
            return by_email[0]
    return None


def lockout_username(request: Any, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the user name attempts are counted under."""
    if credentials is not None:
        typed = credentials.get(Person.USERNAME_FIELD)
    else:
        typed = getattr(request, "POST", {}).get(Person.USERNAME_FIELD)
    person = person_for(typed)
    if person is not None:
        return person.get_username()
    return str(typed or "").strip().lower()


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(Person.USERNAME_FIELD)
        if username is None or password is None:
            return None
        person = person_for(username)
        if person is None:
            # As long as a wrong password takes: the time tells nothing about who exists.
            Person().set_password(password)
            return None
        if person.check_password(password) and self.user_can_authenticate(person):
            return person
        return None

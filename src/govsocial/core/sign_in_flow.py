"""The last step of every sign-in: straight in, or first the second factor.

Someone who set up two-factor sign-in is not signed in after their password (or
their organisation's provider, unless the organisation trusts it for that): the
session only remembers, for a few minutes, who is half-way, and the code page
finishes the sign-in. A wrong code there counts with django-axes as a failed
sign-in of that account, so the lockout covers both steps together.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib import auth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from .middleware import SESSION_ORGANISATION
from .models import Person
from .services import two_factor

PENDING = "govsocial_pending_sign_in"
# How the session was signed in strongly without a code: "sso" (a trusted provider).
STRONG = "govsocial_strong_sign_in"
# The organisation whose provider signed this session in.
SSO_ORGANISATION = "govsocial_sso_organisation"
PENDING_SECONDS = 300


def safe_next(request: HttpRequest, next_url: str | None) -> str:
    if next_url and url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, request.is_secure()
    ):
        return next_url
    return "/"


def finish_sign_in(
    request: HttpRequest,
    person: Person,
    *,
    backend: str,
    next_url: str,
    organisation_id: int | None = None,
    strong: bool = False,
) -> HttpResponse:
    """Sign the person in, or send them to the code page first."""
    if not strong and two_factor.has_two_factor(person):
        request.session[PENDING] = {
            "person": person.pk,
            "backend": backend,
            "organisation": organisation_id,
            "next": next_url,
            "since": time.time(),
        }
        return redirect("core:sign_in_code")
    complete(request, person, backend, organisation_id, strong=strong)
    return redirect(next_url)


def complete(
    request: HttpRequest,
    person: Person,
    backend: str,
    organisation_id: int | None,
    *,
    strong: bool = False,
) -> None:
    auth.login(request, person, backend=backend)
    if organisation_id:
        request.session[SESSION_ORGANISATION] = organisation_id
        request.session[SSO_ORGANISATION] = organisation_id
    if strong:
        request.session[STRONG] = "sso"


def pending(request: HttpRequest) -> tuple[Person, dict[str, Any]] | None:
    """Who is half-way through signing in, while the few minutes last."""
    state = request.session.get(PENDING)
    if not isinstance(state, dict):
        return None
    if time.time() - float(state.get("since", 0)) > PENDING_SECONDS:
        del request.session[PENDING]
        return None
    person = Person.objects.filter(pk=state.get("person"), is_active=True).first()
    if person is None:
        return None
    return person, state


def strong_session(request: HttpRequest) -> bool:
    return bool(request.session.get(STRONG))

"""Organisation scoping. Every lookup of organisation data goes through here.

Like zulip's access_*_by_id helpers: a lookup takes the person's organisation
and raises Http404 for anything that is not that organisation's, so another
organisation's ids reveal nothing, not even that they exist.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest

from .models import Membership, Organisation

M = TypeVar("M", bound=models.Model)


def scoped(
    model_or_queryset: type[M] | models.QuerySet[M], organisation: Organisation
) -> models.QuerySet[M]:
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, models.QuerySet)
        else model_or_queryset._default_manager.all()
    )
    return queryset.filter(organisation=organisation)


def get_for_org(
    model_or_queryset: type[M] | models.QuerySet[M], organisation: Organisation, **lookup: Any
) -> M:
    """The one object of `organisation` matching `lookup`, or Http404."""
    try:
        return scoped(model_or_queryset, organisation).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Not found") from exc


def membership_for(person: Any, organisation_id: int | None = None) -> Membership | None:
    if not getattr(person, "is_authenticated", False):
        return None
    memberships = Membership.objects.select_related("organisation").filter(
        person=person, organisation__disabled_at__isnull=True
    )
    if organisation_id:
        chosen = memberships.filter(organisation_id=organisation_id).first()
        if chosen:
            return chosen
    return memberships.order_by("created_at", "id").first()


def require_role(request: HttpRequest, *roles: str) -> Membership:
    membership = getattr(request, "membership", None)
    if membership is None:
        raise PermissionDenied
    if roles and membership.role not in roles:
        raise PermissionDenied
    return membership


def member_required(*roles: str) -> Callable:
    """A view for signed-in members of an organisation, optionally of given roles."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require_role(request, *roles)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def disabled_membership(person: Any) -> Membership | None:
    """A membership of a disabled organisation, for a person who has no other way in."""
    if not getattr(person, "is_authenticated", False) or person.is_host:
        return None
    memberships = Membership.objects.select_related("organisation").filter(person=person)
    if memberships.filter(organisation__disabled_at__isnull=True).exists():
        return None
    return memberships.filter(organisation__disabled_at__isnull=False).first()


def host_required(view: Callable) -> Callable:
    """A view for the installation's host (Person.is_host), above every organisation."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_host:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


LEAD = Membership.Role.LEAD
EDITOR = Membership.Role.EDITOR
STAFF = Membership.Role.STAFF


class UnknownOrganisation(LookupError):
    """No organisation has this slug."""

    def __init__(self, slug: str):
        self.slug = slug
        super().__init__(slug)


def organisation_by_slug(slug: str) -> Organisation:
    """The organisation with `slug`, for the command line (which has no signed-in person)."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise UnknownOrganisation(slug)
    return organisation

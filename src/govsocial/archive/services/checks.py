"""`verify` from the browser: a check requested on the page, run by the worker."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from govsocial.core.access import scoped
from govsocial.core.models import Organisation, Person

from ..models import ChainCheck
from .chain import verify

MAX_PROBLEMS = 100


def request_check(organisation: Organisation, person: Person | None) -> ChainCheck:
    check = ChainCheck.objects.create(
        organisation=organisation,
        requested_by=person if person is not None and person.pk else None,
    )
    from ..tasks import verify_archive

    transaction.on_commit(lambda: verify_archive.enqueue(check.pk))
    return check


def run_check(check_id: int) -> bool:
    check = ChainCheck.objects.select_related("organisation").get(pk=check_id)
    result = verify(check.organisation)
    check.ok, check.channels, check.records = result.ok, result.channels, result.records
    check.problems = [p.__dict__ for p in result.problems[:MAX_PROBLEMS]]
    check.checked_at = timezone.now()
    check.save()
    return result.ok


def last_checks(organisation: Organisation) -> tuple[ChainCheck | None, ChainCheck | None]:
    """The latest finished check, and a newer one still waiting for the worker."""
    checks = scoped(ChainCheck, organisation).order_by("-requested_at", "-pk")
    done = checks.filter(checked_at__isnull=False).first()
    waiting = checks.filter(checked_at__isnull=True)
    if done is not None:
        waiting = waiting.filter(requested_at__gte=done.requested_at)
    return done, waiting.first()

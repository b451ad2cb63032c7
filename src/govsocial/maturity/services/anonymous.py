"""Anonymous tests: how many one client may start, and forgetting the ones left unfinished.

Anyone may start a test without an account, so one address may start only so
many an hour (GOVSOCIAL_ANONYMOUS_ASSESSMENTS_PER_HOUR). The address itself is
never stored: an assessment keeps a keyed hash of it, and only for a day.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.crypto import salted_hmac

from govsocial.core.errors import GovSocialError

from ..models import Assessment

DEFAULT_PER_HOUR = 20
WINDOW = timedelta(hours=1)
# Unfinished tests untouched this long are deleted; finished ones keep their result link.
PRUNE_AFTER = timedelta(days=30)
# The hash only serves the hourly limit; after a day it is blanked.
FORGET_CLIENT_AFTER = timedelta(days=1)


class TooManyAnonymousAssessments(GovSocialError):
    """This client started the hourly maximum of anonymous tests."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"too many anonymous assessments; retry after {retry_after} s")


def per_hour() -> int:
    """The hourly limit per client; 0 or less turns it off."""
    return int(getattr(settings, "GOVSOCIAL_ANONYMOUS_ASSESSMENTS_PER_HOUR", DEFAULT_PER_HOUR))


def client_hash(address: str) -> str:
    """A keyed hash of the client's address. An IPv6 client usually holds a whole /64,
    so that network counts as one client."""
    text = (address or "").strip()
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        key = text[:100]
    else:
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        key = str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
    digest = salted_hmac("govsocial.maturity.anonymous-client", key, algorithm="sha256")
    return digest.hexdigest()[:32]


def check_allowance(client: str, now: datetime | None = None) -> None:
    """TooManyAnonymousAssessments when `client` started the hourly maximum already.

    Two requests at the very same moment may both pass: the limit is a brake, not a count.
    """
    limit = per_hour()
    if limit <= 0:
        return
    now = now or timezone.now()
    recent = Assessment.objects.filter(
        organisation__isnull=True, client_hash=client, created_at__gte=now - WINDOW
    ).aggregate(count=Count("id"), oldest=Min("created_at"))
    if recent["count"] >= limit:
        wait = recent["oldest"] + WINDOW - now
        raise TooManyAnonymousAssessments(retry_after=max(1, int(wait.total_seconds()) + 1))


def prune_anonymous_assessments(now: datetime | None = None) -> int:
    """Delete unfinished anonymous tests nobody touched for 30 days; forget client
    hashes older than a day. Returns how many tests were deleted."""
    now = now or timezone.now()
    cutoff = now - PRUNE_AFTER
    stale = Assessment.objects.filter(
        organisation__isnull=True,
        status=Assessment.Status.IN_PROGRESS,
        created_at__lt=cutoff,
    ).exclude(responses__updated_at__gte=cutoff)
    _total, per_model = stale.delete()
    Assessment.objects.filter(created_at__lt=now - FORGET_CLIENT_AFTER).exclude(
        client_hash=""
    ).update(client_hash="")
    return per_model.get(Assessment._meta.label, 0)

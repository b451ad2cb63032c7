"""What the register tells the rest of the site: its counts and the dashboard panel."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from govsocial.core.models import Membership, Organisation, Person

from ..models import CUSTODY_CONFIRMED, Channel
from .health import Health, assess, load_register
from .limits import limits_for
from .rules import LEAD, LIVE, S, is_owner

# A person sees their own decided requests for this long, so they learn the outcome.
RECENT_DECISION_DAYS = 30


def register_summary(organisation: Organisation) -> dict[str, Any]:
    """Cross-app contract (facts "channels"): counts of the register, in one query.

    Cover and custody count live channels, as the health check does.
    """
    cover_is_member = Exists(
        Membership.objects.filter(organisation=organisation, person=OuterRef("cover_id"))
    )
    live = Q(status__in=LIVE)
    counts = (
        Channel.objects.filter(organisation=organisation)
        .annotate(cover_is_member=cover_is_member)
        .aggregate(
            total=Count("pk"),
            active=Count("pk", filter=Q(status=S.ACTIVE)),
            dormant=Count("pk", filter=Q(status=S.DORMANT)),
            without_cover=Count("pk", filter=live & Q(cover_is_member=False)),
            custody_unconfirmed=Count("pk", filter=live & ~CUSTODY_CONFIRMED),
        )
    )
    return {**counts, "has_register": counts["total"] > 0}


def _summary_of(channels: list[Channel], report: Health) -> dict[str, Any]:
    """register_summary's counts from a register already loaded (and checked)."""
    statuses = [c.status for c in channels]
    return {
        "total": len(statuses),
        "active": statuses.count(S.ACTIVE),
        "dormant": statuses.count(S.DORMANT),
        "without_cover": len(report.without_cover),
        "custody_unconfirmed": len(report.custody_unconfirmed),
        "has_register": bool(statuses),
    }


def dashboard_panel(organisation: Organisation, person: Person, role: str) -> dict[str, Any] | None:
    """Two queries, whatever the size of the register: the policy's limits, the channels."""
    today = timezone.localdate()
    limits = limits_for(organisation)
    register = load_register(organisation, limits, today, finished=True)
    report = assess(register, limits, today)
    mine = [c for c in report.channels if c.issues and is_owner(person, c.channel)]
    # The person's own requests: waiting, or decided lately.
    recent = timezone.now() - timedelta(days=RECENT_DECISION_DAYS)
    my_requests = sorted(
        (
            c
            for c in register.channels
            if c.requested_by_id == person.pk
            and (
                c.status == S.REQUESTED
                or (
                    c.status in (S.APPROVED, S.REJECTED)
                    and c.decided_at is not None
                    and c.decided_at >= recent
                )
            )
        ),
        key=lambda c: c.created_at,
        reverse=True,
    )[:5]
    summary = _summary_of(register.channels, report)
    panel = {
        "title": _("Channels"),
        "template": "channels/_dashboard_panel.html",
        "summary": summary,
        "issue_count": report.issue_count,
        "mine": mine,
        "my_requests": my_requests,
        "requests": len(report.requested) if role == LEAD else 0,
    }
    if role == LEAD:
        panel["steps"] = [_step(summary, report.issue_count)]
    return panel


def _step(summary: dict[str, Any], issue_count: int) -> dict[str, Any]:
    """Step 3 of the dashboard's "start here" path: a register without open issues."""
    if not summary["has_register"]:
        return {
            "number": 3,
            "done": False,
            "detail": _("No account is in the register yet."),
            "action": _("Register an account"),
            "url": reverse("channels:request"),
        }
    detail = ngettext(
        "%(count)s point in the register needs attention.",
        "%(count)s points in the register need attention.",
        issue_count,
    ) % {"count": issue_count}
    return {
        "number": 3,
        "done": issue_count == 0,
        "detail": detail if issue_count else "",
        "action": _("Go through the register"),
        "url": reverse("channels:governance"),
    }

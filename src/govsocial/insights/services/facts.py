"""Facts "insights" for other apps (the maturity contradictions, reports): the
last complete month measured against the policy, per channel and in total,
each figure with the channel and month it comes from."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from govsocial.core.models import Organisation

from .measures import Measures
from .month import Month, organisation_month, this_month
from .responses import Responses
from .staffed import zone_for


def _figures(measures: Measures, responses: Responses, hours_per_day: float) -> dict[str, Any]:
    median = responses.median_staffed_hours
    return {
        "posts": measures.posts,
        "replies": measures.replies,
        "comments_received": measures.comments_received,
        "broadcast_share": measures.broadcast_share,  # 0–100, None without output
        "questions": responses.asked,
        "answered": len(responses.answered),
        "median_staffed_hours": median,
        "median_working_days": median / hours_per_day if median is not None else None,
        "within_promise_share": responses.within_share,  # 0–100, None when nothing was due
        "unanswered_past_promise": len(responses.overdue),
    }


def insights_facts(
    organisation: Organisation, month: Month | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """The last complete month (or `month`): e.g. promised 1 working day, median 3.2, 41 % within."""
    month = month or this_month(zone_for(organisation.country)).previous()
    found = organisation_month(organisation, month, now=now or timezone.now())
    per_day = found.terms.hours_per_day if not found.terms.around_the_clock else 24.0
    return {
        "month": month.slug,
        "has_policy": found.has_policy,
        "promise": found.terms.promise_text,
        "promise_staffed_hours": found.terms.promise_hours,
        **_figures(found.measures, found.responses, per_day),
        "channels": {
            c.channel_id: {"name": c.label, **_figures(c.measures, c.responses, per_day)}
            for c in found.channels
        },
    }

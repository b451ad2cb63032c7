"""Training's panel on the dashboard: two queries whatever the numbers of
members, confirmations, quiz attempts or policy versions."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from govsocial.core.models import Membership, Organisation, Person

from .. import policy
from ..models import Acknowledgement, ElectionPeriod


def _count(queryset: QuerySet) -> Coalesce:
    """COUNT(*) of `queryset` as a scalar subquery, to read alongside other figures."""
    counted = queryset.order_by().values("organisation").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1]), Value(0), output_field=IntegerField())


def dashboard_panel(organisation: Organisation, person: Person, role: str) -> dict | None:
    published = policy.published(organisation)  # query 1
    today = timezone.localdate()
    current_period = ElectionPeriod.objects.filter(
        organisation=organisation, starts_on__lte=today, ends_on__gte=today
    ).order_by("-starts_on", "id")
    figures: dict[str, Any] = {"election_period": Subquery(current_period.values("name")[:1])}
    is_lead = role == Membership.Role.LEAD
    if published is not None:
        acks = Acknowledgement.objects.filter(
            organisation=organisation, version_id=str(published.version_id)
        )
        figures["acknowledged_by_me"] = Exists(acks.filter(person=person))
        if is_lead:
            members = Membership.objects.filter(organisation=organisation)
            figures["members"] = _count(members)
            figures["acknowledged"] = _count(members.filter(person__in=acks.values("person")))
    # query 2: every figure as a subquery of one row
    row: dict[str, Any] = dict(
        Organisation.objects.filter(pk=organisation.pk).values(**figures).get()
    )
    panel: dict[str, Any] = {
        "title": _("Training"),
        "template": "training/_dashboard_panel.html",
        "version": published,
        "needs_acknowledgement": published is not None and not row["acknowledged_by_me"],
        "election_period": row["election_period"],
    }
    if is_lead and published is not None:
        panel["acknowledged"] = row["acknowledged"]
        panel["members"] = row["members"]
    if is_lead:
        panel["steps"] = [_step(panel)]
    return panel


# A policy is "known" once most members have acknowledged it; a few are always away.
KNOWN_SHARE = 0.8


def _step(panel: dict[str, Any]) -> dict[str, Any]:
    """Step 4 of the dashboard's "start here" path: members acknowledged the policy."""
    if panel["version"] is None:
        return {
            "number": 4,
            "done": False,
            "detail": _("There is no published policy to make known yet."),
            "action": _("Open training"),
            "url": reverse("training:index"),
        }
    members, acknowledged = panel["members"], panel["acknowledged"]
    return {
        "number": 4,
        "done": members > 0 and acknowledged >= KNOWN_SHARE * members,
        "detail": _("%(acknowledged)s of %(members)s members have acknowledged the policy.")
        % {"acknowledged": acknowledged, "members": members},
        "action": _("See who has acknowledged it"),
        "url": reverse("training:acknowledgements"),
    }

"""The policy panel on the dashboard: what is in force, when it is due, what waits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from govsocial.core.models import Membership, Organisation, Person

from ..models import Interview, PolicyVersion
from .published import policy_url

EDIT_ROLES = (Membership.Role.LEAD, Membership.Role.EDITOR)
DUE_SOON_DAYS = 60


def dashboard_panel(organisation: Organisation, person: Person, role: str) -> dict[str, Any] | None:
    """At most two queries, however many versions there are: the published version and the
    newest draft in one, the interview in the other (only editors see the draft and the interview)."""
    can_edit = role in EDIT_ROLES
    in_panel = Q(status=PolicyVersion.Status.PUBLISHED)
    if can_edit:
        newest_draft = (
            PolicyVersion.objects.filter(
                organisation=organisation, status=PolicyVersion.Status.DRAFT
            )
            .order_by("-number")
            .values("pk")[:1]
        )
        in_panel |= Q(pk=Subquery(newest_draft))
    rows = list(PolicyVersion.objects.filter(in_panel, organisation=organisation))
    version = next((v for v in rows if v.status == PolicyVersion.Status.PUBLISHED), None)
    draft = next((v for v in rows if v.status == PolicyVersion.Status.DRAFT), None)
    interview = Interview.objects.filter(organisation=organisation).first() if can_edit else None
    today = timezone.localdate()
    review_due = version.review_due if version else None
    panel: dict[str, Any] = {
        "title": _("Social media policy"),
        "template": "policies/_dashboard_panel.html",
        "version": version,
        "draft": draft,
        "review_due": review_due,
        "overdue": bool(review_due and review_due < today),
        "due_soon": bool(
            review_due and today <= review_due <= today + dt.timedelta(days=DUE_SOON_DAYS)
        ),
        "policy_url": policy_url(organisation),
        "can_edit": can_edit,
        "interview": interview,
    }
    if role == Membership.Role.LEAD:
        panel["steps"] = _steps(version, draft, interview, bool(panel["overdue"]))
    return panel


def _steps(version, draft, interview, overdue: bool) -> list[dict[str, Any]]:
    """This app's part of the dashboard's "start here" path: step 2, and step 5's review."""
    index = reverse("policies:index")
    write: dict[str, Any]
    if version is not None:
        write = {"number": 2, "done": True}
    elif draft is not None:
        write = {
            "number": 2,
            "done": False,
            "detail": _("Draft %(number)s waits for approval.") % {"number": draft.number},
            "action": _("Approve or change the draft"),
            "url": reverse("policies:version", args=[draft.pk]),
        }
    else:
        write = {
            "number": 2,
            "done": False,
            "detail": _("The interview has been started.") if interview else "",
            "action": _("Continue the interview") if interview else _("Start the interview"),
            "url": index,
        }
    steps = [write]
    if version is not None:
        steps.append(
            {
                "number": 5,
                "done": not overdue,
                "detail": _("The review date of the policy has passed.") if overdue else "",
                "action": _("Update the policy"),
                "url": index,
            }
        )
    return steps

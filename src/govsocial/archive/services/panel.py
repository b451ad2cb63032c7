"""The archive's panel on the dashboard: one query, whatever the archive's size
(the dashboard as a whole has a budget of twelve)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from govsocial.core.models import Organisation, Person

from ..models import ImportRun, Item


def _per_organisation(queryset: Any, **aggregate: Any) -> Subquery:
    """A scalar subquery: one aggregate of the rows of the outer organisation."""
    return Subquery(
        queryset.filter(organisation=OuterRef("pk"))
        .values("organisation")
        .annotate(**aggregate)
        .values(*aggregate)[:1]
    )


def dashboard_panel(organisation: Organisation, person: Person, role: str) -> dict[str, Any] | None:
    items = Item.objects.order_by()
    row = (
        Organisation.objects.filter(pk=organisation.pk)
        .annotate(
            archive_items=Coalesce(
                _per_organisation(items, n=Count("pk")), 0, output_field=IntegerField()
            ),
            archive_deleted=Coalesce(
                _per_organisation(items, n=Count("pk", filter=Q(deleted_seen_at__isnull=False))),
                0,
                output_field=IntegerField(),
            ),
            archive_channels=Coalesce(
                _per_organisation(items, n=Count("channel_id", distinct=True)),
                0,
                output_field=IntegerField(),
            ),
            archive_last_capture=_per_organisation(
                ImportRun.objects.exclude(source="destruction").order_by(), last=Max("finished_at")
            ),
        )
        .values("archive_items", "archive_deleted", "archive_channels", "archive_last_capture")
        .get()
    )
    return {
        "title": _("Archive"),
        "template": "archive/_dashboard_panel.html",
        "counts": {
            "items": row["archive_items"],
            "deleted": row["archive_deleted"],
            "channels": row["archive_channels"],
        },
        "last_capture": row["archive_last_capture"],
    }

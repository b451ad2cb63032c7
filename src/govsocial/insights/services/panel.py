"""The insights panel on the dashboard: a link, no queries (the month is
worked out when someone opens it, not on every dashboard view)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from govsocial.core.models import Organisation, Person


def dashboard_panel(organisation: Organisation, person: Person, role: str) -> dict[str, Any]:
    return {"title": _("Insights"), "template": "insights/_dashboard_panel.html"}

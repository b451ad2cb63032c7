"""What each app tells core about its people and organisations' data.

Three kinds in the site registry (`registry.site`), registered in each app's
AppConfig.ready(), so that core never imports an app:

- "organisation_usage": `usage(organisations) -> {label: {organisation_id: count}}`,
  counted in SQL for many organisations at once (the host's list, the page that
  shows what deleting an organisation removes).
- "member_removal": before a member leaves an organisation, `holdings(organisation,
  person)` names what they hold that needs a successor (a channel they own), and
  `hand_over(organisation, person, successor, actor)` passes it on and pseudonymises
  the app's own references to them.
- "personal_data_export": `export(organisation, person) -> JSON-ready mapping`, the
  app's part of one person's data (GDPR art. 15).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import translation
from django.utils.text import slugify

from . import registry

ORGANISATION_USAGE = "organisation_usage"
MEMBER_REMOVAL = "member_removal"
PERSONAL_DATA_EXPORT = "personal_data_export"

Usage = Callable[[QuerySet[Any]], Mapping[Any, Mapping[int, int]]]


@dataclass(frozen=True)
class MemberRemoval:
    holdings: Callable[[Any, Any], Sequence[str]]
    hand_over: Callable[[Any, Any, Any, Any], None]


def register_organisation_usage(app: str, usage: Usage, order: int = 100) -> None:
    registry.site.add(ORGANISATION_USAGE, app, usage, order)


def register_member_removal(
    app: str,
    holdings: Callable[[Any, Any], Sequence[str]],
    hand_over: Callable[[Any, Any, Any, Any], None],
    order: int = 100,
) -> None:
    # Registered by the functions, so a second ready() finds the same entry.
    for entry in registry.site.entries(MEMBER_REMOVAL):
        if entry.app == app and entry.value.hand_over is hand_over:
            return
    registry.site.add(MEMBER_REMOVAL, app, MemberRemoval(holdings, hand_over), order)


def register_personal_data_export(
    app: str, export: Callable[[Any, Any], Mapping[str, Any]], order: int = 100
) -> None:
    registry.site.add(PERSONAL_DATA_EXPORT, app, export, order)


def count_by_organisation(queryset: QuerySet[Any], field: str = "organisation") -> dict[int, int]:
    """{organisation id: rows} in one query, for an app's usage function."""
    rows = queryset.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n")
    return {organisation_id: n for organisation_id, n in rows}


@dataclass(frozen=True)
class UsageLine:
    app: str
    key: str  # from the English label, for JSON: "policy_versions"
    label: str  # in the active language
    count: int


def organisation_usage(organisations: QuerySet[Any]) -> dict[int, list[UsageLine]]:
    """Per organisation id, every app's counts, apps in registration order."""
    ids = list(organisations.values_list("pk", flat=True))
    usage: dict[int, list[UsageLine]] = {pk: [] for pk in ids}
    chosen = organisations.model._default_manager.filter(pk__in=ids)
    for entry in registry.site.entries(ORGANISATION_USAGE):
        for label, counts in entry.value(chosen).items():
            with translation.override("en"):
                key = slugify(str(label)).replace("-", "_")
            for pk in ids:
                usage[pk].append(UsageLine(entry.app, key, str(label), counts.get(pk, 0)))
    return usage


def member_removals() -> list[tuple[str, MemberRemoval]]:
    return [(e.app, e.value) for e in registry.site.entries(MEMBER_REMOVAL)]


def personal_data_exports() -> list[tuple[str, Callable[[Any, Any], Mapping[str, Any]]]]:
    return [(e.app, e.value) for e in registry.site.entries(PERSONAL_DATA_EXPORT)]

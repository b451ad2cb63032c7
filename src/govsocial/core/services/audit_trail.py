"""Reading the audit trail: sentences instead of codes, filters, and the CSV export."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import registry
from ..access import scoped
from ..models import AuditEvent, Membership, Organisation, Person
from .audit import record_event

# Detail values that are a role code: shown as the role's name.
_ROLE_KEYS = frozenset({"role", "old", "new"})
# A spreadsheet would run a cell starting with these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def kind_of(action: str) -> str:
    return action.split(".", 1)[0]


def kind_choices() -> list[tuple[str, str]]:
    """(prefix, label) of every registered kind, by label in the active language."""
    return sorted(
        ((prefix, str(label)) for prefix, label in registry.audit_kinds().items()),
        key=lambda pair: pair[1].casefold(),
    )


def _parameters(event: AuditEvent) -> dict[str, str]:
    roles = dict(Membership.Role.choices)
    parameters = {"summary": event.summary}
    for key, value in (event.detail or {}).items():
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            text = str(value)
            if key in _ROLE_KEYS and text in roles:
                text = str(roles[text]).lower()  # mid-sentence: "as editor"
            parameters[key] = text
    return parameters


def describe(action: str, parameters: dict[str, str]) -> str:
    """The action as a sentence in the active language; the first of its sentences whose
    placeholders the event fills. An unknown code is named, not hidden."""
    sentences = registry.audit_sentences().get(action)
    if sentences is None:
        return _("Other change (%(code)s)") % {"code": action}
    if not isinstance(sentences, (tuple, list)):
        sentences = (sentences,)
    for sentence in sentences:
        try:
            return str(sentence) % parameters
        except (KeyError, ValueError, TypeError):
            continue
    return str(sentences[-1]).split("%(", 1)[0].rstrip(" :") or action


def sentence(event: AuditEvent) -> str:
    return describe(event.action, _parameters(event))


def actor_name(event: AuditEvent) -> str:
    if event.actor is not None:
        return event.actor.display_name()
    if event.actor_pseudonym:
        return _("Former member %(code)s") % {"code": event.actor_pseudonym}
    return "—"


def events(
    organisation: Organisation,
    *,
    person: Person | None = None,
    kind: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """The organisation's trail, newest first, narrowed by who, what kind and when
    (`until` includes its whole day, in the installation's time zone)."""
    found = scoped(AuditEvent, organisation).select_related("actor")
    if person is not None:
        found = found.filter(actor=person)
    if kind:
        found = found.filter(action__startswith=f"{kind}.")
    zone = timezone.get_current_timezone()
    if since is not None:
        found = found.filter(created_at__gte=dt.datetime.combine(since, dt.time.min, zone))
    if until is not None:
        day_after = until + dt.timedelta(days=1)
        found = found.filter(created_at__lt=dt.datetime.combine(day_after, dt.time.min, zone))
    return found.order_by("-created_at", "-id")


def actors(organisation: Organisation) -> list[Person]:
    """The people the trail can be narrowed to: the organisation's members, once each."""
    members = Membership.objects.filter(organisation=organisation).select_related("person")
    return sorted((m.person for m in members), key=lambda p: p.display_name().casefold())


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(found: Iterable[AuditEvent]) -> Iterator[str]:
    """The trail as CSV lines in the active language; formulas neutralised."""
    writer = csv.writer(_Echo())
    yield writer.writerow([_("When"), _("Who"), _("Kind"), _("What"), _("Details"), _("Code")])
    kinds = registry.audit_kinds()
    for event in found:
        kind = kinds.get(kind_of(event.action), kind_of(event.action))
        when = timezone.localtime(event.created_at).isoformat(timespec="seconds")
        row = [when, actor_name(event), str(kind), sentence(event), event.summary, event.action]
        yield writer.writerow([_cell(value) for value in row])


def record_export(
    organisation: Organisation, exporter: Person | None, rows: int, filters: dict[str, Any]
) -> None:
    """Downloading the trail is a personal-data export: it names people and addresses."""
    record_event(
        organisation,
        exporter,
        "audit.exported",
        summary=_("%(rows)s lines") % {"rows": rows},
        rows=rows,
        filters={
            key: value.get_username() if isinstance(value, Person) else str(value)
            for key, value in filters.items()
            if value
        },
    )

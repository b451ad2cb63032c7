"""Reading one cell of an imported spreadsheet: the value, or BadCell with the reason."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from govsocial.core.models import Organisation, Person

from . import services
from .models import Channel

TRUE = {"yes", "y", "ja", "j", "true", "waar", "1", "x"}
FALSE = {"no", "n", "nee", "false", "onwaar", "0", ""}
PLATFORM_ALIASES = {"twitter": "x", "x (twitter)": "x", "whatsapp": "whatsapp_channel"}


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def _parse_date(value: str) -> date:
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


class People:
    """Members of the organisation, by user name and e-mail address (case-insensitive)."""

    def __init__(self, organisation: Organisation):
        self.by_key: dict[str, Person] = {}
        for person in services.members(organisation):
            self.by_key[person.username.casefold()] = person
            if person.email:
                self.by_key.setdefault(person.email.casefold(), person)

    def get(self, value: str) -> Person | None:
        return self.by_key.get(value.strip().casefold())


class BadCell(Exception):
    """One cell's value is not acceptable; the message says why."""


@dataclass
class CellContext:
    today: date
    platforms: dict[str, str]
    statuses: dict[str, str]
    people: People
    url_validator: URLValidator = field(default_factory=lambda: URLValidator(["http", "https"]))
    email_validator: EmailValidator = field(default_factory=EmailValidator)


def _cell_text(key: str, raw: str, ctx: CellContext) -> Any:
    if key == "name" and not raw:
        raise BadCell(_("the name is required."))
    return raw


def _cell_bool(key: str, raw: str, ctx: CellContext) -> Any:
    folded = norm(raw)
    if folded in TRUE:
        return True
    if folded in FALSE:
        return False
    raise BadCell(_("“%(value)s” is not yes or no.") % {"value": raw})


def _cell_date(key: str, raw: str, ctx: CellContext) -> Any:
    if not raw:
        return None
    try:
        parsed = _parse_date(raw)
    except ValueError:
        raise BadCell(
            _("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": raw}
        ) from None
    if parsed > ctx.today:
        raise BadCell(_("%(date)s is in the future.") % {"date": parsed.isoformat()})
    return parsed


def _cell_platform(key: str, raw: str, ctx: CellContext) -> Any:
    if not raw:
        raise BadCell(_("the platform is required."))
    code = ctx.platforms.get(norm(raw))
    if code is None:
        raise BadCell(
            _("“%(value)s” is not a platform we know. Use one of: %(allowed)s.")
            % {"value": raw, "allowed": ", ".join(c for c, _label in Channel.Platform.choices)}
        )
    return code


def _cell_status(key: str, raw: str, ctx: CellContext) -> Any:
    if not raw:
        raise BadCell(_("the status is required."))
    code = ctx.statuses.get(norm(raw))
    if code is None:
        raise BadCell(
            _("“%(value)s” is not a status. Use one of: %(allowed)s.")
            % {"value": raw, "allowed": ", ".join(c for c, _label in Channel.Status.choices)}
        )
    return code


def _cell_person(key: str, raw: str, ctx: CellContext) -> Any:
    if not raw:
        return None
    person = ctx.people.get(raw)
    if person is None:
        raise BadCell(
            _("no member of this organisation has the user name or e-mail address “%(value)s”.")
            % {"value": raw}
        )
    return person


def _cell_url(key: str, raw: str, ctx: CellContext) -> Any:
    if raw:
        try:
            ctx.url_validator(raw)
        except ValidationError:
            raise BadCell(
                _("“%(value)s” is not a web address starting with https:// or http://.")
                % {"value": raw}
            ) from None
    return raw


def _cell_email(key: str, raw: str, ctx: CellContext) -> Any:
    if raw:
        try:
            ctx.email_validator(raw)
        except ValidationError:
            raise BadCell(_("“%(value)s” is not an e-mail address.") % {"value": raw}) from None
    return raw


def _cell_hours(key: str, raw: str, ctx: CellContext) -> Any:
    if not raw:
        return None
    try:
        hours = int(raw)
    except ValueError:
        hours = -1
    if not 0 <= hours <= 168:
        raise BadCell(
            _("“%(value)s” is not a whole number of hours from 0 to 168.") % {"value": raw}
        )
    return hours


CELL_READERS = {
    "text": _cell_text,
    "bool": _cell_bool,
    "date": _cell_date,
    "platform": _cell_platform,
    "status": _cell_status,
    "person": _cell_person,
    "url": _cell_url,
    "email": _cell_email,
    "hours": _cell_hours,
}

"""What a check gives back: the verdict, the reasons behind it and the clause
of the policy each reason cites; and what it knows of the organisation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import pgettext

from govsocial.core.errors import GovSocialError

from .. import content

POST = "post"
CHECK_FIRST = "check_first"
DO_NOT_POST = "do_not_post"

# Severity of a reason: "stop" → do not post as it stands; "check" → check
# first; "advice" and "info" leave the verdict alone.
STOP, CHECK, ADVICE, INFO = "stop", "check", "advice", "info"


@dataclass
class ElectionWindow:
    name: str
    starts_on: date
    ends_on: date


NOT_ALNUM_RE = re.compile(r"[^0-9a-z]+")


def normalise_address(text: str) -> str:
    """Lower case, every run of other characters one space: "Markt 1, 1234AB" → "markt 1 1234ab"."""
    return NOT_ALNUM_RE.sub(" ", text.lower()).strip()


def _phone_key(text: str) -> str:
    """The last nine digits: a number written nationally ("030 286 0000") and
    internationally ("+31 30 286 0000") share them."""
    digits = "".join(c for c in text if c.isdigit())
    return digits[-9:] if len(digits) >= 9 else ""


@dataclass(frozen=True)
class OwnDetails:
    """The organisation's own details, which a post may show (the allow-list)."""

    ibans: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    addresses: tuple[str, ...] = ()
    email_domains: tuple[str, ...] = ()

    @classmethod
    def from_lists(
        cls,
        ibans: Iterable[str] = (),
        phones: Iterable[str] = (),
        addresses: Iterable[str] = (),
        email_domains: Iterable[str] = (),
    ) -> OwnDetails:
        return cls(
            ibans=frozenset("".join(i.split()).upper() for i in ibans if i.strip()),
            phones=frozenset(k for k in map(_phone_key, phones) if k),
            addresses=tuple(a for a in map(normalise_address, addresses) if a),
            email_domains=tuple(d.strip().lstrip("@").lower() for d in email_domains if d.strip()),
        )

    def has(self, kind: str, text: str) -> bool:
        """Whether a piece of personal data (detect.Finding kind and text) or an
        address is the organisation's own."""
        if kind == "iban":
            return "".join(text.split()).upper() in self.ibans
        if kind == "phone":
            return bool(_phone_key(text)) and _phone_key(text) in self.phones
        if kind == "email":
            domain = text.strip().rpartition("@")[2].lower()
            return any(domain == d or domain.endswith("." + d) for d in self.email_domains)
        if kind in ("home_address", "exact_address") and self.addresses:
            found = normalise_address(text)
            return bool(found) and any(f" {found} " in f" {own} " for own in self.addresses)
        return False


@dataclass
class OrganisationContext:
    """What the checker knows of an organisation (built by services.context_for)."""

    country: str = ""
    default_language: str = "en"
    check_officers: str = ""
    policy_version: int | None = None  # number of the published version
    clauses: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # id → (title, text)
    election_periods: list[ElectionWindow] = field(default_factory=list)
    today: date | None = None
    uses_example_policy: bool = True
    own_details: OwnDetails = field(default_factory=OwnDetails)
    # None: from election_periods and today; True or False: said for this check
    # (`--election-period`).
    election_period_active: bool | None = None


@dataclass
class Reason:
    code: str
    severity: str
    message: str
    clause_id: str = ""
    clause_title: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Verdict:
    verdict: str
    label: str
    summary: str
    language: str
    language_detected: bool
    platform: str | None
    platform_name: str
    length: int
    limit: int | None
    case: str
    reasons: list[Reason]
    check_officers: str
    policy_version: int | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def stops(self) -> list[Reason]:
        return [r for r in self.reasons if r.severity == STOP]


class UnknownPlatform(GovSocialError, ValueError):
    pass


def platforms() -> dict[str, dict[str, Any]]:
    return content.checker()["platforms"]


def verdict_label(verdict: str) -> str:
    return {
        POST: pgettext("verdict", "Post it"),
        CHECK_FIRST: pgettext("verdict", "Check first"),
        DO_NOT_POST: pgettext("verdict", "Do not post"),
    }[verdict]


def resolve_clause(hints: list[str], clauses: Mapping[str, tuple[str, str]]) -> tuple[str, str]:
    """(clause id, title) of the first hinted clause the policy has, or ("", "")."""
    for hint in hints:
        if hint in clauses:
            return hint, clauses[hint][0]
    return "", ""

"""What a check gives back: the verdict, the reasons behind it and the clause
of the policy each reason cites; and what it knows of the organisation."""

from __future__ import annotations

from collections.abc import Mapping
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

"""The next election the interview names, and who hears about it when a version is published.

The period before an election day is what the policy's quiet-period answer says
(election_quiet_days, six weeks by default; see questions.yaml for why). The
training app keeps the election periods the post checker uses; it listens for a
published version through `on_published` (registered in its AppConfig.ready(),
so this app never imports training).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from govsocial.core import registry

from .. import election_dates
from .answers import load_content

POLICY_PUBLISHED = "policy_published"


@dataclass(frozen=True)
class PlannedElection:
    kind: str  # a choice of next_election_kind
    day: dt.date
    period_starts: dt.date

    def name(self, language: str) -> str:
        """ "Municipal elections 2026" / "Gemeenteraadsverkiezingen 2026"."""
        choice = load_content().questions["next_election_kind"].choice(self.kind)
        label = choice.label[language] if choice else self.kind
        return f"{label} {self.day.year}"


def planned_election(answers: Mapping[str, Any]) -> PlannedElection | None:
    """The next election in these answers with its period, or None when none is named."""
    if answers.get("election_periods") is False or not answers.get("next_election_date"):
        return None
    try:
        day = election_dates.parse(answers["next_election_date"])
    except election_dates.DateProblem:
        return None
    days = answers.get("election_quiet_days")
    days = days if isinstance(days, int) and days >= 0 else 0
    kind = str(answers.get("next_election_kind") or "other")
    return PlannedElection(kind=kind, day=day, period_starts=day - dt.timedelta(days=days))


def on_published(app: str, listener: Callable[[Any, Any], None]) -> None:
    """Call `listener(organisation, person)` after each version is published."""
    registry.site.add(POLICY_PUBLISHED, app, listener)


def tell_published(organisation: Any, person: Any) -> None:
    for listener in registry.site.values(POLICY_PUBLISHED):
        listener(organisation, person)

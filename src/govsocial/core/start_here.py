"""The "start here" path on the dashboard: the toolkit's five steps, in order.

Core names the steps; each app's dashboard panel says how far the organisation is
with the steps it serves (`panel["steps"]`), so the path costs no queries of its
own beyond the steps a lead ticked by hand (the first one cannot be detected)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

TICKED = "start_here.step_done"

# Number → (title, what the step is for). Numbers are what apps report against.
STEPS: dict[int, tuple[Any, Any]] = {
    1: (
        _("Look at your neighbours"),
        _("See how comparable organisations score and what they publish before you write."),
    ),
    2: (
        _("Write the policy"),
        _("Answer the interview: it writes the staff policy and the house rules."),
    ),
    3: (
        _("Fit it to your organisation"),
        _("Register every account with an owner and someone who covers for them."),
    ),
    4: (
        _("Make it known"),
        _("Ask everyone to read and acknowledge the policy; use the quiz and the game."),
    ),
    5: (
        _("Evaluate"),
        _("Take the maturity test and review the policy before its review date."),
    ),
}
TICKABLE = frozenset({1})


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    purpose: str
    done: bool
    is_next: bool
    detail: str = ""
    action: str = ""
    url: str = ""
    tickable: bool = False


def path(panels: Iterable[Mapping[str, Any]], ticked: Iterable[int]) -> list[Step]:
    """The five steps with what the panels report; a step is done only when every
    report on it says so (and it has at least one), or when a lead ticked it."""
    reports: dict[int, list[Mapping[str, Any]]] = {number: [] for number in STEPS}
    for panel in panels:
        for report in panel.get("steps", ()):
            reports[report["number"]].append(report)
    ticked = set(ticked)
    steps: list[Step] = []
    next_found = False
    for number, (title, purpose) in STEPS.items():
        found = reports[number]
        done = number in ticked or (bool(found) and all(r["done"] for r in found))
        open_report = next((r for r in found if not r["done"]), found[0] if found else {})
        is_next = not done and not next_found
        next_found = next_found or is_next
        steps.append(
            Step(
                number=number,
                title=str(title),
                purpose=str(purpose),
                done=done,
                is_next=is_next,
                detail=str(open_report.get("detail", "")),
                action=str(open_report.get("action", "")),
                url=str(open_report.get("url", "")),
                tickable=number in TICKABLE and not done,
            )
        )
    return steps

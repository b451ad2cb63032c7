"""From a game session to the policy: the guideline changes the options played
argue for, and a draft policy revision with the ones the group agreed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from govsocial.core.content import Text
from govsocial.core.models import Person
from govsocial.core.services import record_event
from govsocial.policies import services as policies

from .. import game
from ..models import GameSession
from .games import GameError, session_card, session_country


@dataclass(frozen=True)
class GuidelineChange:
    id: str  # "<round>-<option key>": stable while the session exists
    round: int
    card: str
    letter: str
    text: str
    chosen_by: tuple[str, ...]  # the roles that chose the option
    answers: Mapping[str, Any] = field(default_factory=dict)  # policy answer id → value


def guideline_changes(session: GameSession) -> list[GuidelineChange]:
    """Every change an option of a revealed round argues for, chosen or not, in play order."""
    language = session.organisation.default_language  # the policy's text answers
    roles = {
        r["id"]: r["name"] for r in game.localised_roles(session.language, session_country(session))
    }
    changes = []
    for game_round in session.rounds.filter(revealed=True).order_by("number"):
        card = game.challenge(game_round.challenge_id)
        if card is None:
            continue
        local = session_card(session, card)
        for option in local["options"]:
            change = (game.option(card, option["key"]) or {}).get("change")
            if not change:
                continue
            chosen_by = tuple(
                roles[role]
                for role in game.ROLE_IDS
                if game_round.choices.get(role) == option["key"]
            )
            changes.append(
                GuidelineChange(
                    id=f"{game_round.number}-{option['key']}",
                    round=game_round.number,
                    card=local["title"],
                    letter=option["letter"],
                    text=option["change"],
                    chosen_by=chosen_by,
                    answers={
                        k: v.get(language) if isinstance(v, Text) else v
                        for k, v in change["answers"].items()
                    },
                )
            )
    return changes


def agreed_answers(changes: list[GuidelineChange]) -> dict[str, Any]:
    """The policy answers of the agreed changes; GameError when two set one answer differently."""
    merged: dict[str, Any] = {}
    source: dict[str, GuidelineChange] = {}
    for change in changes:
        for key, value in change.answers.items():
            if key in merged and merged[key] != value:
                raise GameError(
                    _(
                        "Two of the ticked changes say different things about the same part of "
                        "the policy: “%(first)s” and “%(second)s”. Tick one of them."
                    )
                    % {"first": source[key].text, "second": change.text}
                )
            merged[key], source[key] = value, change
    return merged


def propose_guidelines(session: GameSession, person: Person | None, change_ids: list[str]) -> str:
    """Open a draft policy revision with the changes the group agreed; its address."""
    chosen = [c for c in guideline_changes(session) if c.id in set(change_ids)]
    if not chosen:
        raise GameError(_("Tick at least one guideline change the group agreed."))
    answers = agreed_answers(chosen)
    note = f"Social Media Game “{session.name}”: " + "; ".join(c.text for c in chosen)
    url = policies.propose_revision(session.organisation, person, answers, note)
    record_event(
        session.organisation,
        person,
        "training.game.guidelines_proposed",
        session,
        note,
        changes=[c.id for c in chosen],
        answers=answers,
    )
    return url

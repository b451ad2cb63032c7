"""The game's arithmetic: start scores, a round's effects, the overall score,
and which options are real choices (no other option beats them on every score)."""

from __future__ import annotations

from typing import Any

from .content import ROLE_IDS, game


def scores() -> list[dict[str, Any]]:
    return game()["scores"]


def roles() -> list[dict[str, Any]]:
    return game()["roles"]


def challenges() -> list[dict[str, Any]]:
    return game()["challenges"]


def start_scores() -> dict[str, int]:
    start = game()["start_score"]
    return {s["id"]: start for s in scores()}


def option(card: dict[str, Any], key: str) -> dict[str, Any] | None:
    return next((o for o in card["options"] if o["key"] == key), None)


def round_effects(card: dict[str, Any], choices: dict[str, str]) -> dict[str, int]:
    """The change to every score from the roles' choices (the sum of their options' effects)."""
    total = {s["id"]: 0 for s in scores()}
    for role_id in ROLE_IDS:
        chosen = option(card, choices.get(role_id, ""))
        if chosen:
            for score_id, value in chosen["effects"].items():
                total[score_id] += value
    return total


def apply(current: dict[str, int], effects: dict[str, int]) -> dict[str, int]:
    low, high = game()["score_bounds"]
    return {k: max(low, min(high, current.get(k, 0) + effects.get(k, 0))) for k in start_scores()}


def overall(current: dict[str, int]) -> int:
    """One number for the scoreboard: the average, with risk counted the other way round."""
    low, high = game()["score_bounds"]
    values = []
    for score in scores():
        value = current.get(score["id"], 0)
        values.append(value if score["better"] == "higher" else high + low - value)
    return round(sum(values) / len(values))


def _gains(option: dict[str, Any], score_list: list[dict[str, Any]]) -> list[int]:
    """The option's effects, each counted so that more is better."""
    return [option["effects"][s["id"]] * (1 if s["better"] == "higher" else -1) for s in score_list]


def option_value(option: dict[str, Any]) -> int:
    """The option's effects added up, risk counted the other way round."""
    return sum(_gains(option, scores()))


def undominated(options: list[dict[str, Any]], score_list: list[dict[str, Any]]) -> list[str]:
    """Keys of the options no other option beats or equals on every score and beats on one."""
    gains = {o["key"]: _gains(o, score_list) for o in options}

    def beaten(key: str) -> bool:
        mine = gains[key]
        return any(
            other != key
            and all(a >= b for a, b in zip(theirs, mine, strict=True))
            and theirs != mine
            for other, theirs in gains.items()
        )

    return [o["key"] for o in options if not beaten(o["key"])]


def best_scoring(card: dict[str, Any]) -> str:
    """The key of the option with the highest added-up effects (the first on a tie)."""
    return max(card["options"], key=option_value)["key"]

"""The Social Media Game: scoring rules and the printable deck. No database.

Scores start at `start_score` and each role's chosen option adds its effects,
kept within `score_bounds`. The deck is an A4 PDF (role cards, challenge cards
and the game master's guide) drawn from a print template through WeasyPrint.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from . import content


def scores() -> list[dict[str, Any]]:
    return content.game()["scores"]


def roles() -> list[dict[str, Any]]:
    return content.game()["roles"]


def challenges() -> list[dict[str, Any]]:
    return content.game()["challenges"]


def start_scores() -> dict[str, int]:
    start = content.game()["start_score"]
    return {s["id"]: start for s in scores()}


def option(challenge: dict[str, Any], key: str) -> dict[str, Any] | None:
    return next((o for o in challenge["options"] if o["key"] == key), None)


def round_effects(challenge: dict[str, Any], choices: dict[str, str]) -> dict[str, int]:
    """The change to every score from the roles' choices (sum of their options' effects)."""
    total = {s["id"]: 0 for s in scores()}
    for role_id in content.ROLE_IDS:
        chosen = option(challenge, choices.get(role_id, ""))
        if chosen:
            for score_id, value in chosen["effects"].items():
                total[score_id] += value
    return total


def apply(current: dict[str, int], effects: dict[str, int]) -> dict[str, int]:
    low, high = content.game()["score_bounds"]
    return {k: max(low, min(high, current.get(k, 0) + effects.get(k, 0))) for k in start_scores()}


def overall(current: dict[str, int]) -> int:
    """One number for the scoreboard: the average, with risk counted the other way round."""
    low, high = content.game()["score_bounds"]
    values = []
    for score in scores():
        value = current.get(score["id"], 0)
        values.append(value if score["better"] == "higher" else high + low - value)
    return round(sum(values) / len(values))


def localised_card(card: dict[str, Any], language: str) -> dict[str, Any]:
    """A challenge card with its texts in one language, for templates."""
    return {
        "id": card["id"],
        "title": card["title"].get(language),
        "situation": card["situation"].get(language),
        "prompts": [
            {
                "role": role["name"].get(language),
                "role_id": role["id"],
                "text": card["prompts"][role["id"]].get(language),
            }
            for role in roles()
        ],
        "options": [
            {
                "key": o["key"],
                "letter": o["key"].upper(),
                "text": o["text"].get(language),
                "outcome": o["outcome"].get(language),
                "effects": [
                    {"name": s["name"].get(language), "value": o["effects"][s["id"]], "id": s["id"]}
                    for s in scores()
                ],
                "best": o["key"] == card["best"],
            }
            for o in card["options"]
        ],
        "best": card["best"].upper(),
        "good_practice": card["good_practice"].get(language),
    }


def localised_roles(language: str) -> list[dict[str, str]]:
    return [
        {
            "id": r["id"],
            "name": r["name"].get(language),
            "focus": r["focus"].get(language),
            "description": r["description"].get(language),
        }
        for r in roles()
    ]


def localised_scores(language: str) -> list[dict[str, str]]:
    return [
        {
            "id": s["id"],
            "name": s["name"].get(language),
            "explain": s["explain"].get(language),
            "better": s["better"],
        }
        for s in scores()
    ]


def deck_html(language: str) -> str:
    with translation.override(language):
        data = content.game()
        return render_to_string(
            "training/deck_print.html",
            {
                "language": language,
                "introduction": data["introduction"].get(language),
                "rules": data["rules"].get(language),
                "roles": localised_roles(language),
                "scores": localised_scores(language),
                "cards": [localised_card(c, language) for c in challenges()],
                "effect_low": data["effect_range"][0],
                "effect_high": data["effect_range"][1],
            },
        )


def deck_pdf(language: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=deck_html(language), base_url=str(content.CONTENT_DIR)).write_pdf()

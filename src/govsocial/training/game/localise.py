"""The game's texts for one language and one country: the country's terms
filled in, the options in the deck's order with their letters."""

from __future__ import annotations

from typing import Any

from govsocial.core.content import Text, fill

from .content import COUNTRY_CODES, game
from .order import letters, ordered_options
from .rules import roles, scores


def country_for(country: str | None) -> str:
    """The game's country for an organisation's country (the nearest the deck knows)."""
    code = (country or "").upper()
    if code in COUNTRY_CODES:
        return code
    return "GB" if code == "IE" else "NL"


def terms(country: str, language: str) -> dict[str, str]:
    entry = game()["countries"][country]
    return {name: text.get(language) for name, text in entry["terms"].items()}


def country_name(country: str, language: str) -> str:
    return game()["countries"][country]["name"].get(language)


class Words:
    """Texts in one language for one country."""

    def __init__(self, language: str, country: str):
        self.language = language
        self.country = country
        self.terms = terms(country, language)

    def __call__(self, text: Text | None, **values: Any) -> str:
        if text is None:
            return ""
        return fill(text.get(self.language), {**self.terms, **values})

    def label(self, name: str, **values: Any) -> str:
        return self(game()["labels"][name], **values)

    def all(self, texts: list[Text]) -> list[str]:
        return [self(t) for t in texts]


def localised_roles(language: str, country: str = "NL") -> list[dict[str, Any]]:
    words = Words(language, country)
    return [
        {
            "id": r["id"],
            "name": words(r["name"]),
            "focus": words(r["focus"]),
            "description": words(r["description"]),
            "debrief": words.all(r["debrief"]),
        }
        for r in roles()
    ]


def localised_scores(language: str, country: str = "NL") -> list[dict[str, Any]]:
    words = Words(language, country)
    return [
        {
            "id": s["id"],
            "name": words(s["name"]),
            "explain": words(s["explain"]),
            "better": s["better"],
            "arrow": "↑" if s["better"] == "higher" else "↓",
        }
        for s in scores()
    ]


def _option(words: Words, option: dict[str, Any], letter: str, recommended: str) -> dict:
    change = option.get("change")
    return {
        "key": option["key"],
        "letter": letter,
        "text": words(option["text"]),
        "outcome": words(option["outcome"]),
        "effects": [
            {"name": words(s["name"]), "value": option["effects"][s["id"]], "id": s["id"]}
            for s in scores()
        ],
        "recommended": option["key"] == recommended,
        "change": words(change["text"]) if change else "",
    }


def localised_card(
    card: dict[str, Any], language: str, country: str = "NL", code: str | None = None
) -> dict[str, Any]:
    """A challenge card in one language and country, its options in the order of deck `code`
    (the order in the YAML when there is no code)."""
    words = Words(language, country)
    options = ordered_options(card, code) if code else list(card["options"])
    lettered = letters(card, code) if code else {o["key"]: "ABC"[i] for i, o in enumerate(options)}
    return {
        "id": card["id"],
        "title": words(card["title"]),
        "situation": words(card["situation"]),
        "prompts": [
            {
                "role": words(role["name"]),
                "role_id": role["id"],
                "text": words(card["prompts"][role["id"]]),
            }
            for role in roles()
        ],
        "options": [_option(words, o, lettered[o["key"]], card["recommended"]) for o in options],
        "recommended": lettered[card["recommended"]],
        "good_practice": words(card["good_practice"]),
        "discussion": words.all(card["discussion"]),
        "letters": lettered,
    }

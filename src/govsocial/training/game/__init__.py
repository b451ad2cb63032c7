"""The Social Media Game: cards, scoring, the order of the options and the
printed players' deck and game master's guide. No database; sessions live in
`training.services.games`.
"""

from .content import COUNTRY_CODES, ROLE_IDS, challenge, game
from .deck import deck_document
from .files import FORMATS, KINDS, document, file_name, render_file
from .guide import guide_document
from .localise import (
    Words,
    country_for,
    country_name,
    localised_card,
    localised_roles,
    localised_scores,
    terms,
)
from .order import LETTERS, clean_code, letters, new_code, ordered_options, standard_code
from .rules import (
    apply,
    best_scoring,
    challenges,
    option,
    option_value,
    overall,
    roles,
    round_effects,
    scores,
    start_scores,
    undominated,
)

__all__ = [
    "COUNTRY_CODES",
    "FORMATS",
    "KINDS",
    "LETTERS",
    "ROLE_IDS",
    "Words",
    "apply",
    "best_scoring",
    "challenge",
    "challenges",
    "clean_code",
    "country_for",
    "country_name",
    "deck_document",
    "document",
    "file_name",
    "game",
    "guide_document",
    "letters",
    "localised_card",
    "localised_roles",
    "localised_scores",
    "new_code",
    "option",
    "option_value",
    "ordered_options",
    "overall",
    "render_file",
    "roles",
    "round_effects",
    "scores",
    "standard_code",
    "start_scores",
    "terms",
    "undominated",
]

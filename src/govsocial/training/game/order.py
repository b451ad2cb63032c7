"""The order of each card's options: shuffled by a deck code, labelled A-C.

The same code gives the same order, in both languages and every country, so
a printed deck, its game master's guide and a session's console agree. A
session gets a fresh code; a deck printed without one uses the standard code.
The order is a hash of the code, the card and the option, so it depends on
nothing else (not Python's random module, not the order in the YAML).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

from .content import game

LETTERS = "ABC"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_LENGTH = 6
_CODE = re.compile(rf"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")


def standard_code() -> str:
    return game()["standard_code"]


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_code(value: Any) -> str | None:
    """A deck code as people type it ("k7q-m2x"), or None if it cannot be one."""
    text = re.sub(r"[\s-]", "", str(value or "")).upper()
    return text if _CODE.fullmatch(text) else None


def _rank(code: str, card_id: str, key: str) -> bytes:
    return hashlib.sha256(f"{code}:{card_id}:{key}".encode()).digest()


def ordered_options(card: dict[str, Any], code: str) -> list[dict[str, Any]]:
    """The card's options in the order of deck `code`."""
    return sorted(card["options"], key=lambda o: _rank(code, card["id"], o["key"]))


def letters(card: dict[str, Any], code: str) -> dict[str, str]:
    """Option key → its letter (A, B, C) in deck `code`."""
    return {o["key"]: LETTERS[i] for i, o in enumerate(ordered_options(card, code))}

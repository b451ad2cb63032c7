"""Legal references (content/references.yaml): each with the date it was last checked.

A clause names the references it rests on; the staff policy lists those that
apply to the organisation (its country, whether it is a public body or a local
authority) in an appendix, with the date each was checked, instead of source
notes in the body of the policy.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from govsocial.core.content import Checker, Text

ID = re.compile(r"[a-z0-9_]+")
MISSING = Text(en="", nl="")


@dataclass(frozen=True)
class Reference:
    id: str
    cite: Text  # the law, article or ruling, as a lawyer would look it up
    about: Text  # what it means for this policy, in one short sentence
    checked: dt.date  # when someone last compared the text with the source
    when: dict[str, Any] = field(default_factory=dict)  # organisation conditions only


def parse_references(c: Checker, data: Any) -> dict[str, Reference]:
    data = c.mapping(data, "top level")
    references: dict[str, Reference] = {}
    for index, raw in enumerate(data.get("references") or []):
        raw = c.mapping(raw, f"reference {index + 1}")
        rid = raw.get("id")
        if not isinstance(rid, str) or not ID.fullmatch(rid):
            c.fail(f"reference {index + 1}", "needs an id of lower-case letters and digits")
            continue
        where = f"reference '{rid}'"
        if rid in references:
            c.fail(where, "duplicate id")
            continue
        checked = raw.get("checked")
        if not isinstance(checked, dt.date) or isinstance(checked, dt.datetime):
            c.fail(where, "needs the date it was last checked, as checked: YYYY-MM-DD")
            checked = dt.date.min
        when = raw.get("when") or {}
        if not isinstance(when, dict):
            c.fail(where, "when is a mapping of organisation conditions")
            when = {}
        references[rid] = Reference(
            id=rid,
            cite=c.text(raw.get("cite"), f"{where} cite") or MISSING,
            about=c.text(raw.get("about"), f"{where} about") or MISSING,
            checked=checked,
            when=when,
        )
    if not references:
        c.fail("top level", "no references")
    return references


def check_references(
    c: Checker, references: Mapping[str, Reference], conditions: Mapping[str, tuple[Any, ...]]
) -> None:
    """A reference's condition names only what the organisation decides, with allowed values."""
    for reference in references.values():
        for key, spec in reference.when.items():
            allowed = conditions.get(key)
            values = spec if isinstance(spec, list) else [spec]
            if allowed is None:
                c.fail(f"reference '{reference.id}'", f"unknown condition '{key}'")
            elif any(v not in allowed or type(v) is not type(allowed[0]) for v in values):
                c.fail(
                    f"reference '{reference.id}'",
                    f"condition on '{key}' must be one of {list(allowed)}",
                )

"""One loader for every app's YAML knowledge.

Every text a person reads is a `Text` with `en` and `nl` side by side, and
fills in named placeholders only (`{name}`), so a translator can put the words
in the order Dutch needs. `Checker` collects every fault with the file and the
place, so one run names them all; `ContentError` is the one error type.
YAML is read with aliases refused and a size cap, so the same reader serves
files that people upload.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import GovSocialError

LANGUAGES = ("en", "nl")
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_.]*)\}")
# Old printf-style placeholders; refused so every text uses one syntax.
PRINTF_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
CONTENT_MAX_BYTES = 2 * 1024 * 1024


class ContentError(GovSocialError, ValueError):
    """Knowledge in YAML does not follow its schema; `problems` names every fault."""

    def __init__(self, problems: str | Iterable[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class YamlError(GovSocialError, ValueError):
    """A YAML document that cannot be read safely (too large, aliases, syntax)."""


@dataclass(frozen=True)
class Text:
    en: str
    nl: str

    def get(self, language: str | None = None) -> str:
        return self.nl if (language or "en")[:2] == "nl" else self.en

    def __getitem__(self, language: str) -> str:
        if language not in LANGUAGES:
            raise KeyError(language)
        return self.get(language)

    def placeholders(self) -> set[str]:
        return set(PLACEHOLDER.findall(self.en))

    def format(self, language: str | None = None, /, **values: Any) -> str:
        """The text in `language` with its `{name}` placeholders filled."""
        return fill(self.get(language), values)

    def map(self, change: Any) -> Text:
        return Text(en=change(self.en), nl=change(self.nl))


def fill(template: str, values: Mapping[str, Any]) -> str:
    """Fill `{name}` placeholders; an unknown name stays visible rather than failing."""
    return PLACEHOLDER.sub(
        lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template
    )


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses anchors and aliases: no 'billion laughs'."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.YAMLError(f"aliases are not allowed (line {event.start_mark.line + 1})")
        return super().compose_node(parent, index)


def parse_yaml(data: bytes | str, *, max_bytes: int = CONTENT_MAX_BYTES) -> Any:
    """Parse one YAML document safely: size capped before parsing, aliases refused."""
    size = len(data.encode("utf-8") if isinstance(data, str) else data)
    if size > max_bytes:
        raise YamlError(f"larger than {max_bytes // 1024} KB")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise YamlError("not UTF-8 text") from exc
    try:
        parsed = yaml.load(data, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise YamlError(excerpt(str(exc), 200)) from exc
    except (RecursionError, ValueError, OverflowError) as exc:
        # Deep nesting, impossible dates (2020-13-45) or huge numbers: refused, not a crash.
        raise YamlError(excerpt(f"{type(exc).__name__}: {exc}", 200)) from exc
    return _whole_characters(parsed)


_SURROGATES = re.compile("[\ud800-\udfff]")


def _text(value: str) -> str:
    """YAML reads the escapes "\\ud83d\\ude00" (as JSON writes 😀) as two halves of a
    character: join them; a half on its own is not text (no page or file could show it)."""
    if not _SURROGATES.search(value):
        return value
    try:
        return value.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError as exc:
        raise YamlError("a \\u escape that is half a character") from exc


def _whole_characters(parsed: Any) -> Any:
    """Every string in the parsed document with whole characters (see `_text`); iterative,
    and linear in the document (aliases are refused, so nothing is shared)."""
    if isinstance(parsed, str):
        return _text(parsed)
    stack = [parsed]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            for index, item in enumerate(node):
                if isinstance(item, str):
                    node[index] = _text(item)
                elif isinstance(item, list | dict):
                    stack.append(item)
        elif isinstance(node, dict):
            for key in list(node):
                item = node[key]
                if isinstance(item, str):
                    item = _text(item)
                elif isinstance(item, list | dict):
                    stack.append(item)
                if isinstance(key, str) and _SURROGATES.search(key):
                    del node[key]
                    key = _text(key)
                node[key] = item
    return parsed


def excerpt(value: Any, limit: int = 80) -> str:
    """A short, single-line excerpt of a value for an error message."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_yaml(path: Path) -> Any:
    try:
        return parse_yaml(path.read_bytes())
    except YamlError as exc:
        raise ContentError(f"{path.name}: not valid YAML: {exc}") from exc


class Checker:
    """Collects every fault in one file's content, then raises them together."""

    def __init__(self, filename: str = "") -> None:
        self.filename = filename
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        prefix = f"{self.filename}: " if self.filename else ""
        self.problems.append(f"{prefix}{where}: {message}")

    def raise_if_failed(self) -> None:
        if self.problems:
            raise ContentError(self.problems)

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, "expected a mapping")
            return {}
        return value

    def text(
        self,
        value: Any,
        where: str,
        allowed: Iterable[str] | None = None,
        *,
        required: bool = True,
    ) -> Text | None:
        """A bilingual text: both languages present, the same named placeholders,
        each placeholder one that `allowed` names (when given)."""
        if value is None and not required:
            return None
        if not isinstance(value, dict):
            self.fail(where, f"expected a text with 'en' and 'nl', got {excerpt(value)!r}")
            return None
        unknown = set(value) - set(LANGUAGES)
        if unknown:
            self.fail(where, f"unknown language(s) {sorted(unknown)}")
        for language in LANGUAGES:
            if not isinstance(value.get(language), str) or not value[language].strip():
                self.fail(where, f"missing or empty '{language}' translation")
                return None
        result = Text(en=" ".join(value["en"].split()), nl=" ".join(value["nl"].split()))
        for language in LANGUAGES:
            if PRINTF_PLACEHOLDER.search(result.get(language)):
                self.fail(where, f"'{language}' uses %(name)s; write {{name}} instead")
        found = {lang: set(PLACEHOLDER.findall(result.get(lang))) for lang in LANGUAGES}
        if found["en"] != found["nl"]:
            self.fail(
                where,
                f"placeholders differ: en {sorted(found['en'])}, nl {sorted(found['nl'])}",
            )
        if allowed is not None:
            unknown_names = (found["en"] | found["nl"]) - set(allowed)
            if unknown_names:
                self.fail(where, f"no value fills {sorted(unknown_names)}")
        return result

    def known(self, value: Any, known: Iterable[str], where: str, what: str) -> None:
        """`value` (one id or a list of ids) names only ids in `known`."""
        ids = value if isinstance(value, list | tuple | set | frozenset) else [value]
        names = set(known)
        for item in ids:
            if item not in names:
                self.fail(where, f"unknown {what} '{item}'")

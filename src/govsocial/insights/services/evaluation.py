"""How well a sentiment method agrees with people: accuracy and macro-F1 per
language on a labelled CSV (UTF-8, columns text,label[,lang]) plus the labels
people corrected in GovSocial, for the installation's method, the word lists or
a model (to compare before switching). The file is capped before it is read."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .errors import InsightsError
from .methods import LEXICON, Method, Plan, plan, score_many
from .sentiment import LABELS, LANGUAGES

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
MAX_FIELD = 20_000


@dataclass(frozen=True)
class Labelled:
    text: str
    label: str
    language: str = ""  # "" : detected


@dataclass(frozen=True)
class LanguageResult:
    language: str
    count: int
    accuracy: float
    macro_f1: float
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)  # gold → predicted → n
    method: Method = Method()

    def as_dict(self) -> dict:
        return {
            "language": self.language,
            "method": self.method.kind,
            "model": self.method.folder if self.method.kind != LEXICON else None,
            "count": self.count,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "confusion": self.confusion,
        }


def read_labels(data: bytes) -> list[Labelled]:
    """The rows of a labelled CSV, or InsightsError naming the first problem."""
    if len(data) > MAX_BYTES:
        raise InsightsError(
            _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InsightsError(_("The file is not UTF-8 text.")) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    old_limit = csv.field_size_limit(MAX_FIELD)
    try:
        return _rows(reader)
    except csv.Error as exc:
        raise InsightsError(
            _("The file is not a readable CSV: %(error)s") % {"error": exc}
        ) from exc
    finally:
        csv.field_size_limit(old_limit)


def _rows(reader: Iterable[list[str]]) -> list[Labelled]:
    rows = iter(reader)
    header = [h.strip().casefold() for h in next(rows, [])]
    if "text" not in header or "label" not in header:
        raise InsightsError(_("The first row must name the columns text and label (and lang)."))
    at_text, at_label = header.index("text"), header.index("label")
    at_lang = header.index("lang") if "lang" in header else None
    found: list[Labelled] = []
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(found) >= MAX_ROWS:
            raise InsightsError(_("The file has more than %(rows)s rows.") % {"rows": MAX_ROWS})
        if len(row) <= max(at_text, at_label):
            raise InsightsError(_("Row %(row)s has too few columns.") % {"row": number})
        label = row[at_label].strip().casefold()
        if label not in LABELS:
            raise InsightsError(
                _("Row %(row)s: the label must be positive, neutral or negative, not “%(label)s”.")
                % {"row": number, "label": label[:30]}
            )
        language = (
            row[at_lang].strip().casefold() if at_lang is not None and at_lang < len(row) else ""
        )
        if language and language not in LANGUAGES:
            raise InsightsError(
                _("Row %(row)s: the language must be en or nl, not “%(lang)s”.")
                % {"row": number, "lang": language[:10]}
            )
        found.append(Labelled(row[at_text], label, language))
    if not found:
        raise InsightsError(_("The file has no labelled rows."))
    return found


def _macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    scores = []
    for label in LABELS:
        if label not in gold and label not in predicted:
            continue
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def evaluate(rows: Sequence[Labelled], methods: Plan | None = None) -> list[LanguageResult]:
    """Accuracy and macro-F1 per language (the row's language, else the detected one)
    for `methods` (the installation's when None)."""
    methods = methods if methods is not None else plan(strict=True)
    scored = score_many([row.text for row in rows], [row.language or None for row in rows], methods)
    by_language: dict[str, tuple[list[str], list[str]]] = {}
    for row, found in zip(rows, scored, strict=True):
        gold, predicted = by_language.setdefault(found.language, ([], []))
        gold.append(row.label)
        predicted.append(found.label)
    results = []
    for language in LANGUAGES:
        if language not in by_language:
            continue
        gold, predicted = by_language[language]
        confusion = {g: {p: 0 for p in LABELS} for g in LABELS}
        for g, p in zip(gold, predicted, strict=True):
            confusion[g][p] += 1
        correct = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p)
        results.append(
            LanguageResult(
                language,
                len(gold),
                correct / len(gold),
                _macro_f1(gold, predicted),
                confusion,
                methods.get(language) or Method(),
            )
        )
    return results

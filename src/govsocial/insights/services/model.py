"""A transformer sentiment model read from a local folder: the optional method
next to the word lists (`sentiment`). The folder is what `save_pretrained`
writes (config.json, the weights, the tokenizer files); it is loaded once per
process with `local_files_only` and the hub switched off, so nothing is ever
downloaded. torch and transformers are imported only when a folder is used
(the `sentiment-model` extra).

The model's labels (`id2label` in config.json) become positive, neutral and
negative by `label_map`'s rule; a model without a neutral label calls a
comment neutral unless it is at least TWO_LABEL_CERTAINTY sure either way.
The comments are scored on the CPU in batches, shortest first (less padding)."""

from __future__ import annotations

import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from .errors import InsightsError
from .sentiment import LABELS, MAX_TEXT, NEGATIVE, NEUTRAL, POSITIVE

logger = logging.getLogger(__name__)

BATCH_SIZE = 32
MAX_TOKENS = 256  # comments are short; a long one is read up to here
TWO_LABEL_CERTAINTY = 0.75
CACHE_SIZE = 65_536  # texts per model: the pages work out the same month again

MISSING, NOT_A_MODEL, NOT_INSTALLED, UNREADABLE, UNMAPPABLE, NO_FOLDER = (
    "missing",
    "not_a_model",
    "not_installed",
    "unreadable",
    "unmappable",
    "no_folder",
)

# Label names as sentiment models write them, after casefolding and with "_" and "-"
# read as spaces: "POSITIVE", "Neg", "very_positive", "neutraal".
NAMED = {
    **dict.fromkeys(("positive", "pos", "positief", "very positive", "zeer positief"), POSITIVE),
    **dict.fromkeys(("neutral", "neu", "neutraal", "mixed"), NEUTRAL),
    **dict.fromkeys(("negative", "neg", "negatief", "very negative", "zeer negatief"), NEGATIVE),
}
# Product-review models rate 1 to 5 stars: 1–2 negative, 3 neutral, 4–5 positive.
STARS = re.compile(r"([1-5]) stars?")
GENERIC = re.compile(r"label (\d+)")
# Unnamed labels (LABEL_0, LABEL_1, …) in the order the common sentiment fine-tunes use.
GENERIC_ORDER = {2: (NEGATIVE, POSITIVE), 3: (NEGATIVE, NEUTRAL, POSITIVE)}


@dataclass(frozen=True)
class ModelProblem:
    """Why a model folder cannot be used; the message is made in the reader's language."""

    code: str
    folder: str = ""
    detail: str = ""

    def message(self, *, public: bool = False) -> str:
        """public: for the web pages, the folder's name instead of the server's path and
        without the loader's own words (those are in the log)."""
        folder = Path(self.folder).name if public else self.folder
        values = {"folder": folder, "detail": self.detail}
        if self.code == MISSING:
            return _("The sentiment model folder “%(folder)s” does not exist.") % values
        if self.code == NOT_A_MODEL:
            return (
                _(
                    "“%(folder)s” is not a model folder: it has no config.json. Give the folder "
                    "that save_pretrained writes (config.json, the weights and the tokenizer files)."
                )
                % values
            )
        if self.code == NOT_INSTALLED:
            return _(
                "The sentiment model needs torch and transformers. Install them with: "
                "pip install 'govsocial[sentiment-model]'."
            )
        if self.code == UNMAPPABLE:
            return (
                _(
                    "The model in “%(folder)s” has labels GovSocial cannot read as positive, "
                    "neutral or negative: %(detail)s. Name them so in id2label in its config.json."
                )
                % values
            )
        if self.code == NO_FOLDER:
            return _(
                "No sentiment model folder is set: give one with --model FOLDER or set "
                "GOVSOCIAL_SENTIMENT_MODEL."
            )
        if public:
            return _("The model in “%(folder)s” cannot be read.") % values
        return _("The model in “%(folder)s” cannot be read: %(detail)s") % values


class ModelError(InsightsError):
    def __init__(self, problem: ModelProblem) -> None:
        self.problem = problem
        super().__init__(problem.message())


def _normalised(name: object) -> str:
    return " ".join(str(name).casefold().replace("_", " ").replace("-", " ").split())


def label_map(id2label: Mapping[Any, Any], folder: str = "") -> tuple[str, ...]:
    """Our label for each of the model's outputs, by index; ModelError when a label
    cannot be read, or when positive or negative is missing.

    The rule: a label named positive, neutral or negative (also pos/neu/neg, Dutch
    positief/neutraal/negatief, "very positive"), a star rating (1–2 stars
    negative, 3 neutral, 4–5 positive), or — only when every label is unnamed
    (LABEL_0, LABEL_1, …) — two labels read as negative, positive and three as
    negative, neutral, positive."""
    try:
        ordered = [id2label[key] for key in sorted(id2label, key=int)]
        indices = sorted(int(key) for key in id2label)
    except (TypeError, ValueError):
        ordered, indices = [], [-1]
    names = [_normalised(name) for name in ordered]
    found: list[str | None] = []
    generic = [GENERIC.fullmatch(name) for name in names]
    if names and all(generic) and len(names) in GENERIC_ORDER:
        order = [int(m.group(1)) for m in generic if m]
        if order == list(range(len(names))):
            found = list(GENERIC_ORDER[len(names)])
    if not found:
        for name in names:
            stars = STARS.fullmatch(name)
            if stars:
                found.append((NEGATIVE, NEGATIVE, NEUTRAL, POSITIVE, POSITIVE)[int(stars[1]) - 1])
            else:
                found.append(NAMED.get(name))
    readable = (
        indices == list(range(len(names)))
        and None not in found
        and {POSITIVE, NEGATIVE} <= set(found)
    )
    if not readable:
        shown = ", ".join(str(name) for name in ordered)[:200] or "–"
        raise ModelError(ModelProblem(UNMAPPABLE, folder, shown))
    return tuple(label for label in found if label)


def decide(probabilities: Sequence[float], labels: Sequence[str]) -> tuple[str, float]:
    """The label and a score from -1 to 1 (P(positive) − P(negative)) for one comment."""
    totals = dict.fromkeys(LABELS, 0.0)
    for probability, label in zip(probabilities, labels, strict=True):
        totals[label] += probability
    value = totals[POSITIVE] - totals[NEGATIVE]
    if NEUTRAL in labels:
        return max(LABELS, key=lambda label: totals[label]), value
    if totals[POSITIVE] >= TWO_LABEL_CERTAINTY:
        return POSITIVE, value
    if totals[NEGATIVE] >= TWO_LABEL_CERTAINTY:
        return NEGATIVE, value
    return NEUTRAL, value


@dataclass
class SentimentModel:
    folder: str
    tokenizer: Any
    network: Any
    labels: tuple[str, ...]
    max_tokens: int = MAX_TOKENS
    cache: OrderedDict[str, tuple[str, float]] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def name(self) -> str:
        return Path(self.folder).name

    def predict(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """(label, score) per text, in order; each distinct text is run once per process."""
        import torch

        texts = [(text or "")[:MAX_TEXT] for text in texts]
        with self.lock:  # one inference at a time: torch already uses every core
            todo = sorted({t for t in texts if t not in self.cache}, key=len)
            with torch.inference_mode():
                for start in range(0, len(todo), BATCH_SIZE):
                    batch = todo[start : start + BATCH_SIZE]
                    encoded = self.tokenizer(
                        batch,
                        padding=True,
                        truncation=True,
                        max_length=self.max_tokens,
                        return_tensors="pt",
                    )
                    rows = self.network(**encoded).logits.softmax(dim=-1).tolist()
                    for text, row in zip(batch, rows, strict=True):
                        self.cache[text] = decide(row, self.labels)
            found = [self.cache[text] for text in texts]
            for text in texts:
                self.cache.move_to_end(text)
            while len(self.cache) > CACHE_SIZE:
                self.cache.popitem(last=False)
        return found


_loaded: dict[str, SentimentModel | ModelProblem] = {}
_loading = threading.Lock()


def load_model(folder: str) -> SentimentModel:
    """The model in `folder`, loaded once per process; ModelError says why not (and
    is remembered too: a changed folder needs a restart)."""
    key = str(Path(folder).expanduser())
    with _loading:
        if key not in _loaded:
            try:
                _loaded[key] = _read(key)
            except ModelError as exc:
                logger.error("sentiment model not used: %s", exc.problem.message())
                _loaded[key] = exc.problem
        found = _loaded[key]
    if isinstance(found, ModelProblem):
        raise ModelError(found)
    return found


def _read(folder: str) -> SentimentModel:
    path = Path(folder)
    if not path.is_dir():  # also a hub name such as "org/model": never looked up
        raise ModelError(ModelProblem(MISSING, folder))
    if not (path / "config.json").is_file():
        raise ModelError(ModelProblem(NOT_A_MODEL, folder))
    # Before transformers is imported: huggingface_hub reads these once, at import.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        import torch  # noqa: F401
        import transformers
    except ImportError as exc:
        raise ModelError(ModelProblem(NOT_INSTALLED, folder, str(exc))) from exc
    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(path, local_files_only=True)
        network = transformers.AutoModelForSequenceClassification.from_pretrained(
            path, local_files_only=True
        )
    # A folder of unknown make can fail in many ways (missing weights, an unknown
    # architecture, a broken tokenizer file): each is a folder that cannot be read.
    except Exception as exc:
        detail = " ".join(str(exc).split())[:300] or type(exc).__name__
        raise ModelError(ModelProblem(UNREADABLE, folder, detail)) from exc
    labels = label_map(network.config.id2label, folder)
    network.eval()
    limit = getattr(tokenizer, "model_max_length", MAX_TOKENS) or MAX_TOKENS
    return SentimentModel(folder, tokenizer, network, labels, min(MAX_TOKENS, int(limit)))


__all__ = ["ModelError", "ModelProblem", "SentimentModel", "decide", "label_map", "load_model"]

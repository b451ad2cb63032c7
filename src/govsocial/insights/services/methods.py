"""Which method scores each language's comments: the word lists (`sentiment`,
the default) or a transformer model from a local folder (`model`), set per
installation with GOVSOCIAL_SENTIMENT_MODEL (both languages) and
GOVSOCIAL_SENTIMENT_MODEL_EN / _NL (one language: a Dutch RobBERT, an English
RoBERTa).

A model folder that cannot be used stops a command (`strict`); the pages and
the monthly report use the word lists instead and say why, rather than fail."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .model import NO_FOLDER, ModelError, ModelProblem, load_model
from .sentiment import LANGUAGES, MAX_TEXT, Scored, detect_language, score

LEXICON, MODEL = "lexicon", "model"
CHOICES = (LEXICON, MODEL)


@dataclass(frozen=True)
class Method:
    """How one language's comments are scored. A configured model that could not be
    used shows as the word lists, with its folder and the problem."""

    kind: str = LEXICON
    folder: str = ""
    problem: ModelProblem | None = None

    @property
    def name(self) -> str:
        return Path(self.folder).name if self.folder else ""


Plan = Mapping[str, Method]  # language → method


def configured_folders() -> dict[str, str]:
    """Language → model folder, from the settings (no entry: the word lists)."""
    both = settings.GOVSOCIAL_SENTIMENT_MODEL
    folders = {
        "en": settings.GOVSOCIAL_SENTIMENT_MODEL_EN or both,
        "nl": settings.GOVSOCIAL_SENTIMENT_MODEL_NL or both,
    }
    return {language: str(folder) for language, folder in folders.items() if folder}


def plan(method: str | None = None, folder: str | None = None, *, strict: bool = False) -> Plan:
    """The method per language. method None: the installation's (a model where a
    folder is set); LEXICON: the word lists; MODEL: `folder` for both languages,
    else the configured folders (ModelError when there are none). strict: a folder
    that cannot be used raises ModelError instead of falling back."""
    if method == LEXICON:
        return dict.fromkeys(LANGUAGES, Method())
    folders = dict.fromkeys(LANGUAGES, folder) if folder else configured_folders()
    if method == MODEL and not folders:
        raise ModelError(ModelProblem(NO_FOLDER))
    found: dict[str, Method] = {}
    for language in LANGUAGES:
        where = folders.get(language)
        if not where:
            found[language] = Method()
            continue
        try:
            load_model(where)
        except ModelError as exc:
            if strict:
                raise
            found[language] = Method(LEXICON, where, exc.problem)
            continue
        found[language] = Method(MODEL, where)
    return found


def score_many(
    texts: Sequence[str], languages: Sequence[str | None] | None = None, methods: Plan | None = None
) -> list[Scored]:
    """Language and sentiment per text, in order: the word lists text by text, each
    model on all of its language's texts in batches."""
    methods = methods if methods is not None else plan()
    given = list(languages) if languages is not None else [None] * len(texts)
    all_lexicon = all(method.kind == LEXICON for method in methods.values())
    found: list[Scored | None] = [None] * len(texts)
    for_model: dict[str, list[tuple[int, str]]] = {}  # folder → (position, language)
    for at, (text, language) in enumerate(zip(texts, given, strict=True)):
        text = (text or "")[:MAX_TEXT]
        if all_lexicon:
            found[at] = score(text, language)
            continue
        language = language if language in LANGUAGES else detect_language(text)
        method = methods.get(language) or Method()
        if method.kind == LEXICON:
            found[at] = score(text, language)
            continue
        for_model.setdefault(method.folder, []).append((at, language))
    for folder, places in for_model.items():
        predicted = load_model(folder).predict([texts[at] for at, _lang in places])
        for (at, language), (label, value) in zip(places, predicted, strict=True):
            found[at] = Scored(language, label, value)
    return [scored for scored in found if scored is not None]


def score_one(text: str, language: str | None = None, methods: Plan | None = None) -> Scored:
    return score_many([text], [language], methods)[0]


def method_words(method: Method, language: str) -> str:
    """The method in a few words: "the VADER word list", "the model “robbert-sentiment”"."""
    if method.kind == MODEL:
        return _("the model “%(name)s”") % {"name": method.name}
    if language == "en":
        return _("the VADER word list")
    return _("the Pattern word list for Dutch")


def describe(methods: Plan, languages: Iterable[str] = LANGUAGES) -> str:
    """ "Dutch comments: the model “x”; English comments: the VADER word list." """
    names = {"en": _("English comments"), "nl": _("Dutch comments")}
    return (
        "; ".join(
            _("%(language)s: %(method)s")
            % {"language": names[lang], "method": method_words(methods[lang], lang)}
            for lang in languages
            if lang in methods
        )
        + "."
    )


def problems(methods: Plan) -> list[str]:
    """A sentence per configured model the word lists stood in for, for the pages."""
    seen: dict[str, ModelProblem] = {
        m.folder: m.problem for m in methods.values() if m.problem is not None
    }
    return [
        _("The sentiment model could not be used, so the word lists were used instead: %(why)s")
        % {"why": problem.message(public=True)}
        for problem in seen.values()
    ]


__all__ = [
    "CHOICES",
    "LEXICON",
    "MODEL",
    "Method",
    "Plan",
    "configured_folders",
    "describe",
    "method_words",
    "plan",
    "problems",
    "score_many",
    "score_one",
]

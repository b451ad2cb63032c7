"""The staff policy and the house rules as documents: texts filled with the answers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _

from govsocial.core.content import PLACEHOLDER, ContentError, Text
from govsocial.core.i18n import current_language
from govsocial.core.models import Organisation
from govsocial.documents.model import BulletList, Document, Paragraph, Section, Table

from ..companion_content import KINDS as COMPANION_KINDS
from ..content import Block, Clause
from ..models import PolicyVersion
from .adoption import adoption_table, format_date, references_appendix
from .answers import fill_defaults, load_content, matches, upgrade, with_unit
from .facts import OrganisationFacts, organisation_facts, with_conditions
from .promise import public_promise

DOCUMENT_KINDS = ("policy", "house_rules", *COMPANION_KINDS)
FORMATS = ("html", "md", "docx", "pdf")

AUDIENCE_WORDS = {
    "residents": Text(en="residents", nl="inwoners"),
    "customers": Text(en="customers", nl="klanten"),
    "patients": Text(en="patients", nl="patiënten"),
    "tenants": Text(en="tenants", nl="huurders"),
}
EMERGENCY_NUMBERS = {"GB": "999", "UK": "999"}  # 112 everywhere else in the EU
FRAGMENT_SECONDS = 3600

T = TypeVar("T")


def cached_fragment(key_parts: tuple[Any, ...], build: Callable[[], T]) -> T:
    """A rendered fragment from the cache: documents are pure functions of their inputs."""
    digest = hashlib.sha256(json.dumps(key_parts, sort_keys=True, default=str).encode()).hexdigest()
    key = f"policies:fragment:{digest}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, FRAGMENT_SECONDS)
    return value


# --- filling texts -------------------------------------------------------------


def _join(items: list[str], language: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    word = " en " if language == "nl" else " and "
    return ", ".join(items[:-1]) + word + items[-1]


@dataclass
class Context:
    """What a text is filled with besides the answers."""

    organisation_name: str
    audience: str = "residents"
    country: str = "NL"
    header_name: str = ""  # printed in headers and footers; empty when no name is known
    kind: str = "municipality"  # the organisation's kind: decides the legal duties named

    @classmethod
    def for_organisation(
        cls, organisation: Organisation | None, language: str, name: str | None = None
    ) -> Context:
        if organisation is None:
            # Without a name the texts say "the organisation" (lower case mid-sentence).
            return cls(organisation_name=name or _("the organisation"), header_name=name or "")
        return cls(
            organisation_name=name or organisation.name(language),
            audience=organisation.audience,
            country=organisation.country,
            header_name=name or organisation.name(language),
            kind=organisation.kind,
        )

    def facts(self) -> OrganisationFacts:
        return organisation_facts(country=self.country, kind=self.kind)


def fill_values(answers: Mapping[str, Any], language: str, context: Context) -> dict[str, str]:
    """Every placeholder's text for these answers, in one language."""
    questions = load_content().questions
    values: dict[str, str] = {
        "organisation": context.organisation_name,
        "audience": AUDIENCE_WORDS.get(context.audience, AUDIENCE_WORDS["residents"])[language],
        "emergency_number": EMERGENCY_NUMBERS.get((context.country or "").upper(), "112"),
    }
    for qid, value in answers.items():
        question = questions.get(qid)
        if question is None or value is None:
            continue
        if question.type == "int":
            values[qid] = with_unit(question, value, language)
        elif question.type == "choice":
            choice = question.choice(value)
            values[qid] = choice.text[language] if choice else str(value)
        elif question.type == "list":
            values[qid] = _join(
                [choice.text[language] for v in value if (choice := question.choice(v))], language
            )
        elif question.type == "text":
            values[qid] = str(value)
    if "staffed_hours" in answers:
        start, _sep, end = str(answers["staffed_hours"]).partition("-")
        if language == "nl":
            start, end = start.replace(":", "."), end.replace(":", ".")
        values["staffed_from"], values["staffed_until"] = start, end
    promise = public_promise(answers)
    if promise is not None:
        values["response_promise"] = promise.words(language)
    return values


def _value(values: Mapping[str, str], name: str) -> str:
    if name not in values:
        # The content check guarantees a value wherever a text is used; this is a bug.
        raise KeyError(f"placeholder {{{name}}} has no value for these answers")
    return values[name]


def _fill(text: str, values: Mapping[str, str], *, capitalise: bool = True) -> str:
    """The text with its placeholders filled; a sentence opening with an answer gets a capital."""
    filled = PLACEHOLDER.sub(lambda m: _value(values, m.group(1)), text)
    return filled[:1].upper() + filled[1:] if capitalise else filled


def _fill_item(text: str, values: Mapping[str, str]) -> str:
    """A list item keeps the case its author wrote (items that continue a sentence ending in
    a colon start in lower case); only an item that opens with a filled-in answer is capitalised."""
    return _fill(text, values, capitalise=text.startswith("{"))


def _given(text: Text | None, kind: str) -> Text:
    """The text a block of this kind always has (the content loader rejects one without)."""
    if text is None:
        raise ContentError(f"a {kind} block has no text")
    return text


def _blocks(
    blocks: Iterable[Block], answers: Mapping[str, Any], language: str, values: Mapping[str, str]
) -> list:
    """The blocks whose conditions the answers (with the organisation's facts) meet, filled in."""
    out: list = []
    for block in blocks:
        if not matches(block.when, answers):
            continue
        if block.kind == "p":
            out.append(Paragraph(_fill(_given(block.text, "p")[language], values)))
        elif block.kind == "list":
            items = [
                _fill_item(t[language], values) for t, when in block.items if matches(when, answers)
            ]
            if items:
                out.append(BulletList(items=items, ordered=block.ordered))
        elif block.kind == "table":
            rows = [
                [_fill(c[language], values) for c in cells]
                for cells, when in block.rows
                if matches(when, answers)
            ]
            out.append(
                Table(
                    header=[_fill(h[language], values) for h in block.header],
                    rows=rows,
                    caption=_fill(_given(block.caption, "table")[language], values),
                )
            )
        elif block.kind == "section":
            inner = _blocks(block.blocks, answers, language, values)
            if inner:
                title = _fill(_given(block.title, "section")[language], values)
                out.append(Section(title=title, blocks=inner))
    return out


def _clauses(kind: str, answers: Mapping[str, Any]) -> list[Clause]:
    return [c for c in load_content().document(kind).clauses if matches(c.when, answers)]


def build_document(
    kind: str,
    answers: Mapping[str, Any],
    language: str,
    *,
    organisation: Organisation | None = None,
    organisation_name: str | None = None,
    audience: str | None = None,
    country: str | None = None,
    organisation_kind: str | None = None,
    version: PolicyVersion | None = None,
) -> Document:
    """The staff policy (kind "policy"), the public house rules ("house_rules") or one of the
    documents made from the same answers (COMPANION_KINDS) as a Document.

    The answers and the organisation (its country and kind) decide the text;
    every document ends with its adoption block, and the staff policy with
    an appendix of the legal references it rests on, each with the date it
    was last checked."""
    if kind in COMPANION_KINDS:
        from .companions import build_companion  # it builds on this module's values

        document = build_companion(
            kind,
            answers,
            language,
            organisation=organisation,
            organisation_name=organisation_name,
            audience=audience,
            country=country,
            organisation_kind=organisation_kind,
            version=version,
        )
        with translation.override(current_language(language)):
            filled = fill_defaults(upgrade(answers), current_language(language))
            adoption = adoption_table(filled, current_language(language), version)
            document.sections.append(
                Section(title=_("Adoption and version"), blocks=[adoption], id="adoption")
            )
        return document
    if kind not in DOCUMENT_KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    language = current_language(language)
    doc_content = load_content().document(kind)
    with translation.override(language):
        context = Context.for_organisation(organisation, language, organisation_name)
        if audience:
            context.audience = audience
        if country:
            context.country = country
        if organisation_kind:
            context.kind = organisation_kind
        # A version from before a question existed still reads: the suggested answer fills in.
        answers = fill_defaults(upgrade(answers), language)
        conditions = with_conditions(answers, context.facts())
        values = fill_values(answers, language, context)
        clauses = _clauses(kind, conditions)
        sections = [
            Section(
                title=_fill(clause.title[language], values),
                blocks=_blocks(clause.blocks, conditions, language, values),
                id=clause.id,
            )
            for clause in clauses
        ]
        adoption = adoption_table(answers, language, version)
        held = next((s for s in sections if s.id == "adoption"), None)
        if held is not None:
            held.blocks.insert(0, adoption)
        else:
            sections.append(
                Section(title=_("Adoption and version"), blocks=[adoption], id="adoption")
            )
        if kind == "policy":
            titled = [
                (clause, section.title) for clause, section in zip(clauses, sections, strict=False)
            ]
            appendix = references_appendix(titled, conditions, language)
            if appendix is not None:
                sections.append(appendix)
        return Document(
            title=doc_content.title[language],
            language=language,
            organisation=context.header_name,
            subtitle=_fill(doc_content.subtitle[language], values),
            meta=_meta(version, language),
            sections=sections,
            contents=kind == "policy",
        )


# --- a version's documents ----------------------------------------------------------


def _meta(version: PolicyVersion | None, language: str) -> list[tuple[str, str]]:
    if version is None:
        return []
    with translation.override(language):
        meta = [(_("Version"), str(version.number)), (_("Status"), status_label(version.status))]
        if version.status == PolicyVersion.Status.DRAFT:
            meta.append((_("Drafted"), format_date(version.created_at, language)))
        if version.published_at:
            meta.append((_("Approved"), format_date(version.published_at, language)))
            if version.approved_by is not None:
                meta.append((_("Approved by"), version.approved_by.display_name()))
        if version.review_due:
            meta.append((_("Review due"), format_date(version.review_due, language)))
        return meta


def status_label(status: str) -> str:
    labels: dict[str, str] = {
        PolicyVersion.Status.DRAFT: _("Draft, not yet approved"),
        PolicyVersion.Status.PUBLISHED: _("Published"),
        PolicyVersion.Status.SUPERSEDED: _("Superseded"),
    }
    return labels.get(status, status)


def version_document(version: PolicyVersion, kind: str, language: str) -> Document:
    return build_document(
        kind, version.answers, language, organisation=version.organisation, version=version
    )


def version_html(version: PolicyVersion, kind: str, language: str) -> tuple[str, str]:
    """The title and HTML fragment of one of a version's documents, cached."""
    from govsocial.documents import render

    def build() -> tuple[str, str]:
        document = version_document(version, kind, language)
        return document.title, render.render_html_fragment(document)

    organisation = version.organisation
    key = (
        "version",
        version.pk,
        version.status,
        version.published_at,
        version.review_due,
        version.approved_by_id,
        kind,
        language,
        organisation.name(language),
        organisation.audience,
        organisation.country,
        organisation.kind,  # the legal duties, the privacy notice and webcare replies
    )
    return cached_fragment(key, build)


def render_version(version: PolicyVersion, kind: str, language: str, fmt: str) -> bytes:
    from govsocial.documents import render

    return render.render(
        version_document(version, kind, language), fmt, organisation=version.organisation
    )


def download_name(version: PolicyVersion, kind: str, language: str, fmt: str) -> str:
    from govsocial.core.files import download_name as named_for
    from govsocial.documents import render

    from .companions import companion_file_stem

    with translation.override(language):
        stems = {"policy": _("social-media-policy"), "house_rules": _("house-rules")}
        stem = stems[kind] if kind in stems else companion_file_stem(kind, language)
    return named_for(
        version.organisation, language, stem, f"v{version.number}", extension=render.extension(fmt)
    )


# --- clause texts ---------------------------------------------------------------------


def clause_texts(
    version: PolicyVersion | Mapping[str, Any], language: str
) -> dict[str, tuple[str, str]]:
    """Clause id → (title, text) of a version's staff policy, in one language."""
    answers = version.answers if isinstance(version, PolicyVersion) else version
    organisation = version.organisation if isinstance(version, PolicyVersion) else None
    document = build_document("policy", answers, language, organisation=organisation)
    ids = {clause.id for clause in load_content().policy.clauses}  # not the appendix
    return {
        section.id: (section.title, _section_text(section))
        for section in document.sections
        if section.id in ids
    }


def _section_text(section: Section) -> str:
    parts: list[str] = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, BulletList):
            parts.extend(f"- {item}" for item in block.items)
        elif isinstance(block, Table):
            parts.append(block.caption)
            parts.extend(" — ".join(row) for row in block.rows)
        elif isinstance(block, Section):
            parts.append(block.title)
            parts.append(_section_text(block))
    return "\n".join(p for p in parts if p)

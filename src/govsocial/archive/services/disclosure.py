"""Disclosure for a records request (Woo / FOI): choosing the items, redacting
them, and what each item looks like in the package.

A redaction blanks a passage (or the whole item) in the package only, with the
ground recorded; the archive keeps the original. An item with a whole-item
redaction is withheld, one with passages blanked partly disclosed, the rest
disclosed. With `redact_public_authors`, the names of members of the public are
blanked on the personal-data ground of the organisation's country.

An item's photos and videos follow its decision: a disclosed item's go into the
package, a withheld item's never, and a partly disclosed item's are withheld on
the item's grounds unless the records officer releases them for that item
(`set_media_release`): the default errs on the side of personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from govsocial.core.access import scoped
from govsocial.core.models import Organisation, Person

from ..importers.errors import ArchiveError
from ..models import AuthorKind, Disclosure, DisclosureItem, Item, Redaction
from .grounds import GROUNDS, blank, personal_data_ground
from .search import Filters, search

MAX_ITEMS = 10_000

DISCLOSED, PARTLY, WITHHELD = "disclosed", "partly", "withheld"


def decision_label(decision: str) -> str:
    return {
        DISCLOSED: pgettext("disclosure decision", "Disclosed"),
        PARTLY: pgettext("disclosure decision", "Partly disclosed"),
        WITHHELD: pgettext("disclosure decision", "Withheld"),
    }[decision]


def filters_dict(filters: Filters) -> dict[str, Any]:
    values = {k: v for k, v in filters.__dict__.items() if v is not None}
    for key in ("since", "until"):
        if key in values:
            values[key] = values[key].isoformat()
    return values


def filters_from(values: dict[str, Any]) -> Filters:
    values = dict(values)
    for key in ("since", "until"):
        if values.get(key):
            values[key] = datetime.fromisoformat(values[key])
    return Filters(**values)


def select_items(organisation: Organisation, query: str, filters: Filters) -> list[Item]:
    """The items a request asks for: the search's matches, or with no words every
    item the filters allow (a channel, a period). Oldest first."""
    if query.strip():
        found = search(organisation, query, filters, limit=MAX_ITEMS + 1)
        return sorted(found, key=lambda i: (i.published_at is None, i.published_at, i.pk))
    if filters == Filters():
        raise ArchiveError(_("Give words to search for, or a channel or period."))
    items: QuerySet[Item] = scoped(Item, organisation).filter(destroyed_at__isnull=True)
    for name, lookup in (
        ("channel_id", "channel_id"), ("kind", "kind"), ("author_kind", "author_kind"),
        ("language", "language"), ("since", "published_at__gte"), ("until", "published_at__lt"),
    ):  # fmt: skip
        value = getattr(filters, name)
        if value is not None:
            items = items.filter(**{lookup: value})
    if filters.deleted is not None:
        items = items.filter(deleted_seen_at__isnull=not filters.deleted)
    return list(items.order_by("published_at", "pk")[: MAX_ITEMS + 1])


def create_disclosure(
    organisation: Organisation,
    person: Person | None,
    *,
    reference: str,
    query: str = "",
    filters: Filters | None = None,
    title: str = "",
    language: str = "en",
    redact_public_authors: bool = True,
) -> Disclosure:
    filters = filters or Filters()
    items = select_items(organisation, query, filters)
    if not items:
        raise ArchiveError(_("Nothing in the archive matches this request."))
    if len(items) > MAX_ITEMS:
        raise ArchiveError(
            _("More than %(max)s items match; narrow the request down.") % {"max": MAX_ITEMS}
        )
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            organisation=organisation,
            reference=reference.strip()[:100] or _("request"),
            title=title[:300],
            query=query[:300],
            filters=filters_dict(filters),
            language=language,
            redact_public_authors=redact_public_authors,
            author_ground=personal_data_ground(organisation.country),
            created_by=person if person is not None and person.pk else None,
        )
        DisclosureItem.objects.bulk_create(
            DisclosureItem(disclosure=disclosure, item=item, number=n)
            for n, item in enumerate(items, start=1)
        )
    return disclosure


def add_redaction(
    entry: DisclosureItem, person: Person | None, ground: str, passage: str = ""
) -> Redaction:
    if ground not in GROUNDS:
        raise ArchiveError(_("Choose a ground for the redaction."))
    passage = passage.strip()
    if passage and passage not in entry.item.text:
        raise ArchiveError(_("The passage does not occur in the item's text; copy it exactly."))
    return Redaction.objects.create(
        entry=entry,
        passage=passage,
        ground=ground,
        created_by=person if person is not None and person.pk else None,
    )


@dataclass(frozen=True)
class Shown:
    """An item as the package shows it."""

    entry: DisclosureItem
    item: Item
    text: str
    author: str
    decision: str
    grounds: tuple[str, ...]  # codes

    @property
    def decision_label(self) -> str:
        return decision_label(self.decision)

    @property
    def ground_labels(self) -> str:
        return "; ".join(GROUNDS[g].short if g in GROUNDS else g for g in self.grounds)


def _blank_passages(text: str, redactions: list[Redaction]) -> str:
    # Longest first, so a passage inside another is not blanked on its own first.
    for redaction in sorted(redactions, key=lambda r: len(r.passage), reverse=True):
        text = text.replace(redaction.passage, blank(redaction.ground))
    return text


def shown(disclosure: Disclosure, entry: DisclosureItem) -> Shown:
    """The item with its redactions applied (entry.redactions prefetched)."""
    item = entry.item
    redactions = list(entry.redactions.all())
    whole = [r for r in redactions if not r.passage]
    passages = [r for r in redactions if r.passage]
    grounds = list(dict.fromkeys(r.ground for r in redactions))
    author = item.author_handle
    if disclosure.redact_public_authors and item.author_kind == AuthorKind.PUBLIC and author:
        author = blank(disclosure.author_ground)
        grounds.append(disclosure.author_ground)
    if whole:
        text, decision = blank(whole[0].ground), WITHHELD
    elif passages or author != item.author_handle:
        text, decision = _blank_passages(item.text, passages), PARTLY
    else:
        text, decision = item.text, DISCLOSED
    return Shown(entry, item, text, author, decision, tuple(dict.fromkeys(grounds)))


def media_withheld(one: Shown) -> bool:
    """Whether the item's photos and videos stay out of the package: a withheld item's
    always, a partly disclosed item's unless the officer released them (a photo can
    show what the redaction blanks); the item's grounds stand for them."""
    return one.decision == WITHHELD or (one.decision == PARTLY and not one.entry.release_media)


def set_media_release(entry: DisclosureItem, release: bool) -> None:
    """Release (or withhold again) the media of a partly disclosed item."""
    entry.release_media = release
    entry.save(update_fields=["release_media"])


def entries(disclosure: Disclosure) -> QuerySet[DisclosureItem]:
    return (
        disclosure.entries.select_related("item").prefetch_related("redactions").order_by("number")
    )

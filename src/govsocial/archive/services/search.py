"""Full-text search over the archive: SQLite FTS5, or PostgreSQL full text.

On SQLite a virtual FTS5 table (`archive_item_fts`, rowid = item id) is kept
in step here whenever an item is written; on PostgreSQL a `search_vector`
column of the item table, made with the text search configuration of the
item's language (Dutch, English, …, `simple` otherwise) and a GIN index. Both
are created by migration 0002 for the database in use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from govsocial.core.models import Organisation

from ..models import Item

FTS_TABLE = "archive_item_fts"
PG_CONFIGS = {
    "nl": "dutch", "en": "english", "de": "german", "fr": "french", "es": "spanish",
    "it": "italian", "pt": "portuguese", "da": "danish", "sv": "swedish", "no": "norwegian",
    "nb": "norwegian", "fi": "finnish", "ro": "romanian", "ru": "russian", "tr": "turkish",
}  # fmt: skip
QUERY_CONFIGS = ("simple", "dutch", "english")
_WORD = re.compile(r"\w+\*?", re.UNICODE)


def _vendor() -> str:
    return connection.vendor


def index(items: Iterable[Item], replace: Sequence[int] = ()) -> None:
    """Put the items' current text in the search index (`replace`: ids already in it)."""
    items = [i for i in items if i.pk]
    if not items:
        return
    if _vendor() == "sqlite":
        with connection.cursor() as cursor:
            if replace:
                cursor.executemany(
                    f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk in replace]
                )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, text, author) VALUES (%s, %s, %s)",
                [(i.pk, i.text, i.author_handle) for i in items],
            )
    elif _vendor() == "postgresql":
        by_config: dict[str, list[int]] = {}
        for item in items:
            by_config.setdefault(PG_CONFIGS.get(item.language, "simple"), []).append(item.pk)
        with connection.cursor() as cursor:
            for config, ids in by_config.items():
                cursor.execute(
                    "UPDATE archive_item SET search_vector = to_tsvector(%s::regconfig, "
                    "coalesce(text, '') || ' ' || coalesce(author_handle, '')) WHERE id = ANY(%s)",
                    [config, ids],
                )


@dataclass(frozen=True)
class Filters:
    channel_id: int | None = None
    kind: str | None = None
    author_kind: str | None = None
    language: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    deleted: bool | None = None


def _fts_query(query: str) -> str:
    """The person's words as an FTS5 query: every word must occur; `word*` is a prefix."""
    words = []
    for token in _WORD.findall(query):
        prefix = token.endswith("*")
        word = token.rstrip("*").replace('"', "")
        if word:
            words.append(f'"{word}"' + ("*" if prefix else ""))
    return " AND ".join(words)


def _ts_query(query: str) -> str:
    """The person's words as a tsquery: every word (only word characters), `word*` a prefix."""
    terms = []
    for token in _WORD.findall(query):
        word = token.rstrip("*")
        if word:
            terms.append(word + (":*" if token.endswith("*") else ""))
    return " & ".join(terms)


def search(
    organisation: Organisation,
    query: str,
    filters: Filters | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Item]:
    """Items of the organisation matching every word of `query`, best first."""
    filters = filters or Filters()
    items = Item.objects.filter(organisation=organisation)
    if filters.channel_id is not None:
        items = items.filter(channel_id=filters.channel_id)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.author_kind:
        items = items.filter(author_kind=filters.author_kind)
    if filters.language:
        items = items.filter(language=filters.language)
    if filters.since:
        items = items.filter(published_at__gte=filters.since)
    if filters.until:
        items = items.filter(published_at__lt=filters.until)
    if filters.deleted is not None:
        items = items.filter(deleted_seen_at__isnull=not filters.deleted)
    if _vendor() == "sqlite":
        match = _fts_query(query)
        if not match:
            return []
        ranked = items.extra(  # noqa: S610 - parameters are bound, the table name is ours
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = archive_item.id", f"{FTS_TABLE} MATCH %s"],
            params=[match],
            select={"rank": f"{FTS_TABLE}.rank"},
            order_by=["rank", "-published_at"],
        )
        return list(ranked[offset : offset + limit])
    words = _ts_query(query)
    if not words:
        return []
    tsquery = " || ".join(f"to_tsquery('{c}', %s)" for c in QUERY_CONFIGS)
    ranked = items.extra(
        where=[f"archive_item.search_vector @@ ({tsquery})"],
        params=[words] * len(QUERY_CONFIGS),
        select={"rank": f"ts_rank(archive_item.search_vector, ({tsquery}))"},
        select_params=[words] * len(QUERY_CONFIGS),
        order_by=["-rank", "-published_at"],
    )
    return list(ranked[offset : offset + limit])

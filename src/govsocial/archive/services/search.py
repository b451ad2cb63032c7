"""Full-text search over the archive: SQLite FTS5, or PostgreSQL full text.

On SQLite a contentless FTS5 table (`archive_item_fts`, rowid = item id: the
text lives once, in the item table) holds the words of every item not
destroyed; it is kept in step here whenever an item is written. Taking an
entry out needs the words it went in with, so `reindex` and `unindex` are
given the item as the index has it, before its text changes.

On PostgreSQL a `search_vector` column of the item table with a GIN index,
made by a trigger whenever an item's text, author, language or destruction
changes, with the text search configuration of the item's language (Dutch,
English, …, `simple` otherwise): the functions here have nothing to do there.
Both are created by migrations (0002, 0006, 0010) for the database in use.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection

from govsocial.core.models import Organisation

from ..models import Item

FTS_TABLE = "archive_item_fts"
QUERY_CONFIGS = ("simple", "dutch", "english")
_WORD = re.compile(r"\w+\*?", re.UNICODE)
# An item's entry in the SQLite index: rowid, text, author, scope.
Entry = tuple[int, str, str, str]
_INSERT = f"INSERT INTO {FTS_TABLE}(rowid, text, author, scope) VALUES (%s, %s, %s, %s)"
_DELETE = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text, author, scope) "
    "VALUES ('delete', %s, %s, %s, %s)"
)


def _vendor() -> str:
    return connection.vendor


def entry(item: Any) -> Entry | None:
    """The item's entry as the SQLite index holds it; None for a destroyed item (not in it)."""
    if item.destroyed_at is not None:
        return None
    return (item.pk, item.text, item.author_handle, _scope(item.organisation_id, item.channel_id))


@functools.cache
def _scope(organisation_id: int, channel_id: int) -> str:
    """The index's scope column: the organisation and channel as two words."""
    return f"o{organisation_id} c{channel_id}"


_INDEX_WRITTEN = (
    f"INSERT INTO {FTS_TABLE}(rowid, text, author, scope) "
    "SELECT id, text, author_handle, 'o' || organisation_id || ' c' || channel_id "
    "FROM archive_item WHERE id BETWEEN %s AND %s AND destroyed_at IS NULL"
)


def index_written(first: int, last: int) -> None:
    """Put the new items just written with keys `first`…`last` (an import's batch) in the
    index: one statement reads their words back from the item table, where binding
    each item's values cost an import more."""
    if _vendor() != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(_INDEX_WRITTEN, [first, last])


def reindex(changes: Sequence[tuple[Entry | None, Any]]) -> None:
    """Items whose text, author or destruction changed: (their entry before, the item now)."""
    if not changes or _vendor() != "sqlite":
        return
    with connection.cursor() as cursor:
        gone = [before for before, _item in changes if before is not None]
        if gone:
            cursor.executemany(_DELETE, gone)
        entries = [e for _before, item in changes if (e := entry(item)) is not None]
        if entries:
            cursor.executemany(_INSERT, entries)


def unindex(items: Sequence[Any]) -> None:
    """Take items out of the search index (destroyed items): call it before their text goes."""
    if _vendor() != "sqlite":
        return
    entries = [e for e in map(entry, items) if e is not None]
    if entries:
        with connection.cursor() as cursor:
            cursor.executemany(_DELETE, entries)


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


def _sqlite_search(match: str, filters: Filters, limit: int, offset: int) -> list[Item]:
    """Newest capture first, in the index's own order, so SQLite stops at the page
    instead of ranking and sorting every match (a common word matches thousands).
    The organisation and channel are words of the index's scope column; other
    filters join the item row, still walking the index newest first."""
    conditions: list[str] = []
    params: list[Any] = [match]
    for column in ("kind", "author_kind", "language"):
        value = getattr(filters, column)
        if value:
            conditions.append(f"i.{column} = %s")
            params.append(value)
    adapt = connection.ops.adapt_datetimefield_value
    if filters.since:
        conditions.append("i.published_at >= %s")
        params.append(adapt(filters.since))
    if filters.until:
        conditions.append("i.published_at < %s")
        params.append(adapt(filters.until))
    if filters.deleted is not None:
        conditions.append(f"i.deleted_seen_at IS {'NOT ' if filters.deleted else ''}NULL")
    join = "JOIN archive_item i ON i.id = f.rowid" if conditions else ""
    where = " AND ".join([f"{FTS_TABLE} MATCH %s", *conditions])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT f.rowid FROM {FTS_TABLE} f {join} WHERE {where} "
            "ORDER BY f.rowid DESC LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        ids = [row[0] for row in cursor.fetchall()]
    found = Item.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def search(
    organisation: Organisation,
    query: str,
    filters: Filters | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Item]:
    """Items of the organisation matching every word of `query`, the most recently
    captured first."""
    filters = filters or Filters()
    if _vendor() == "sqlite":
        match = _fts_query(query)
        if not match:
            return []
        match += f" AND scope:o{organisation.pk}"
        if filters.channel_id is not None:
            match += f" AND scope:c{int(filters.channel_id)}"
        return _sqlite_search(match, filters, limit, offset)
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
    words = _ts_query(query)
    if not words:
        return []
    tsquery = " || ".join(f"to_tsquery('{c}', %s)" for c in QUERY_CONFIGS)
    # Newest capture first, as on SQLite: PostgreSQL walks the key backwards and stops
    # at the page for a common word, and takes the GIN index for a rare one; ranking
    # would read every match (over 100 ms for a common word in 100,000 items).
    found = items.extra(
        where=[f"archive_item.search_vector @@ ({tsquery})"],
        params=[words] * len(QUERY_CONFIGS),
    ).order_by("-pk")
    return list(found[offset : offset + limit])


def refresh_statistics(new_items: int) -> None:
    """After a large import, PostgreSQL's planner learns the table's new size and
    words at once (autovacuum would, later), so searches take the right index."""
    if _vendor() == "postgresql" and new_items >= 10_000:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE archive_item")

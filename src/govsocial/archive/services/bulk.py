"""Writing many rows at once, through Django's connection.

The ORM's bulk_create prepares every value of every row through the field
(most of an import's time); here the caller gives rows of values ready for
the database (`db_datetime`, `db_json`: text both databases read the same
way), with keys handed out here (`next_ids`) so nothing has to be read back.
SQLite takes them in one `executemany`, PostgreSQL in one COPY.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import chain
from typing import Any

import orjson
from django.db import connection, models


def db_datetime(value: datetime) -> str:
    """As Django writes a datetime on SQLite: naive UTC, "YYYY-MM-DD HH:MM:SS[.ffffff]"."""
    if value.tzinfo is UTC:  # most: orjson writes it as isoformat() does, at a third of its cost
        return orjson.dumps(value)[1:-7].replace(b"T", b" ", 1).decode()
    if value.tzinfo is not None:
        if value.tzinfo is not UTC:
            value = value.astimezone(UTC)
        value = value.replace(tzinfo=None)
    return str(value)


def db_json(value: Any) -> str:
    return orjson.dumps(value).decode()


# Rows per INSERT on SQLite: a statement of many rows steps and resets once for them all
# (and updates an AUTOINCREMENT table's counter once), about a fifth of a row's cost.
ROWS_PER_STATEMENT = 50


def _sql(model: type[models.Model], columns: Sequence[str], shared: int, rows: int) -> str:
    """An INSERT of `rows` rows whose first `shared` columns take the same parameters
    (?1…?shared, bound once for the statement) and the rest their own, numbered on."""
    quote = connection.ops.quote_name
    same = [f"?{n}" for n in range(1, shared + 1)]
    width, values = len(columns) - shared, []
    for row in range(rows):
        first = shared + row * width + 1
        values.append(
            "({})".format(", ".join([*same, *(f"?{n}" for n in range(first, first + width))]))
        )
    return "INSERT INTO {} ({}) VALUES {}".format(
        quote(model._meta.db_table), ", ".join(quote(c) for c in columns), ", ".join(values)
    )


def _sqlite_insert(
    cursor: Any,
    model: type[models.Model],
    columns: Sequence[str],
    shared: tuple[Any, ...],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Whole statements of ROWS_PER_STATEMENT rows (their values flattened in C), then the rest."""
    step = ROWS_PER_STATEMENT
    whole = len(rows) - len(rows) % step
    if whole:
        flat = chain.from_iterable
        cursor.executemany(
            _sql(model, columns, len(shared), step),
            [(*shared, *flat(rows[start : start + step])) for start in range(0, whole, step)],
        )
    if whole < len(rows):
        cursor.executemany(
            _sql(model, columns, len(shared), 1), [(*shared, *row) for row in rows[whole:]]
        )


def next_ids(model: type[models.Model], count: int) -> Sequence[int]:
    """`count` keys no row has had (SQLite's AUTOINCREMENT never reuses one either).

    On SQLite safe because the import's transaction holds the write lock (IMMEDIATE):
    nobody else adds a row between this and the INSERT. On PostgreSQL taken from the
    table's sequence, as an INSERT would."""
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"coalesce((SELECT max(id) FROM {connection.ops.quote_name(table)}), 0))",
            [table],
        )
        top = int(cursor.fetchone()[0])
    return range(top + 1, top + 1 + count)


def insert_rows(
    model: type[models.Model],
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    shared: dict[str, Any] | None = None,
) -> None:
    """INSERT rows of values ready for the database, for the fields `names`; `shared`:
    fields with the same value in every row (on SQLite bound once a statement, not a row)."""
    shared = shared or {}
    field = model._meta.get_field
    columns = [str(field(name).column) for name in [*shared, *names]]  # type: ignore[union-attr]
    same = tuple(shared.values())
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            _sqlite_insert(cursor, model, columns, same, rows)
            return
        sql = f"COPY {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:  # psycopg's own cursor: COPY is not DB-API
            for row in rows:
                copy.write_row((*same, *row))

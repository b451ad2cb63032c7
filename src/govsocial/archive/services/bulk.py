"""Writing many rows at once: `executemany` through Django's connection.

The ORM's bulk_create prepares every value of every row through the field
(most of an import's time); here each field's conversion is chosen once and
the rows go to the database in one `executemany`, with keys handed out here
(`next_ids`) so nothing has to be read back. On SQLite only: other databases
take bulk_create, which also returns the new keys there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import orjson
from django.db import connection, models

Convert = Callable[[Any], Any]


def db_datetime(value: datetime) -> str:
    """As Django writes a datetime on SQLite: naive UTC, "YYYY-MM-DD HH:MM:SS[.ffffff]"."""
    if value.tzinfo is not None:
        if value.tzinfo is not UTC:
            value = value.astimezone(UTC)
        value = value.replace(tzinfo=None)
    return str(value)


def db_json(value: Any) -> str:
    return orjson.dumps(value).decode()


def _converter(field: models.Field) -> Convert | None:
    if isinstance(field, models.JSONField):
        return db_json
    if isinstance(field, models.DateTimeField):
        return db_datetime
    return None


def fast() -> bool:
    return connection.vendor == "sqlite"


def _sql(model: type[models.Model], columns: Sequence[str]) -> str:
    quote = connection.ops.quote_name
    return "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )


def next_ids(model: type[models.Model], count: int) -> range:
    """`count` keys no row has had (SQLite's AUTOINCREMENT never reuses one either).

    Safe because the import's transaction holds SQLite's write lock (IMMEDIATE):
    nobody else adds a row between this and the INSERT."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"coalesce((SELECT max(id) FROM {connection.ops.quote_name(table)}), 0))",
            [table],
        )
        top = int(cursor.fetchone()[0])
    return range(top + 1, top + 1 + count)


def insert_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT rows of values ready for the database, for the fields `names`."""
    columns = [str(model._meta.get_field(name).column) for name in names]  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.executemany(_sql(model, columns), rows)


def insert(model: type[models.Model], objects: Sequence[Any]) -> None:
    """INSERT the objects' fields, their keys included, in one executemany; SQLite only.

    The objects need only the fields' attributes (`id`, `organisation_id`, `text`, …)."""
    if not objects:
        return
    fields = list(model._meta.concrete_fields)
    values = attrgetter(*(f.attname for f in fields))
    converted = [(n, c) for n, f in enumerate(fields) if (c := _converter(f)) is not None]
    rows = []
    last: dict[int, tuple[Any, Any]] = {n: (None, None) for n, _c in converted}
    for obj in objects:
        row = list(values(obj))
        for n, convert in converted:
            value = row[n]
            if value is None:
                continue
            before, done = last[n]
            if value is not before:  # the batch's capture time is one object: converted once
                done = convert(value)
                last[n] = (value, done)
            row[n] = done
        rows.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(_sql(model, [str(f.column) for f in fields]), rows)


class Pending:
    """A row to be written, without a model instance's cost (attributes named as
    the model's; `id` set once it has a key)."""

    DEFAULTS: dict[str, Any] = {}  # values shared by every row; never mutated
    FACTORIES: dict[str, Callable[[], Any]] = {}  # fresh mutable defaults (dict, list)

    if TYPE_CHECKING:  # the attributes are named by the model's fields

        def __getattr__(self, name: str) -> Any: ...
        def __setattr__(self, name: str, value: Any) -> None: ...

    def __init__(self, **values: Any) -> None:
        state = self.__dict__
        state.update(self.DEFAULTS)
        for name, factory in self.FACTORIES.items():
            if name not in values:
                state[name] = factory()
        state.update(values)

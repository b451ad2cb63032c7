"""Writing many rows at once: `executemany` through Django's connection.

The ORM's bulk_create prepares every value of every row through the field
(most of an import's time); here each field's conversion is chosen once and
the rows go to the database in one `executemany`. On SQLite only: other
databases take bulk_create, which also returns the new keys there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import orjson
from django.db import connection, models

Convert = Callable[[Any], Any]


def _converter(field: models.Field) -> Convert | None:
    if isinstance(field, models.JSONField):
        return lambda value: orjson.dumps(value).decode()
    if isinstance(field, models.DateTimeField):
        # As Django writes it on SQLite: naive UTC, "YYYY-MM-DD HH:MM:SS[.ffffff]".
        return lambda value: str(
            value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
        )
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


def insert_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT rows of values ready for the database, for the fields `names`."""
    columns = [str(model._meta.get_field(name).column) for name in names]  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.executemany(_sql(model, columns), rows)


def insert(model: type[models.Model], objects: Sequence[Any]) -> None:
    """INSERT the objects' fields (not their keys) in one executemany; SQLite only.

    The objects need only the fields' attributes (`organisation_id`, `text`, …)."""
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    values = attrgetter(*(f.attname for f in fields))
    converted = [(n, c) for n, f in enumerate(fields) if (c := _converter(f)) is not None]
    rows = []
    for obj in objects:
        row = list(values(obj))
        for n, convert in converted:
            if row[n] is not None:
                row[n] = convert(row[n])
        rows.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(_sql(model, [str(f.column) for f in fields]), rows)


if TYPE_CHECKING:
    from ..models import ItemVersion


class Pending:
    """A row to be written, without a model instance's cost (slots named as the
    model's attributes; `pk` set once written)."""

    __slots__: tuple[str, ...] = ()
    DEFAULTS: dict[str, Any] = {}

    if TYPE_CHECKING:  # the slots are named by the model's fields

        def __getattr__(self, name: str) -> Any: ...
        def __setattr__(self, name: str, value: Any) -> None: ...

    def __init__(self, **values: Any) -> None:
        # Defaults that are factories (dict, list) are called; the others set as they are.
        for name, default in self.DEFAULTS.items():
            if name not in values:
                setattr(self, name, default() if default in (dict, list) else default)
        for name, value in values.items():
            setattr(self, name, value)


class PendingVersion(Pending):
    """An ItemVersion to be written; its item gets its key only when the batch's
    items are written."""

    __slots__ = (
        "organisation_id", "channel_id", "item", "number", "event", "text", "language",
        "fields", "content_hash", "raw_id", "edited_at", "run_id", "origin",
        "importer_version", "captured_at", "sequence", "previous_hash", "record_hash",
    )  # fmt: skip
    DEFAULTS = {"text": "", "language": "", "fields": dict, "content_hash": "", "raw_id": None,
                "edited_at": None}  # fmt: skip

    @property
    def item_id(self) -> int:
        return self.item.pk

    def model(self) -> ItemVersion:
        from ..models import ItemVersion

        values = {name: getattr(self, name) for name in self.__slots__ if name != "item"}
        # The item may be a pending row (no model instance): link it by its key.
        return ItemVersion(item_id=self.item.pk, **values)

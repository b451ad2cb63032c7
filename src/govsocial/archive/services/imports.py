"""`import_export`: one export (or one file of it) into one channel, all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from govsocial.channels import services as channels
from govsocial.core import registry
from govsocial.core.models import Organisation

from ..importers import sniff
from ..importers.base import Importer, WrongPlatform
from ..importers.errors import ArchiveError
from ..importers.files import Export
from . import search
from .capture import Channel, Writer, few_collections
from .media import BATCH as MEDIA_BATCH
from .media import Keeper


@dataclass(frozen=True)
class ImportCounts:
    new: int
    new_versions: int
    marked_deleted: int
    unchanged: int
    records: int
    run_id: int
    files: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["files"] = list(self.files)
        return values


def sources() -> dict[str, Importer]:
    """Every registered importer by its name (x, facebook, …, csv)."""
    return registry.importers()


def importer_for(source: str) -> Importer:
    found = sources().get(source)
    if found is None:
        raise ArchiveError(
            _("“%(source)s” is not a source the archive can import; choose one of: %(known)s.")
            % {"source": source, "known": ", ".join(sources())}
        )
    return found


def channel_for(organisation: Organisation, channel_id: int) -> Channel:
    """The organisation's channel `channel_id`, through the register's published contract."""
    for choice in channels.channel_choices(organisation):
        if choice.id == channel_id:
            return Channel(choice.id, choice.platform, choice.handle.lstrip("@"))
    raise ArchiveError(
        _("%(org)s has no channel %(id)s.") % {"org": organisation.slug, "id": channel_id}
    )


def check_fit(importer: Importer, channel: Channel) -> None:
    if (
        "*" in importer.platforms
        or channel.platform in importer.platforms
        or channel.platform == "other"
    ):
        return
    raise ArchiveError(
        _("Channel %(id)s is on %(platform)s; a %(source)s export cannot be imported into it.")
        % {"id": channel.id, "platform": channel.platform, "source": importer.label}
    )


def _explain(error: WrongPlatform, export: Export) -> ArchiveError:
    """Name the platform the file does come from, when it is clear."""
    if export.is_zip or not export.entries:
        return error
    found = sniff.platform_of(export.entries[0])
    if not found:
        return error
    return ArchiveError(
        _("%(message)s It looks like a %(platform)s export: choose that source.")
        % {"message": error.message, "platform": found}
    )


def import_export(
    organisation: Organisation,
    channel_id: int,
    source: str,
    path: Path | str,
    *,
    mapping: dict[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    started_by: str = "",
    name: str = "",
) -> ImportCounts:
    """Read the export at `path` with the `source` importer into the channel.

    Atomic: a refusal (ArchiveError, with a message in the person's language)
    anywhere in the export leaves the archive as it was.
    """
    importer = importer_for(source)
    channel = channel_for(organisation, channel_id)
    check_fit(importer, channel)
    if importer.name == "csv":
        from .mappings import mapping_for  # mappings itself uses channel_for from here

        mapping = mapping_for(organisation, channel_id, mapping)
    context: dict[str, Any] = {"mapping": dict(mapping or {})}
    with Export(Path(path), progress=progress, name=name) as export:
        try:
            parts = importer.parts(export)
        except WrongPlatform as error:
            raise _explain(error, export) from error
        export.total = sum(p.entry.size for p in parts)
        keeper = Keeper(organisation, importer, export)
        try:
            with transaction.atomic(), few_collections():
                writer = Writer(organisation, channel, importer, export.display_name, started_by)
                for part in parts:
                    for record in importer.records(part, context):
                        writer.add(record)
                        keeper.collect(record)
                        if len(keeper.pending) >= MEDIA_BATCH:
                            writer.flush()
                            keeper.flush(writer)
                writer.flush()
                keeper.flush(writer)
                complete = {p.collection for p in parts if p.complete} - {
                    p.collection for p in parts if not p.complete
                }
                writer.mark_absent(complete)
                run = writer.finish()
        except BaseException:
            keeper.discard()
            raise
    search.refresh_statistics(run.new)
    return ImportCounts(
        new=run.new,
        new_versions=run.new_versions,
        marked_deleted=run.marked_deleted,
        unchanged=run.unchanged,
        records=writer.records,
        run_id=run.pk,
        files=tuple(p.entry.name for p in parts),
    )

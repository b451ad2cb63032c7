"""API sync of a channel: settings (token encrypted), the sync itself, the task's bookkeeping.

A sync reads the platform first and writes afterwards: the records go to a
temporary file while the API is paged (no transaction held open across the
network, memory flat), then land in one transaction through the same writer
as a file import. So a refusal halfway (an HTTP error, malformed JSON, an
oversized answer) leaves the archive as it was, and a whole sync marks what
it no longer finds as deleted, with the date seen. Photos and videos are
fetched between the two (remote_media): one that cannot be fetched is listed
as not kept, with the reason, instead of stopping the sync; the files of a
sync that fails as a whole are removed again.
"""

from __future__ import annotations

import logging
import pickle
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from govsocial.core import encryption, registry
from govsocial.core.access import scoped
from govsocial.core.i18n import current_language
from govsocial.core.models import Organisation, Person

from ..importers.base import Record
from ..importers.errors import ArchiveError
from ..models import SyncSettings
from ..sync.base import Account, Syncer
from ..sync.http import Client, check_base_url
from .capture import Channel, Writer
from .imports import ImportCounts, channel_for
from .remote_media import SyncMedia

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncCounts(ImportCounts):
    """A sync's counts, with the photos and videos it fetched: kept, or listed not kept."""

    media_kept: int = 0
    media_not_kept: int = 0
    complete: bool = True  # False: a listing had more pages than one sync reads


def incomplete_text() -> str:
    """What a person reads after a sync that stopped at GOVSOCIAL_SYNC_MAX_PAGES."""
    most = settings.GOVSOCIAL_SYNC_MAX_PAGES
    return ngettext(
        "This sync stopped after %(pages)s page, the most one sync reads: the oldest posts "
        "or comments were not read, and nothing was marked deleted. Upload the channel's "
        "export to archive the rest.",
        "This sync stopped after %(pages)s pages, the most one sync reads: the oldest posts "
        "or comments were not read, and nothing was marked deleted. Upload the channel's "
        "export to archive the rest.",
        most,
    ) % {"pages": formats.number_format(most, 0, use_l10n=True, force_grouping=True)}


def syncers() -> dict[str, Syncer]:
    return registry.syncers()


def syncer_for(source: str) -> Syncer:
    found = syncers().get(source)
    if found is None:
        raise ArchiveError(
            _("“%(source)s” is not a platform the archive can sync; choose one of: %(known)s.")
            % {"source": source, "known": ", ".join(syncers())}
        )
    return found


def sync_choices(organisation: Organisation, channel_id: int) -> list[Syncer]:
    """The syncers that fit the channel's platform."""
    channel = channel_for(organisation, channel_id)
    return [
        s
        for s in syncers().values()
        if channel.platform in s.platforms or channel.platform == "other"
    ]


def _check_fit(syncer: Syncer, channel: Channel) -> None:
    if channel.platform in syncer.platforms or channel.platform == "other":
        return
    raise ArchiveError(
        _("Channel %(id)s is on %(platform)s; it cannot be synced through the %(source)s.")
        % {"id": channel.id, "platform": channel.platform, "source": syncer.label}
    )


def settings_for(organisation: Organisation, channel_id: int) -> SyncSettings | None:
    return scoped(SyncSettings, organisation).filter(channel_id=channel_id).first()


def save_settings(
    organisation: Organisation,
    channel_id: int,
    *,
    source: str,
    account: str,
    base_url: str = "",
    token: str = "",
    clear_token: bool = False,
    by: str = "",
) -> SyncSettings:
    """Check and keep the channel's sync settings; an empty `token` keeps the one set."""
    syncer = syncer_for(source)
    _check_fit(syncer, channel_for(organisation, channel_id))
    base_url = base_url.strip() or syncer.default_base_url
    if not base_url:
        raise ArchiveError(
            _("Give the address of the server (the instance), e.g. https://social.example.nl.")
        )
    base_url = check_base_url(base_url)
    account = account.strip()
    if not account:
        raise ArchiveError(_("Give the account (handle, page id or account id) to sync."))
    found = settings_for(organisation, channel_id) or SyncSettings(
        organisation=organisation, channel_id=channel_id
    )
    found.source, found.base_url, found.account = source, base_url, account[:300]
    found.updated_by = by[:150]
    if token.strip():
        found.token_encrypted = encryption.encrypt(token.strip())
    elif clear_token:
        found.token_encrypted = ""
    if syncer.needs_token and not found.token_encrypted:
        raise ArchiveError(
            _("%(platform)s needs an access token to sync.") % {"platform": syncer.label}
        )
    found.save()
    return found


def _token(found: SyncSettings) -> str:
    if not found.token_encrypted:
        return ""
    try:
        return encryption.decrypt(found.token_encrypted)
    except encryption.UnreadableSecret as error:
        raise ArchiveError(
            _(
                "The stored access token can no longer be read (the secret key changed); set it again."
            )
        ) from error


def _fetch(syncer: Syncer, found: SyncSettings, spool: IO[bytes]) -> tuple[int, bool]:
    """Page the platform's API into `spool`; the number of records and whether all were read."""
    state: dict[str, Any] = {"partial": False}
    count = 0
    account = Account(found.base_url, found.account, _token(found))
    with Client(found.base_url, account.token) as client:
        for record in syncer.fetch(client, account, state):
            pickle.dump(_values(record), spool, protocol=pickle.HIGHEST_PROTOCOL)
            count += 1
    return count, not state["partial"]


# A record goes to the spool as the tuple of its fields: pickle writes and reads a tuple
# of plain values at a fraction of the cost of an object it must rebuild by its class.
_FIELDS = tuple(f.name for f in fields(Record))


def _values(record: Record) -> tuple[Any, ...]:
    return tuple([getattr(record, name) for name in _FIELDS])


def _spooled(spool: IO[bytes], count: int) -> Iterator[Record]:
    spool.seek(0)
    load = pickle.load
    for _n in range(count):
        yield Record(*load(spool))  # noqa: S301 - our own temporary file


def sync_channel(
    organisation: Organisation, channel_id: int, *, started_by: str = ""
) -> ImportCounts:
    """Read the channel from its platform's API into the archive, all or nothing."""
    channel = channel_for(organisation, channel_id)
    found = settings_for(organisation, channel_id)
    if found is None:
        raise ArchiveError(
            _("Channel %(id)s has no API sync settings; set them on the channel's sync page first.")
            % {"id": channel_id}
        )
    syncer = syncer_for(found.source)
    _check_fit(syncer, channel)
    media = SyncMedia(organisation, channel.id, syncer)
    with tempfile.TemporaryFile() as spool:
        count, complete = _fetch(syncer, found, spool)
        try:
            media.fetch(_spooled(spool, count))
            counts = _write(found, syncer, channel, spool, count, complete, media, started_by)
        except BaseException:
            media.discard()
            raise
    return counts


def _write(
    found: SyncSettings,
    syncer: Syncer,
    channel: Channel,
    spool: IO[bytes],
    count: int,
    complete: bool,
    media: SyncMedia,
    started_by: str,
) -> SyncCounts:
    """Land the spooled records and the media found in one transaction."""
    with transaction.atomic():
        writer = Writer(
            found.organisation, channel, syncer, f"{found.base_url} {found.account}", started_by
        )
        for record in _spooled(spool, count):
            writer.add(record)
        writer.flush()
        media.link(writer)
        if complete:
            writer.mark_absent(set(syncer.collections))
        run = writer.finish()
        counts = SyncCounts(
            new=run.new,
            new_versions=run.new_versions,
            marked_deleted=run.marked_deleted,
            unchanged=run.unchanged,
            records=writer.records,
            run_id=run.pk,
            files=(found.base_url,),
            media_kept=media.kept,
            media_not_kept=media.not_kept,
            complete=complete,
        )
        SyncSettings.objects.filter(pk=found.pk).update(
            status=SyncSettings.Status.DONE,
            message="",
            counts=counts.as_dict(),
            last_synced_at=timezone.now(),
        )
    return counts


def request_sync(
    organisation: Organisation, person: Person | None, channel_id: int
) -> SyncSettings:
    """Queue a sync of the channel as a background task ("sync now")."""
    found = settings_for(organisation, channel_id)
    if found is None:
        raise ArchiveError(_("Save the sync settings first."))
    found.status, found.message, found.language = SyncSettings.Status.QUEUED, "", current_language()
    found.save(update_fields=["status", "message", "language"])
    from ..tasks import sync_channel as task

    username = person.get_username() if person is not None and person.pk else ""
    transaction.on_commit(lambda: task.enqueue(found.pk, started_by=username))
    return found


def run_sync(settings_id: int, started_by: str = "") -> dict[str, Any]:
    """The task's work: sync, and keep the outcome (or the refusal) for the page."""
    found = SyncSettings.objects.select_related("organisation").get(pk=settings_id)
    SyncSettings.objects.filter(pk=found.pk).update(status=SyncSettings.Status.RUNNING)
    with translation.override(found.language):
        try:
            counts = sync_channel(found.organisation, found.channel_id, started_by=started_by)
        except ArchiveError as error:
            _failed(found, error.message)
            return {}
        except Exception:
            _failed(found, _("The sync stopped on an unexpected error; nothing was archived."))
            raise
    return counts.as_dict()


def _failed(found: SyncSettings, message: str) -> None:
    SyncSettings.objects.filter(pk=found.pk).update(
        status=SyncSettings.Status.FAILED, message=message
    )


def sync_all() -> int:
    """Every channel with sync settings, one after the other (the daily task); how many ran."""
    done = 0
    for pk in SyncSettings.objects.order_by("pk").values_list("pk", flat=True):
        try:
            if run_sync(pk, started_by="schedule"):
                done += 1
        except Exception:  # one broken channel must not stop the others
            log.exception("archive sync of settings %s failed", pk)
    return done

"""Test data for the archive, and the scoping contract (`scoping_urls`)."""

from __future__ import annotations

import hashlib
import itertools
import mimetypes
from datetime import UTC, date, datetime, timedelta

import orjson
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from govsocial.archive import services
from govsocial.archive.importers.base import ORGANISATION, POST, PUBLIC, REPLY, Record
from govsocial.archive.models import (
    ChainCheck,
    ChainHead,
    ImportJob,
    Item,
    MediaFile,
    SyncSettings,
)
from govsocial.archive.services.capture import Channel, Writer
from govsocial.archive.services.chain import link_media
from govsocial.channels.tests.factories import make_channel
from govsocial.core import registry

_counter = itertools.count(1)
START = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)


def record(external_id: str, text: str, **fields) -> Record:  # type: ignore[no-untyped-def]
    values = {
        "kind": POST,
        "author_kind": ORGANISATION,
        "published_at": START,
        "origin": "tests",
        "collection": "tests",
        "language": "nl",
    }
    values.update(fields)
    payload = {"id": external_id, "text": text, **{k: str(v) for k, v in fields.items()}}
    return Record(external_id=external_id, text=text, raw=orjson.dumps(payload), **values)


def archive_records(organisation, channel, records, source: str = "mastodon"):  # type: ignore[no-untyped-def]
    """Write records into the channel's archive as one import would."""
    importer = registry.importers()[source]
    ref = Channel(channel.pk, channel.platform, channel.handle.lstrip("@"))
    with transaction.atomic():
        writer = Writer(organisation, ref, importer, "tests", "tests")
        for one in records:
            writer.add(one)
        return writer.finish()


def make_archived_channel(organisation, posts: int = 3, **fields):  # type: ignore[no-untyped-def]
    """A Mastodon channel with `posts` posts, each with a reply from the public."""
    n = next(_counter)
    fields.setdefault("platform", "mastodon")
    fields.setdefault("handle", f"@archived{n}")
    channel = make_channel(organisation, owner=None, cover=None, **fields)
    records = []
    for p in range(posts):
        at = START + timedelta(days=p)
        records.append(record(f"p{n}-{p}", f"Het zwembad is open {p}", published_at=at))
        records.append(
            record(
                f"r{n}-{p}", f"Waarom zo laat? {p}", kind=REPLY, author_kind=PUBLIC,
                author_handle="inwoner", in_reply_to=f"p{n}-{p}", thread_id=f"p{n}-{p}",
                published_at=at + timedelta(hours=1),
            )
        )  # fmt: skip
    archive_records(organisation, channel, records)
    return channel


def scoping_urls(organisation):
    """Every URL of the archive that names an object, for one object of each kind."""
    channel = make_archived_channel(organisation, posts=1)
    item = Item.objects.filter(organisation=organisation, channel_id=channel.pk).first()
    job = ImportJob.objects.create(
        organisation=organisation, channel_id=channel.pk, source="mastodon", filename="outbox.json"
    )
    ChainCheck.objects.create(organisation=organisation)
    SyncSettings.objects.create(
        organisation=organisation, channel_id=channel.pk, source="mastodon",
        base_url="https://social.example", account=channel.handle, status="done",
        counts={"new": 2, "new_versions": 0, "marked_deleted": 0, "unchanged": 0},
    )  # fmt: skip
    disclosure = services.create_disclosure(
        organisation, None, reference="WOO-1", filters=services.Filters(channel_id=channel.pk)
    )
    entry = disclosure.entries.first()
    redaction = services.add_redaction(entry, None, "woo-5.1.2.e")
    hold = services.place_hold(
        organisation, None, "a dispute", channel_id=channel.pk, since=date(2030, 1, 1)
    )
    services.set_schedule(organisation, None, channel.pk, {"reply": 1})
    destruction = services.destroy(organisation, None, "tests")[0]
    # A saved CSV mapping, so that the mapping page shows its column pickers.
    services.save_mapping(
        organisation, channel.pk,
        {"conversation": "Gesprek", "time": "Tijd", "direction": "Richting", "text": "Bericht"},
    )  # fmt: skip
    return [
        reverse("archive:retention_channel", args=[channel.pk]),
        reverse("archive:hold_release", args=[hold.pk]),
        reverse("archive:destruction", args=[destruction.pk]),
        reverse("archive:disclosure", args=[disclosure.pk]),
        reverse("archive:disclosure_entry", args=[disclosure.pk, entry.pk]),
        reverse("archive:redaction_remove", args=[disclosure.pk, redaction.pk]),
        reverse("archive:disclosure_download", args=[disclosure.pk]),
        reverse("archive:channel", args=[channel.pk]),
        reverse("archive:sync", args=[channel.pk]),
        reverse("archive:item", args=[item.pk]),
        reverse("archive:job", args=[job.pk]),
        reverse("archive:mapping", args=[channel.pk]),
        reverse("archive:media_file", args=[item.pk, _media_file(organisation, item).pk]),
    ]


def _media_file(organisation, item):  # type: ignore[no-untyped-def]
    data = b"\x89PNG\r\n\x1a\n a photo"
    sha = hashlib.sha256(data).hexdigest()
    name = services.media_storage().save(f"archive/{organisation.pk}/{sha}.png", ContentFile(data))
    return attach_media(organisation, item, "media/photo.png", data, name)


def attach_media(organisation, item, origin, data, name=None):  # type: ignore[no-untyped-def]
    """A kept media file of `item`, linked into its channel's chain as an import links it."""
    sha = hashlib.sha256(data).hexdigest()
    if name is None:
        name = services.media_storage().save(
            f"archive/{organisation.pk}/{sha}{origin[origin.rfind('.') :]}", ContentFile(data)
        )
    media = MediaFile(
        organisation=organisation, item=item, origin=origin, storage_name=name, sha256=sha,
        size=len(data), content_type=mimetypes.guess_type(origin)[0] or "application/octet-stream",
        run=item.last_seen_run,
    )  # fmt: skip
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().get(
            organisation=organisation, channel_id=item.channel_id
        )
        link_media(head, media, item.source, item.external_id, media.run.started_at)
        media.save()
        head.save()
    return media

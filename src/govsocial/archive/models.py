"""The records archive: what an organisation's channels published and received.

Tables only; the rules (what is a new version, the hash chain, search) live in
services/. A channel is referred to by its id (`channel_id`), checked through
the channels app's published contract, never a foreign key into another app.

Every change of an item is an `ItemVersion`, and every version is one link of
its channel's hash chain (capture order): `record_hash = SHA-256(previous_hash
+ canonical record)`, the canonical record naming the raw payload's SHA-256.
A deletion seen in a later export is a version too (event "deleted"), so the
chain also proves when the archive learnt of it. Nothing is ever removed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    POST = "post", pgettext_lazy("archive item kind", "Post")
    REPLY = "reply", pgettext_lazy("archive item kind", "Reply")
    COMMENT = "comment", pgettext_lazy("archive item kind", "Comment")
    DIRECT_MESSAGE = "direct_message", pgettext_lazy("archive item kind", "Direct message")
    REPOST = "repost", pgettext_lazy("archive item kind", "Repost")


class AuthorKind(models.TextChoices):
    ORGANISATION = "organisation", pgettext_lazy("archive author", "The organisation")
    PUBLIC = "public", pgettext_lazy("archive author", "A member of the public")


class RawPayload(models.Model):
    """The bytes a platform delivered for one item, kept as they were."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    sha256 = models.CharField(max_length=64)
    media_type = models.CharField(max_length=40)  # application/json, application/cbor, text/csv
    size = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "sha256"], name="archive_raw_unique")
        ]

    def __str__(self) -> str:
        return f"{self.sha256[:12]} ({self.size} bytes)"


class ImportRun(models.Model):
    """One import of an export (or, later, one API sync) into one channel."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    channel_id = models.PositiveBigIntegerField()
    source = models.CharField(max_length=32)
    origin = models.CharField(_("file or endpoint"), max_length=500)
    importer_version = models.CharField(max_length=20)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    new = models.PositiveIntegerField(default=0)
    new_versions = models.PositiveIntegerField(default=0)
    marked_deleted = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    started_by = models.CharField(max_length=150, blank=True)  # user name or "cli"

    class Meta:
        indexes = [models.Index(fields=["organisation", "channel_id", "finished_at"])]

    def __str__(self) -> str:
        return f"{self.source} {self.origin} ({self.finished_at:%Y-%m-%d})"


class Item(models.Model):
    """One archived post, reply, comment, direct message or repost; its fields
    are those of its current version, kept here for search and listing."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    channel_id = models.PositiveBigIntegerField()
    source = models.CharField(max_length=32)
    # The export's file family ("tweets", "outbox", …): a complete export of a
    # collection marks the items it no longer holds as deleted.
    collection = models.CharField(max_length=60)
    external_id = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    author_kind = models.CharField(max_length=20, choices=AuthorKind.choices)
    author_handle = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    language = models.CharField(max_length=16, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    in_reply_to = models.CharField(max_length=300, blank=True)  # external id of the parent
    thread_id = models.CharField(max_length=300, blank=True)  # external id of the conversation
    url = models.CharField(max_length=1000, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    current_version = models.PositiveIntegerField(default=1)  # number of the current ItemVersion
    first_captured_at = models.DateTimeField()
    last_seen_run = models.ForeignKey(
        ImportRun, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    deleted_seen_at = models.DateTimeField(null=True, blank=True)
    deleted_on_platform_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "channel_id", "source", "external_id"],
                name="archive_item_unique",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "channel_id", "published_at"]),
            models.Index(fields=["organisation", "channel_id", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"


class ItemVersion(models.Model):
    """A change of an item (first capture, edit, deletion seen) and its link in the chain."""

    class Event(models.TextChoices):
        CAPTURED = "captured", pgettext_lazy("archive event", "Captured")
        EDITED = "edited", pgettext_lazy("archive event", "Edited")
        DELETED = "deleted", pgettext_lazy("archive event", "Deleted")
        RESTORED = "restored", pgettext_lazy("archive event", "Seen again")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    channel_id = models.PositiveBigIntegerField()
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    event = models.CharField(max_length=12, choices=Event.choices)
    text = models.TextField(blank=True)
    language = models.CharField(max_length=16, blank=True)
    # The rest of the item as this version had it (kind, author, dates, links, url).
    fields = models.JSONField(default=dict)
    content_hash = models.CharField(max_length=64, blank=True)
    raw = models.ForeignKey(RawPayload, null=True, on_delete=models.PROTECT, related_name="+")
    edited_at = models.DateTimeField(null=True, blank=True)  # the platform's edit time
    # Provenance.
    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="versions")
    origin = models.CharField(max_length=500)  # file (entry in the ZIP) or endpoint
    importer_version = models.CharField(max_length=20)
    captured_at = models.DateTimeField()
    # The chain.
    sequence = models.PositiveBigIntegerField()
    previous_hash = models.CharField(max_length=64)
    record_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="archive_version_unique"),
            models.UniqueConstraint(
                fields=["organisation", "channel_id", "sequence"], name="archive_chain_unique"
            ),
        ]
        indexes = [models.Index(fields=["item", "content_hash"])]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.number} ({self.event})"


class ChainHead(models.Model):
    """The last link of a channel's chain: a removed last record still shows."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    channel_id = models.PositiveBigIntegerField()
    sequence = models.PositiveBigIntegerField(default=0)
    record_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "channel_id"], name="archive_head_unique"
            )
        ]

    def __str__(self) -> str:
        return f"channel {self.channel_id} at {self.sequence}"

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
    """The bytes a platform delivered for one version of an item, kept as they were.

    Reached through its version, never looked up by its SHA-256: no index on it
    (one in random order cost an import more than any other table)."""

    # No index: nothing reads payloads by organisation but through their versions.
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    sha256 = models.CharField(max_length=64)
    media_type = models.CharField(max_length=40)  # application/json, application/cbor, text/csv
    size = models.PositiveIntegerField()
    data = models.BinaryField()
    destroyed_at = models.DateTimeField(null=True, blank=True)  # data emptied, sha256 kept

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

    # No index of its own: the composite unique constraint below starts with it.
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
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
        ImportRun, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    deleted_seen_at = models.DateTimeField(null=True, blank=True)
    deleted_on_platform_at = models.DateTimeField(null=True, blank=True)
    # Destroyed under the retention schedule: the row stays as the record of what went.
    destroyed_at = models.DateTimeField(null=True, blank=True)
    destruction = models.ForeignKey(
        "Destruction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
        db_index=False,  # a partial index below: only destroyed items are in it
    )

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
            models.Index(
                fields=["destruction"],
                condition=models.Q(destruction__isnull=False),
                name="archive_item_destroyed",
            ),
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
        DESTROYED = "destroyed", pgettext_lazy("archive event", "Destroyed")

    # No index of its own: the composite unique constraint below starts with it.
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    channel_id = models.PositiveBigIntegerField()
    # Indexed by the (item, number) constraint.
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="versions", db_index=False
    )
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
    run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="versions", db_index=False
    )
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

    def __str__(self) -> str:
        return f"{self.item_id} v{self.number} ({self.event})"


class MediaReason(models.TextChoices):
    """Why a media file of an API sync is listed but not kept."""

    TOO_LARGE = "too_large", _("larger than the limit")
    STATUS = "status", _("the media host answered with an error")
    UNREACHABLE = "unreachable", _("the media host could not be reached")
    REFUSED = "refused", _("the address is not a public https address")
    STREAM = "stream", _("a streamed video, which the archive does not fetch")
    UNRESOLVED = "unresolved", _("the author's server could not be found")


class MediaFile(models.Model):
    """A photo or video of an item, from the export, kept through Django's storage
    API (the data folder or an object store) under its SHA-256, which verify checks."""

    # No index of its own: the composite unique constraint below starts with it.
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="media")
    origin = models.CharField(max_length=500)  # the file's path in the export
    storage_name = models.CharField(max_length=300, blank=True)  # empty: over the size limit
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="+", db_index=False)
    # Its own link in the channel's hash chain (services.chain): the sequence is shared
    # with the channel's item versions, the record covers the item, origin, SHA-256,
    # size, content type and the import's capture time.
    sequence = models.PositiveBigIntegerField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    record_hash = models.CharField(max_length=64, blank=True)
    # Why a file is listed but not kept (empty: kept, or over the size limit of an export).
    # A row, once written, does not change (a later sync never rewrites it); a file an API
    # sync could not fetch (yet) is a MediaFailure until a sync keeps it.
    reason = models.CharField(max_length=20, choices=MediaReason.choices, blank=True)
    description = models.TextField(blank=True)  # the platform's alt text

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "item", "origin"], name="archive_media_unique"
            )
        ]

    def __str__(self) -> str:
        return self.origin

    @property
    def previewable(self) -> bool:
        """A kept photo the item page shows small: an <img> decodes it and runs nothing."""
        return bool(self.storage_name) and self.content_type in PREVIEW_TYPES


# Photos every browser shows in an <img> (SVG left out: it is a document, not a photo).
PREVIEW_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})


class MediaFailure(models.Model):
    """A photo or video an API sync could not fetch (an error status, a timeout, an
    address refused): listed with the reason, tried again by the next sync, and
    removed once a sync keeps the file (a MediaFile then)."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="media_failures")
    origin = models.CharField(max_length=500)  # the address on the platform, or a media id
    reason = models.CharField(max_length=20, choices=MediaReason.choices)
    detail = models.CharField(max_length=200, blank=True)  # e.g. the HTTP status
    content_type = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)  # the platform's alt text
    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "item", "origin"], name="archive_media_failure_unique"
            )
        ]

    def __str__(self) -> str:
        return self.origin


class SavedMapping(models.Model):
    """The columns of a webcare tool's CSV for one channel, reused by the next import."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    channel_id = models.PositiveBigIntegerField()
    mapping = models.JSONField(default=dict)  # field -> column
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=150, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "channel_id"], name="archive_mapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"channel {self.channel_id}"


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


class ImportJob(models.Model):
    """An export uploaded in the browser, imported by the background task.

    Its progress while the import's transaction is open lives in a small file
    beside the upload (services.jobs): the row is written only before and after."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("archive import", "Waiting")
        RUNNING = "running", pgettext_lazy("archive import", "Importing")
        DONE = "done", pgettext_lazy("archive import", "Done")
        FAILED = "failed", pgettext_lazy("archive import", "Refused")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    channel_id = models.PositiveBigIntegerField()
    source = models.CharField(max_length=32)
    filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    path = models.CharField(max_length=1000, blank=True)  # the upload, removed once read
    language = models.CharField(max_length=8, default="en")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField(blank=True)
    counts = models.JSONField(default=dict, blank=True)
    run = models.ForeignKey(ImportRun, null=True, on_delete=models.SET_NULL, related_name="+")
    started_by = models.ForeignKey(
        "core.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"


class ChainCheck(models.Model):
    """The outcome of one `verify` of the organisation's hash chains, for the page."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    ok = models.BooleanField(null=True)
    channels = models.PositiveIntegerField(default=0)
    records = models.PositiveBigIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # the first 100
    requested_by = models.ForeignKey(
        "core.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"check {self.pk}: {self.ok}"


class Disclosure(models.Model):
    """A package for a records request (Woo / FOI): the items found, their
    redactions, and each time it was exported. The archive itself is never changed."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(_("reference"), max_length=100)
    title = models.CharField(_("request"), max_length=300, blank=True)
    query = models.CharField(max_length=300, blank=True)
    filters = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=8, default="en")
    # Names of members of the public are personal data: blanked unless the lead decides otherwise.
    redact_public_authors = models.BooleanField(default=True)
    author_ground = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(
        "core.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    exported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return self.reference


class DisclosureItem(models.Model):
    """One item of a package, with its number on the inventory list."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    # A partly disclosed item's photos and videos are withheld (they may show what the
    # redaction blanks) unless the records officer has looked and releases them.
    release_media = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["disclosure", "item"], name="archive_disclosure_item"),
        ]
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.disclosure_id}#{self.number}"


class Redaction(models.Model):
    """A passage (or, with no passage, the whole item) blanked in a package, and why."""

    entry = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="redactions")
    passage = models.TextField(blank=True)  # the exact words; blank: the whole item
    ground = models.CharField(max_length=40)
    created_by = models.ForeignKey(
        "core.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.ground}: {self.passage[:30] or '*'}"


class RetentionSchedule(models.Model):
    """How long a channel's items are kept, in years per item kind (None: permanently).

    A channel without a schedule keeps everything: nothing is destroyed by default."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    channel_id = models.PositiveBigIntegerField()
    years = models.JSONField(default=dict)  # {"post": 10, "comment": 2, "direct_message": None}
    basis = models.CharField(_("basis"), max_length=300, blank=True)  # e.g. the selectielijst
    set_by = models.ForeignKey(
        "core.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "channel_id"], name="archive_retention_unique"
            )
        ]

    def __str__(self) -> str:
        return f"channel {self.channel_id}: {self.years}"


class LegalHold(models.Model):
    """Items that must not be destroyed (a dispute, an investigation, a request):
    one channel or all (channel_id None), optionally only a period."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    channel_id = models.PositiveBigIntegerField(null=True, blank=True)
    since = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    placed_by = models.ForeignKey(
        "core.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.reason[:40]


class Destruction(models.Model):
    """One destruction run for one channel: what (the items, which keep a tombstone
    row), when, by whom and on what ground. Each item's destruction is also a link
    in the channel's hash chain."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    channel_id = models.PositiveBigIntegerField()
    performed_at = models.DateTimeField()
    performed_by = models.ForeignKey(
        "core.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.CharField(max_length=150)  # user name, or "cli"
    ground = models.TextField()
    schedule = models.JSONField(default=dict)  # the years per kind applied
    count = models.PositiveIntegerField(default=0)
    kinds = models.JSONField(default=dict)  # items destroyed per kind
    first_published = models.DateTimeField(null=True, blank=True)
    last_published = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"destruction {self.pk}: {self.count} items"


class SyncSettings(models.Model):
    """How the archive reads one channel from its platform's API, and the last sync's outcome.

    The access token is kept encrypted (core.encryption) and never shown again."""

    class Status(models.TextChoices):
        NEVER = "never", pgettext_lazy("archive sync", "Not synced yet")
        QUEUED = "queued", pgettext_lazy("archive sync", "Waiting")
        RUNNING = "running", pgettext_lazy("archive sync", "Syncing")
        DONE = "done", pgettext_lazy("archive sync", "Done")
        FAILED = "failed", pgettext_lazy("archive sync", "Refused")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    channel_id = models.PositiveBigIntegerField()
    source = models.CharField(max_length=32)  # the registered syncer's name
    base_url = models.CharField(max_length=300)
    account = models.CharField(max_length=300)
    token_encrypted = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=150, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEVER)
    language = models.CharField(max_length=8, default="en")  # of the last request's messages
    message = models.TextField(blank=True)
    counts = models.JSONField(default=dict, blank=True)
    last_synced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "channel_id"], name="archive_one_sync_per_channel"
            )
        ]

    def __str__(self) -> str:
        return f"sync of channel {self.channel_id} ({self.source})"

    @property
    def has_token(self) -> bool:
        return bool(self.token_encrypted)

"""The disclosure package as a ZIP, in the package's language:

    items.jsonl, items.csv          every item as disclosed (redactions applied)
    threads/thread-NNN.pdf          each conversation, readable
    inventory.csv, inventory.pdf    the inventory list (inventarislijst), with per item
                                    its photos and videos included, withheld, not kept
    media/<sha256><ext>             the photos and videos of the items disclosed in full
                                    (and of partly disclosed items the officer released)
    hashes.csv                      per item: its chain record hash and raw payload SHA-256;
                                    per media file: its chain record hash and SHA-256
    raw.warc.gz                     the raw payloads of the items disclosed in full
    SHA256SUMS                      the SHA-256 of every file above

A raw payload holds what a redaction blanks, so only fully disclosed items'
payloads go into the WARC; which media go in is `package_media`'s rule. The
ZIP is written to a temporary file beside `out` and moved into place; an
export is recorded in the audit trail.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from warcio.warcwriter import WARCWriter

from govsocial.channels import services as channels
from govsocial.core.models import Person
from govsocial.core.services import record_event
from govsocial.documents import render
from govsocial.documents.model import Document, Paragraph, Section, Table

from ..models import Disclosure, ItemVersion, RawPayload
from . import package_media
from .disclosure import DISCLOSED, Shown, decision_label, entries, shown
from .package_media import ItemMedia

CSV_FIELDS = [
    "number", "published_at", "channel", "kind", "author_kind", "author", "text", "decision",
    "grounds", "deleted_on_platform", "url", "media_files", "media_withheld", "media_not_kept",
]  # fmt: skip
INVENTORY_FIELDS = [
    "number", "published_at", "channel", "kind", "decision", "grounds", "media_included",
    "media_withheld", "media_not_kept",
]  # fmt: skip
# A row's keys for the PDFs only (items.jsonl has the media as `ItemMedia.as_json`).
_PDF_ONLY = ("media_lines", "media_summary", *package_media.ItemMedia().as_columns())


def entry(name: str) -> zipfile.ZipInfo:
    """A ZIP entry dated now, as `writestr` dates its entries (a bare ZipInfo says 1980)."""
    return zipfile.ZipInfo(name, date_time=time.localtime()[:6])


class _Hashing:
    """Remember each file's SHA-256 as it is written into the ZIP."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive, self.sums = archive, {}  # type: ignore[var-annotated]

    def write(self, name: str, data: bytes) -> None:
        self.archive.writestr(name, data)
        self.sums[name] = hashlib.sha256(data).hexdigest()

    def write_file(self, name: str, path: Path) -> None:
        digest = hashlib.sha256()
        info = entry(name)
        info.compress_type = self.archive.compression
        with path.open("rb") as source, self.archive.open(info, "w", force_zip64=True) as out:
            while chunk := source.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
        self.sums[name] = digest.hexdigest()


def _row(one: Shown, names: dict[int, str], media: ItemMedia) -> dict[str, Any]:
    item = one.item
    return {
        "number": one.entry.number,
        "published_at": item.published_at.isoformat() if item.published_at else "",
        "channel": names.get(item.channel_id, f"#{item.channel_id}"),
        "kind": str(item.get_kind_display()),
        "author_kind": str(item.get_author_kind_display()),
        "author": one.author,
        "text": one.text,
        "decision": decision_label(one.decision),
        "grounds": one.ground_labels,
        "deleted_on_platform": item.deleted_seen_at.isoformat() if item.deleted_seen_at else "",
        "url": item.url if one.decision == DISCLOSED else "",
        **media.as_columns(),
        "media_lines": media.lines(),
        "media_summary": media.summary(),
    }


def _jsonl(row: dict[str, Any], media: ItemMedia) -> bytes:
    values = {k: v for k, v in row.items() if k not in _PDF_ONLY}
    return orjson.dumps({**values, **media.as_json()}) + b"\n"


def _thread_key(one: Shown) -> str:
    item = one.item
    return f"{item.channel_id}:{item.thread_id or item.in_reply_to or item.external_id}"


def _thread_document(disclosure: Disclosure, number: int, rows: list[dict[str, Any]]) -> Document:
    sections = [
        Section(
            title=f"{row['number']} · {row['kind']} · {row['published_at'][:16].replace('T', ' ')}",
            blocks=[
                Paragraph(f"{row['author_kind']}: {row['author'] or '—'}"),
                Paragraph(row["text"] or "—"),
                *(Paragraph(line) for line in row["media_lines"]),
                Paragraph(f"{_('Decision')}: {row['decision']}" + (f" ({row['grounds']})" if row["grounds"] else "")),
            ],
        )
        for row in rows
    ]  # fmt: skip
    return Document(
        title=_("Conversation %(number)s") % {"number": number},
        subtitle=f"{disclosure.reference} · {rows[0]['channel']}",
        language=disclosure.language,
        sections=sections,
    )


def _inventory_document(disclosure: Disclosure, rows: list[dict[str, Any]]) -> Document:
    header = [_("Number"), _("Date"), _("Channel"), _("Kind"), _("Decision"), _("Ground"),
              _("Photos and videos")]  # fmt: skip
    table = Table(
        header=header,
        rows=[
            [str(r["number"]), r["published_at"][:10], r["channel"], r["kind"], r["decision"], r["grounds"],
             r["media_summary"]]
            for r in rows
        ],
        caption=_("Inventory list"),
    )  # fmt: skip
    meta = [(_("Reference"), disclosure.reference)]
    if disclosure.title:
        meta.append((_("Request"), disclosure.title))
    return Document(
        title=_("Inventory list"),
        subtitle=disclosure.reference,
        language=disclosure.language,
        meta=meta,
        sections=[Section(title=_("Items"), blocks=[table])],
    )


def _csv(rows: list[dict[str, Any]], fields: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _current_versions(disclosure: Disclosure) -> dict[int, tuple[str, str, int | None]]:
    """Per item: the record hash of its last chain entry, the raw SHA-256 and raw id of its current version."""
    item_ids = list(disclosure.entries.values_list("item_id", flat=True))
    result: dict[int, tuple[str, str, int | None]] = {}
    for start in range(0, len(item_ids), 500):
        chunk = item_ids[start : start + 500]
        last = dict(
            ItemVersion.objects.filter(item_id__in=chunk)
            .values("item_id")
            .annotate(n=Max("number"))
            .values_list("item_id", "n")
        )
        rows = ItemVersion.objects.filter(item_id__in=chunk).values_list(
            "item_id", "number", "record_hash", "raw__sha256", "raw_id", "item__current_version"
        )
        for item_id, number, record_hash, raw_sha, raw_id, current in rows:
            record, sha, raw = result.get(item_id, ("", "", None))
            if number == last.get(item_id):
                record = record_hash
            if number == current:
                sha, raw = raw_sha or "", raw_id
            result[item_id] = (record, sha, raw)
    return result


def _warc(path: Path, disclosure: Disclosure, raws: list[tuple[Shown, int]]) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        info = {
            "software": "GovSocial archive",
            "format": "WARC File Format 1.1",
            "isPartOf": disclosure.reference,
        }
        writer.write_record(writer.create_warcinfo_record(path.name, info))
        for start in range(0, len(raws), 200):
            chunk = raws[start : start + 200]
            data = dict(
                RawPayload.objects.filter(pk__in=[r for _s, r in chunk]).values_list("pk", "data")
            )
            for one, raw_id in chunk:
                payload = bytes(data.get(raw_id) or b"")
                if not payload:
                    continue
                item = one.item
                uri = item.url or f"urn:govsocial:{item.source}:{item.external_id}"
                record = writer.create_warc_record(
                    uri, "resource", payload=io.BytesIO(payload), length=len(payload),
                    warc_content_type="application/json" if payload[:1] in (b"{", b"[") else "application/octet-stream",
                    warc_headers_dict={"WARC-Date": (item.first_captured_at.strftime("%Y-%m-%dT%H:%M:%SZ"))},
                )  # fmt: skip
                writer.write_record(record)


def _shown_all(disclosure: Disclosure) -> Iterator[Shown]:
    for entry in entries(disclosure).iterator(chunk_size=500):
        yield shown(disclosure, entry)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _hashes(items: list[Shown], versions: dict[int, tuple[str, str, int | None]],
            media: dict[int, ItemMedia]) -> list[dict[str, Any]]:  # fmt: skip
    """The hash manifest: per item its chain record and raw payload, after it per included
    media file its own chain record and SHA-256 (the bytes in `file` hash to it)."""
    rows = []
    for one in items:
        record, raw_sha, raw_id = versions.get(one.item.pk, ("", "", None))
        base = {"number": one.entry.number, "source": one.item.source,
                "external_id": one.item.external_id}  # fmt: skip
        rows.append(
            {**base, "record_hash": record, "raw_sha256": raw_sha,
             "raw_in_warc": "yes" if one.decision == DISCLOSED and raw_id else "no",
             "file": "", "sha256": ""}
        )  # fmt: skip
        for shared in media.get(one.item.pk, ItemMedia()).included:
            rows.append(
                {**base, "record_hash": shared.record_hash, "raw_sha256": "", "raw_in_warc": "",
                 "file": shared.file, "sha256": shared.sha256}
            )  # fmt: skip
    return rows


def _write_documents(
    files: _Hashing, disclosure: Disclosure, items: list[Shown], rows: list[dict[str, Any]]
) -> int:
    """The conversation PDFs and the inventory list; returns the number of conversations."""
    threads: dict[str, list[dict[str, Any]]] = {}
    for one, row in zip(items, rows, strict=True):
        threads.setdefault(_thread_key(one), []).append(row)
    for n, thread in enumerate(threads.values(), start=1):
        document = _thread_document(disclosure, n, thread)
        files.write(
            f"threads/thread-{n:04d}.pdf", render.render(document, "pdf", disclosure.organisation)
        )
    files.write("inventory.csv", _csv(rows, INVENTORY_FIELDS))
    files.write(
        "inventory.pdf",
        render.render(_inventory_document(disclosure, rows), "pdf", disclosure.organisation),
    )
    return len(threads)


def write_package(
    disclosure: Disclosure, out: Path, person: Person | None = None, by: str = ""
) -> dict[str, Any]:
    """Write the package to `out`; returns what was written (also in the audit trail).

    A media file that no longer matches its SHA-256 stops it (ArchiveError, nothing written)."""
    out = Path(out)
    organisation = disclosure.organisation
    names = {c.id: c.name for c in channels.channel_choices(organisation)}
    with translation.override(disclosure.language):
        items = list(_shown_all(disclosure))
        media = package_media.plan(organisation, items)
        shares = [media.get(one.item.pk, ItemMedia()) for one in items]
        rows = [_row(one, names, m) for one, m in zip(items, shares, strict=True)]
        versions = _current_versions(disclosure)
        handle, temp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        os.close(handle)
        try:
            with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                files = _Hashing(archive)
                files.write(
                    "items.jsonl", b"".join(_jsonl(r, m) for r, m in zip(rows, shares, strict=True))
                )
                files.write("items.csv", _csv(rows, CSV_FIELDS))
                threads = _write_documents(files, disclosure, items, rows)
                media_files = package_media.write(archive, files.sums, shares)
                hashes = _hashes(items, versions, media)
                files.write("hashes.csv", _csv(hashes, list(hashes[0]) if hashes else ["number"]))
                raws = [
                    (one, versions[one.item.pk][2])
                    for one in items
                    if one.decision == DISCLOSED and versions.get(one.item.pk, ("", "", None))[2]
                ]
                warc_path = Path(temp + ".warc.gz")
                try:
                    _warc(warc_path, disclosure, raws)  # type: ignore[arg-type]
                    files.write_file("raw.warc.gz", warc_path)
                finally:
                    warc_path.unlink(missing_ok=True)
                sums = "".join(f"{digest}  {name}\n" for name, digest in files.sums.items())
                archive.writestr("SHA256SUMS", sums)
            os.chmod(temp, 0o600)
            os.replace(temp, out)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    digest = _file_sha256(out)
    summary = {
        "items": len(items),
        "withheld": sum(1 for s in items if s.decision != DISCLOSED),
        "threads": threads,
        "raw_payloads": len(raws),
        "media_files": media_files,
        "media_withheld": sum(m.count(package_media.WITHHELD) for m in shares),
        "sha256": digest,
    }
    disclosure.exported_at = timezone.now()
    disclosure.save(update_fields=["exported_at"])
    record_event(
        organisation, person, "archive.disclosure_exported", disclosure,
        summary=f"{disclosure.reference}: {len(items)} items", by=by or "web", **summary,
    )  # fmt: skip
    return summary

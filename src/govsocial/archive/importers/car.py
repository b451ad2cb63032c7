"""A CARv1 file (an AT Protocol repository) read without loading it whole.

One pass over the file notes where each block lies (CID → offset, length);
the records are then found by walking the Merkle search tree from the
commit's `data` CID, reading each block from disk when it is needed. Blocks
are decoded as DAG-CBOR by the `atproto` package; the record's block bytes
are its raw payload, exactly as the repository holds them.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Any, BinaryIO

from atproto_core.cbor import decode_dag
from atproto_core.exceptions import DAGCBORDecodingError
from django.utils.translation import gettext as _

from .base import ArchiveError
from .files import Entry


class MalformedCAR(ArchiveError):
    pass


def _bad(name: str) -> MalformedCAR:
    return MalformedCAR(
        _("%(file)s is not a readable Bluesky repository (CAR) file; nothing was imported.")
        % {"file": name}
    )


def _varint(stream: BinaryIO) -> int | None:
    shift = result = 0
    while True:
        byte = stream.read(1)
        if not byte:
            return None if shift == 0 else -1
        result |= (byte[0] & 0x7F) << shift
        if not byte[0] & 0x80:
            return result
        shift += 7
        if shift > 63:
            return -1


def _varint_bytes(data: bytes, pos: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def cid_length(block: bytes) -> int:
    """Length of the CIDv1 at the start of a block section: version, codec, multihash."""
    if block[:2] == b"\x12\x20":  # CIDv0: a bare sha2-256 multihash
        return 34
    _version, pos = _varint_bytes(block, 0)
    _codec, pos = _varint_bytes(block, pos)
    _hash_code, pos = _varint_bytes(block, pos)
    size, pos = _varint_bytes(block, pos)
    return pos + size


class CarFile:
    """Blocks are read from a temporary copy, so a CAR inside a ZIP can be read
    at random without unpacking it again for every block."""

    def __init__(self, entry: Entry) -> None:
        self.entry = entry
        self.name = entry.name
        self.stream: BinaryIO = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self.blocks: dict[bytes, tuple[int, int]] = {}
        self.roots: list[bytes] = []

    def _read(self, source: BinaryIO, length: int) -> bytes:
        data = source.read(length)
        if len(data) != length:
            raise _bad(self.name)
        self.stream.write(data)
        return data

    def index(self) -> None:
        limit = self.entry.export.limits.record_bytes
        with self.entry.open() as source:
            length = _varint(source)
            if length is None or length <= 0 or length > limit:
                raise _bad(self.name)
            header = self._decode(self._read(source, length))
            if (
                not isinstance(header, dict)
                or header.get("version") != 1
                or not header.get("roots")
            ):
                raise _bad(self.name)
            self.roots = list(header["roots"])
            offset = length
            while (length := _varint(source)) is not None:
                if length <= 0 or length > limit:
                    raise _bad(self.name)
                block = self._read(source, length)
                try:
                    size = cid_length(block)
                except IndexError as exc:
                    raise _bad(self.name) from exc
                self.blocks[block[:size]] = (offset + size, length - size)
                offset += length

    def raw(self, cid: Any) -> bytes | None:
        place = self.blocks.get(bytes(cid)) if isinstance(cid, bytes | bytearray) else None
        if place is None:
            return None
        self.stream.seek(place[0])
        data = self.stream.read(place[1])
        if len(data) != place[1]:
            raise _bad(self.name)
        return data

    def block(self, cid: Any) -> Any:
        data = self.raw(cid)
        return None if data is None else self._decode(data)

    def _decode(self, data: bytes) -> Any:
        try:
            return decode_dag(data)
        except (DAGCBORDecodingError, ValueError) as exc:
            raise _bad(self.name) from exc

    def records(self) -> Iterator[tuple[str, bytes, Any, dict[str, Any]]]:
        """(collection/rkey, raw block, CID, commit) of every record of the latest commit."""
        commit = self.block(self.roots[0])
        if not isinstance(commit, dict) or "data" not in commit:
            raise _bad(self.name)
        for key, cid in self._walk(commit["data"], depth=0):
            data = self.raw(cid)
            if data is not None:  # a partial export may leave out a record's block
                yield key, data, cid, commit

    def _walk(self, cid: Any, depth: int) -> Iterator[tuple[str, Any]]:
        if depth > 64:
            raise _bad(self.name)
        node = self.block(cid)
        if node is None:
            return
        if not isinstance(node, dict) or not isinstance(node.get("e"), list):
            raise _bad(self.name)
        if node.get("l"):
            yield from self._walk(node["l"], depth + 1)
        key = b""
        for entry in node["e"]:
            key = key[: entry.get("p", 0)] + entry.get("k", b"")
            yield key.decode("utf-8", errors="replace"), entry.get("v")
            if entry.get("t"):
                yield from self._walk(entry["t"], depth + 1)

    def close(self) -> None:
        self.stream.close()

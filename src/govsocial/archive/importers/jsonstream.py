"""Streaming the elements of a JSON array, each as the exact bytes it was written as.

The archive keeps every item's raw payload byte for byte, so an element is cut
out of the file rather than parsed and written again; it is parsed (orjson)
only after it has been cut. Only strings and brackets matter to find where an
element ends, and the regular expression engine skips everything else. Once
one element is found, the next ones are cut where they most likely end (a
closing bracket before a comma) and orjson, which parses each element anyway,
confirms the cut; the scanner takes over wherever that does not hold. Memory is bounded by the largest element
(`Limits.record_bytes`), never by the file.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Generator, Iterable, Iterator

import orjson
from django.utils.translation import gettext as _

from .base import ArchiveError

# A whole string, a bracket, or a lone quote (a string not finished in this buffer).
_TOKEN = re.compile(rb'("[^"\\]*(?:\\.[^"\\]*)*")(\s*:)?|[\[\]{}]|"')
OPEN, CLOSE = b"[{", b"]}"
# The element `_following` last parsed to check its cut, for `loads` (one per thread).
_checked = threading.local()


class MalformedJSON(ArchiveError):
    pass


def malformed(name: str, detail: str = "") -> MalformedJSON:
    message = _("%(file)s is not valid JSON; nothing was imported.") % {"file": name}
    return MalformedJSON(f"{message} ({detail})" if detail else message)


def array_elements(
    chunks: Iterable[bytes],
    paths: Iterable[tuple[str, ...]],
    name: str,
    max_element: int,
) -> Iterator[tuple[tuple[str, ...], bytes]]:
    """(path, raw bytes) of each element of the arrays found at `paths`.

    A path names object keys from the top: `()` is a top-level array,
    `("orderedItems",)` the array under that key of a top-level object.
    Elements that are objects, arrays or strings are yielded; numbers and
    literals are not (no export keeps items as bare numbers).
    """
    wanted = set(paths)
    source = iter(chunks)
    buf, pos, start, finished = b"", 0, -1, False
    stack: list[list] = []  # [is an object, key of the value being read]
    target, target_path = -1, ()  # depth of the wanted array we are in
    while True:
        match = _TOKEN.search(buf, pos)
        if _incomplete(match, buf, stack, target, finished):
            if finished:
                if match is not None:
                    raise malformed(name, _("a text is not closed"))
                break
            keep = start if start >= 0 else (match.start() if match else len(buf))
            pos = (match.start() if match else len(buf)) - keep
            buf, start = buf[keep:], (0 if start >= 0 else -1)
            if len(buf) > max_element:
                raise too_large(name, max_element)
            chunk = next(source, None)
            finished = chunk is None
            buf += chunk or b""
            continue
        assert match is not None
        token, at, pos = match.group(), match.start(), match.end()
        depth = len(stack)
        if token[0] == 0x22:  # a string
            if match.group(2) is not None and target < 0 and stack and stack[-1][0]:
                stack[-1][1] = match.group(1)  # a key
            elif depth == target and start < 0:
                yield target_path, token
            elif stack and target < 0:
                stack[-1][1] = None
        elif token in OPEN:
            if depth == target and start < 0:
                start = at
            elif target < 0 and token == b"[":
                path = _path(stack)
                if path is not None and path in wanted:
                    target, target_path = depth + 1, path
            stack.append([token == b"{", None])
        else:
            if not stack or stack[-1][0] != (token == b"}"):
                raise malformed(name, _("brackets do not match"))
            stack.pop()
            depth -= 1
            if depth == target and start >= 0:
                if pos - start > max_element:
                    raise too_large(name, max_element)
                yield target_path, buf[start:pos]
                start = -1
                buf, pos, finished = yield from _following(
                    buf, pos, finished, source, target_path, max_element
                )
            elif depth == target - 1:
                target = -1
            if stack and target < 0:
                stack[-1][1] = None
    if stack:
        raise malformed(name, _("the file ends too early"))


_GAP = re.compile(rb"\s*,\s*")
# Where an element may end: its closing bracket, then the comma or bracket after it.
_ENDS = {0x7B: re.compile(rb"\}(?=\s*[,\]])"), 0x5B: re.compile(rb"\](?=\s*[,\]])")}
TRIES = 8  # cuts tried per element before the scanner takes it (bounds the work)


def _following(
    buf: bytes,
    pos: int,
    finished: bool,
    source: Iterator[bytes],
    path: tuple[str, ...],
    max_element: int,
) -> Generator[tuple[tuple[str, ...], bytes], None, tuple[bytes, int, bool]]:
    """The next elements of the array, cut without the scanner where orjson confirms the cut.

    An element that is an object ends at a "}" followed by "," or "]"; the first such
    cut that orjson parses is the element's end (a slice from the element's first byte
    that parses whole ends at the bracket matching it). Whatever does not fit (a bare
    string, a cut not found within a few tries) goes back to the scanner, which is then
    where it was."""
    while True:
        gap = _GAP.match(buf, pos)
        if gap is None or gap.end() >= len(buf):
            return buf, pos, finished
        begin = gap.end()
        ends = _ENDS.get(buf[begin])
        if ends is None:
            return buf, pos, finished
        scan, tries, element = begin, 0, None
        while element is None:
            cut = ends.search(buf, scan)
            if cut is None:
                if finished or len(buf) - begin > max_element:
                    return buf, pos, finished
                buf, begin, scan = buf[pos:], begin - pos, scan - pos
                pos = 0
                chunk = next(source, None)
                finished = chunk is None
                buf += chunk or b""
                continue
            candidate = buf[begin : cut.end()]
            if len(candidate) > max_element:
                return buf, pos, finished  # the scanner refuses it
            try:
                _checked.value = (candidate, orjson.loads(candidate))
            except orjson.JSONDecodeError:
                tries += 1
                if tries >= TRIES:
                    return buf, pos, finished
                scan = cut.end()
                continue
            element = candidate
        yield path, element
        pos = begin + len(element)


def _incomplete(match, buf: bytes, stack: list[list], target: int, finished: bool) -> bool:
    """More bytes are needed to know what the next token is."""
    if match is None or match.group() == b'"':
        return True
    if finished or match.group(1) is None or match.group(2) is not None:
        return False
    # A string outside the wanted array: a key only if a colon follows, maybe in the next chunk.
    return target < 0 and bool(stack) and stack[-1][0] and not buf[match.end() :].strip()


def too_large(name: str, limit: int) -> ArchiveError:
    return ArchiveError(
        _("%(file)s holds a record larger than the archive accepts (%(limit)s MB).")
        % {"file": name, "limit": max(1, limit // (1024 * 1024))}
    )


def _path(stack: list[list]) -> tuple[str, ...] | None:
    keys = []
    for is_object, key in stack:
        if not is_object or key is None:
            return None
        keys.append(orjson.loads(key))
    return tuple(keys)


def loads(raw: bytes, name: str) -> object:
    checked, value = getattr(_checked, "value", (None, None))
    if raw is checked:  # parsed already by _following's check: not twice
        _checked.value = (None, None)
        return value
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise malformed(name, str(exc)) from exc

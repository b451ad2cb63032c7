"""Output files: written so that a failure never leaves a half-written file, and named for people."""

import os
import re
import tempfile
import unicodedata
from pathlib import Path


def write_atomically(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    path = Path(path).resolve()
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _words(text: str) -> str:
    """ASCII letters and digits joined by hyphens, case kept (a deck code is upper case)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")


def download_name(organisation, language: str, *parts: str, extension: str) -> str:
    """`<organisation>-<parts>-<language>.<extension>` in ASCII, e.g.
    gemeente-voorbeeld-socialemediabeleid-v2-nl.docx. Named after the organisation's
    name in the document's language: its short name may be a placeholder ("example")."""
    owner = _words(organisation.name(language)).lower() if organisation is not None else ""
    if not owner and organisation is not None:
        owner = _words(organisation.slug).lower()
    words = [owner[:80], *(_words(part) for part in parts), language]
    return "-".join(word for word in words if word)[:150] + "." + extension

"""House templates: checking, storing and removing an organisation's .docx template."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from govsocial.core.i18n import current_language
from govsocial.core.models import Organisation, Person
from govsocial.core.services import record_event

from .models import HouseTemplate
from .package import without_external_relationships
from .render.docx import build_on_template
from .samples import sample_document

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024  # a zip bomb is refused as too large
DOCUMENT_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def _not_docx() -> ValidationError:
    return ValidationError(
        _(
            "This file is not a Word document (.docx). Open your template in Word, "
            "choose Save as, pick “Word Document (.docx)” and upload that file."
        ),
        code="not_docx",
    )


def _macro() -> ValidationError:
    return ValidationError(
        _(
            "This Word file contains macros, which GovSocial does not accept because "
            "they can run code. Save the template as “Word Document (.docx)”, "
            "without macros, and upload that file."
        ),
        code="macro",
    )


def _too_large(size: int) -> ValidationError:
    return ValidationError(
        _("This file is %(size)s; a house template may be at most %(limit)s.")
        % {"size": filesizeformat(size), "limit": filesizeformat(MAX_TEMPLATE_BYTES)},
        code="too_large",
    )


def _does_not_render() -> ValidationError:
    return ValidationError(
        _(
            "GovSocial could not build a Word document on this template. Open it in Word, "
            "choose Save as, pick “Word Document (.docx)” and upload that file; if that does "
            "not help, start from a copy of a template that works."
        ),
        code="does_not_render",
    )


def check_house_template(filename: str, data: bytes) -> bytes:
    """The template as .docx bytes, or ValidationError saying what is wrong.

    Refuses what is not a real Word document, anything with macros, anything
    larger than 5 MB and anything the sample document cannot be built on. A Word
    template (.dotx) is accepted and stored as a document; external relationships
    (an attached template on a file server, linked pictures, web links) are dropped."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise _too_large(len(data))
    suffix = PurePath(filename or "").suffix.lower()
    if suffix in {".docm", ".dotm"}:
        raise _macro()
    if suffix not in {".docx", ".dotx"}:
        raise _not_docx()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _not_docx()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename.lower() for info in infos}
            if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
                raise _too_large(sum(info.file_size for info in infos))
            if any(
                name.endswith("vbaproject.bin") or name.endswith("vbadata.xml") for name in names
            ):
                raise _macro()
            if "[content_types].xml" not in names or "word/document.xml" not in names:
                raise _not_docx()
            content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (
        zipfile.BadZipFile,
        KeyError,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,  # an encrypted member
        ValueError,
        zlib.error,  # a damaged compressed stream
    ) as exc:
        raise _not_docx() from exc
    if re.search(r"macroEnabled|vbaProject", content_types, re.IGNORECASE):
        raise _macro()
    try:
        if TEMPLATE_CT in content_types:
            data = _template_as_document(data)
        data = without_external_relationships(data)
        import docx

        docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx and lxml raise many kinds on broken files
        raise _not_docx() from exc
    try:
        # With an organisation name, so the header is written too.
        build_on_template(sample_document(current_language(), "GovSocial"), data)
    except Exception as exc:  # whatever fails here would fail every Word download later
        raise _does_not_render() from exc
    return data


def _template_as_document(data: bytes) -> bytes:
    """A .dotx rewritten as a .docx: only the main part's content type differs."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                payload = payload.replace(TEMPLATE_CT.encode(), DOCUMENT_CT.encode())
            target.writestr(info, payload)
    return out.getvalue()


def _read(uploaded_file: Any) -> tuple[str, bytes]:
    name = getattr(uploaded_file, "name", "") or ""
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_TEMPLATE_BYTES:
        raise _too_large(size)
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    stream: IO[bytes] = uploaded_file
    data = stream.read(MAX_TEMPLATE_BYTES + 1)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise _too_large(size or len(data))
    return PurePath(name).name, data


@transaction.atomic
def store_house_template(
    organisation: Organisation, person: Person | None, uploaded_file: Any
) -> HouseTemplate:
    """Check and keep the organisation's house template (replacing any earlier one)."""
    filename, data = _read(uploaded_file)
    data = check_house_template(filename, data)
    if filename.lower().endswith(".dotx"):
        filename = filename[:-5] + ".docx"
    template, created = HouseTemplate.objects.update_or_create(
        organisation=organisation,
        defaults={
            "filename": filename[:255],
            "content": data,
            "size": len(data),
            "uploaded_by": person,
        },
    )
    record_event(
        organisation,
        person,
        "documents.house_template_uploaded" if created else "documents.house_template_replaced",
        template,
        f"House template {filename}",
        filename=filename,
        size=len(data),
    )
    return template


@transaction.atomic
def remove_house_template(organisation: Organisation, person: Person | None) -> bool:
    template = HouseTemplate.objects.filter(organisation=organisation).first()
    if template is None:
        return False
    record_event(
        organisation,
        person,
        "documents.house_template_removed",
        template,
        f"House template {template.filename} removed",
        filename=template.filename,
    )
    template.delete()
    return True


def record_template_download(
    organisation: Organisation, person: Person | None, template: HouseTemplate
) -> None:
    """A Word file's properties name its authors: who downloaded it goes into the audit trail."""
    record_event(
        organisation,
        person,
        "documents.house_template_downloaded",
        template,
        f"House template {template.filename} downloaded",
        filename=template.filename,
    )


def house_template(organisation: Organisation) -> HouseTemplate | None:
    return (
        HouseTemplate.objects.filter(organisation=organisation)
        .defer("content")
        .select_related("uploaded_by")
        .first()
    )


def house_template_bytes(organisation: Organisation) -> bytes | None:
    """The organisation's house template, for the DOCX renderer (None: use the default)."""
    content = (
        HouseTemplate.objects.filter(organisation=organisation)
        .values_list("content", flat=True)
        .first()
    )
    return bytes(content) if content is not None else None


# The style names the DOCX renderer asks a template for (Word's English names,
# which Word keeps internally whatever the language of the installation).
STYLES_USED = [
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "List Number",
    "Caption",
    "Table Grid",
    "Header",
    "Footer",
]


def missing_styles(organisation: Organisation) -> list[str]:
    """Styles the renderer uses that the organisation's template lacks (they fall back)."""
    data = house_template_bytes(organisation)
    if data is None:
        return []
    import docx

    try:
        names = {style.name for style in docx.Document(io.BytesIO(data)).styles}
    except Exception:
        return list(STYLES_USED)
    return [name for name in STYLES_USED if name not in names]

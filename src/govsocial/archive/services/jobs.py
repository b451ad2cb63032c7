"""Imports started in the browser: the upload on disk, the job, its progress.

The upload is streamed to a file under the data folder (never memory), capped
at GOVSOCIAL_MAX_ARCHIVE_BYTES while it streams. The background task
`tasks.import_export` reads it and removes it. The import runs in one
transaction, which SQLite lets no other connection write beside; so the
progress goes to a small file next to the upload, which the page reads.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from govsocial.core.i18n import current_language
from govsocial.core.models import Organisation, Person

from ..importers.errors import ArchiveError
from ..models import ImportJob
from .imports import channel_for, check_fit, import_export, importer_for

DEFAULT_MAX_ARCHIVE_BYTES = 2 * 1024**3
PROGRESS_EVERY_SECONDS = 0.5


def max_archive_bytes() -> int:
    return int(getattr(settings, "GOVSOCIAL_MAX_ARCHIVE_BYTES", DEFAULT_MAX_ARCHIVE_BYTES))


def upload_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "archive-uploads"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


class StreamedExport(UploadedFile):
    """An uploaded export already on disk under the data folder."""

    def __init__(self, path: str, name: str, size: int, content_type: str | None) -> None:
        super().__init__(open(path, "rb"), name, content_type, size)  # noqa: SIM115
        self.path = path

    def temporary_file_path(self) -> str:
        return self.path


class ArchiveUploadHandler(FileUploadHandler):
    """Streams each uploaded file to the data folder; a file over the cap is
    dropped as it streams (`too_large`), never kept whole."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.limit = max_archive_bytes()
        self.too_large = False
        self.paths: list[str] = []
        self._out: Any = None

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        handle, path = tempfile.mkstemp(dir=upload_dir(), prefix="upload-", suffix=".part")
        self._out, self._path, self._size = os.fdopen(handle, "wb"), path, 0
        self.paths.append(path)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self._size += len(raw_data)
        if self._size > self.limit:
            self.too_large = True
            self._discard()
            raise SkipFile
        self._out.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> StreamedExport | None:
        if self._out is None:
            return None
        self._out.close()
        self._out = None
        return StreamedExport(self._path, self.file_name or "export", file_size, self.content_type)

    def upload_interrupted(self) -> None:
        self._discard()

    def _discard(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
        Path(self._path).unlink(missing_ok=True)

    def remove_except(self, keep: str = "") -> None:
        """Delete every file of this request but `keep` (the one handed to a job)."""
        for path in self.paths:
            if path != keep:
                Path(path).unlink(missing_ok=True)


def start_import(
    organisation: Organisation,
    person: Person | None,
    channel_id: int,
    source: str,
    upload: StreamedExport,
    mapping: dict[str, str] | None = None,
) -> ImportJob:
    """Check what can be checked at once, then hand the upload to the background task."""
    importer = importer_for(source)
    check_fit(importer, channel_for(organisation, channel_id))
    job = ImportJob.objects.create(
        organisation=organisation,
        channel_id=channel_id,
        source=source,
        filename=Path(upload.name or "export").name[:255],
        size=upload.size or 0,
        path=upload.temporary_file_path(),
        language=current_language(),
        started_by=person if person is not None and person.pk else None,
    )
    upload.close()
    from ..tasks import import_export as task

    username = person.get_username() if person is not None else ""
    transaction.on_commit(
        lambda: task.enqueue(
            organisation.pk,
            channel_id,
            source,
            job.path,
            mapping=mapping or None,
            started_by=username,
            name=job.filename,
            job_id=job.pk,
        )  # fmt: skip
    )
    return job


def _progress_file(job_id: int) -> Path:
    return upload_dir() / f"job-{job_id}.progress"


def _writer(job_id: int) -> Callable[[int, int], None]:
    last = [0.0]

    def write(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_EVERY_SECONDS and done < total:
            return
        last[0] = now
        target = _progress_file(job_id)
        temp = target.with_suffix(".tmp")
        temp.write_text(f"{done} {total}")
        os.replace(temp, target)

    return write


def progress(job: ImportJob) -> tuple[int, int]:
    """Bytes read and bytes to read, as far as the running import has said."""
    if job.status == ImportJob.Status.DONE:
        return job.size, job.size
    try:
        done, total = (int(n) for n in _progress_file(job.pk).read_text().split())
    except (OSError, ValueError):
        return 0, job.size
    return done, total or job.size


def run_job(job_id: int, organisation: Organisation, **arguments: Any) -> dict[str, Any]:
    """The task's work for a job: mark it running, import, record the outcome, remove the upload."""
    job = ImportJob.objects.get(pk=job_id, organisation=organisation)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    result: dict[str, Any] = {}
    try:
        with translation.override(job.language):
            counts = import_export(organisation, progress=_writer(job.pk), **arguments)
    except ArchiveError as error:
        job.status, job.message = ImportJob.Status.FAILED, error.message
    except Exception:
        with translation.override(job.language):
            job.status = ImportJob.Status.FAILED
            job.message = _("The import stopped on an unexpected error; nothing was imported.")
        _finish(job)
        raise
    else:
        result = counts.as_dict()
        job.status, job.counts, job.run_id = ImportJob.Status.DONE, result, counts.run_id
    _finish(job)
    return result


def _finish(job: ImportJob) -> None:
    Path(job.path).unlink(missing_ok=True)
    _progress_file(job.pk).unlink(missing_ok=True)
    job.path, job.finished_at = "", timezone.now()
    job.save(update_fields=["status", "message", "counts", "run", "path", "finished_at"])

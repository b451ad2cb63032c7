"""The records archive: imports, the hash chain, search and completeness.

The package, by responsibility: `imports` (one export into one channel, all
or nothing), `capture` (writing items, versions and the chain in batches),
`chain` (canonical records, hashes, `verify`), `search` (SQLite FTS5 or
PostgreSQL full text) and `status` (completeness per channel).
"""

from .browse import (
    ChannelRef,
    Thread,
    Timeline,
    channel_ref,
    item_detail,
    thread_items,
    timeline,
)
from .chain import Problem, Verification, verify
from .checks import last_checks, request_check, run_check
from .imports import (
    ImportCounts,
    channel_for,
    check_fit,
    import_export,
    importer_for,
    sources,
)
from .jobs import ArchiveUploadHandler, max_archive_bytes, progress, run_job, start_import
from .panel import dashboard_panel
from .search import Filters, search
from .status import ChannelStatus, Gap, gaps, status

__all__ = [
    "ArchiveUploadHandler",
    "ChannelRef",
    "ChannelStatus",
    "Thread",
    "Timeline",
    "channel_ref",
    "check_fit",
    "dashboard_panel",
    "item_detail",
    "last_checks",
    "max_archive_bytes",
    "progress",
    "request_check",
    "run_check",
    "run_job",
    "start_import",
    "thread_items",
    "timeline",
    "Filters",
    "Gap",
    "ImportCounts",
    "Problem",
    "Verification",
    "channel_for",
    "gaps",
    "import_export",
    "importer_for",
    "search",
    "sources",
    "status",
    "verify",
]

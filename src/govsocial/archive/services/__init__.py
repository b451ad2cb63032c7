"""The records archive: imports, the hash chain, search and completeness.

The package, by responsibility: `imports` (one export into one channel, all
or nothing), `capture` (writing items, versions and the chain in batches),
`chain` (canonical records, hashes, `verify`), `search` (SQLite FTS5 or
PostgreSQL full text) and `status` (completeness per channel).
"""

from .chain import Problem, Verification, verify
from .imports import ImportCounts, channel_for, import_export, importer_for, sources
from .search import Filters, search
from .status import ChannelStatus, Gap, gaps, status

__all__ = [
    "ChannelStatus",
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

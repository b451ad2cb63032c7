"""The records archive: imports, the hash chain, search and completeness.

The package, by responsibility: `imports` (one export into one channel, all
or nothing), `capture` (writing items, versions and the chain in batches),
`chain` (canonical records, hashes, `verify`), `search` (SQLite FTS5 or
PostgreSQL full text) and `status` (completeness per channel).
"""

from ..importers.errors import ArchiveError
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
from .disclosure import (
    DISCLOSED,
    PARTLY,
    WITHHELD,
    Shown,
    add_redaction,
    create_disclosure,
    decision_label,
    entries,
    filters_from,
    media_withheld,
    select_items,
    set_media_release,
    shown,
)
from .feed import Interaction, interactions, interactions_by_id
from .grounds import GROUNDS, blank, ground_choices
from .imports import (
    ImportCounts,
    channel_for,
    check_fit,
    import_export,
    importer_for,
    sources,
)
from .jobs import ArchiveUploadHandler, max_archive_bytes, progress, run_job, start_import
from .mappings import (
    HEAD_BYTES,
    REQUIRED_COLUMNS,
    columns_in,
    mapping_for,
    save_mapping,
    saved_mapping,
)
from .media import media_of
from .media import storage as media_storage
from .package import write_package
from .package_media import ItemMedia
from .package_media import plan as package_media
from .panel import dashboard_panel
from .remote_media import listed as media_listed
from .remote_media import not_kept as media_not_kept
from .retention import (
    KINDS,
    Plan,
    active_holds,
    destroy,
    destructions,
    due,
    place_hold,
    plan,
    policy_years,
    release_hold,
    schedule_labels,
    schedules,
    set_schedule,
)
from .search import Filters, search
from .status import ChannelStatus, Gap, completeness, gaps, status
from .sync import (
    incomplete_text as incomplete_sync_text,
)
from .sync import (
    request_sync,
    run_sync,
    save_settings,
    settings_for,
    sync_all,
    sync_channel,
    sync_choices,
    syncer_for,
    syncers,
)

__all__ = [
    "Interaction",
    "interactions",
    "interactions_by_id",
    "incomplete_sync_text",
    "request_sync",
    "run_sync",
    "save_settings",
    "settings_for",
    "sync_all",
    "sync_channel",
    "sync_choices",
    "syncer_for",
    "syncers",
    "HEAD_BYTES",
    "REQUIRED_COLUMNS",
    "columns_in",
    "mapping_for",
    "media_of",
    "media_withheld",
    "set_media_release",
    "ItemMedia",
    "package_media",
    "media_storage",
    "media_listed",
    "media_not_kept",
    "save_mapping",
    "saved_mapping",
    "KINDS",
    "Plan",
    "active_holds",
    "destroy",
    "destructions",
    "due",
    "place_hold",
    "plan",
    "policy_years",
    "release_hold",
    "schedule_labels",
    "schedules",
    "set_schedule",
    "ArchiveError",
    "DISCLOSED",
    "GROUNDS",
    "PARTLY",
    "WITHHELD",
    "Shown",
    "add_redaction",
    "blank",
    "create_disclosure",
    "decision_label",
    "entries",
    "filters_from",
    "ground_choices",
    "select_items",
    "shown",
    "write_package",
    "ArchiveUploadHandler",
    "ChannelRef",
    "ChannelStatus",
    "Thread",
    "Timeline",
    "channel_ref",
    "check_fit",
    "completeness",
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

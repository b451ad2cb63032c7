"""The archive's audit actions as sentences (see core registry.register_audit_texts)."""

from django.utils.translation import gettext_lazy as _

KINDS = {"archive": _("Archive")}

SENTENCES = {
    "archive.retention_set": (
        _("Set how long items are kept: %(years)s years"),
        _("Set how long items are kept"),
    ),
    "archive.hold_placed": _("Placed a legal hold: its items may not be destroyed"),
    "archive.hold_released": _("Released a legal hold"),
    "archive.destroyed": (
        _("Destroyed %(count)s items after their retention period"),
        _("Destroyed items after their retention period"),
    ),
    "archive.disclosure_exported": _("Wrote a disclosure package"),
}

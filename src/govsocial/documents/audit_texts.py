"""Documents' audit actions as sentences (see core registry.register_audit_texts)."""

from django.utils.translation import gettext_lazy as _

KINDS = {"documents": _("Documents")}

SENTENCES = {
    "documents.house_template_uploaded": _("Uploaded a Word house template"),
    "documents.house_template_replaced": _("Replaced the Word house template"),
    "documents.house_template_removed": _("Removed the Word house template"),
    "documents.house_template_downloaded": _("Downloaded the Word house template"),
}

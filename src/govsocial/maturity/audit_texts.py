"""The maturity test's audit actions as sentences (see core registry.register_audit_texts)."""

from django.utils.translation import gettext_lazy as _

KINDS = {"maturity": _("Maturity")}

SENTENCES = {
    "maturity.round_started": _("Started a maturity round"),
    "maturity.response_submitted": _("Submitted answers to the maturity test"),
    "maturity.completed": (
        _("Closed the maturity round: %(respondents)s respondents"),
        _("Closed the maturity round"),
    ),
    "maturity.benchmark_imported": (
        _("Imported benchmark figures (%(rows)s rows)"),
        _("Imported benchmark figures"),
    ),
}

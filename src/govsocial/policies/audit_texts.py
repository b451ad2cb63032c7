"""The policy builder's audit actions as sentences (see core registry.register_audit_texts)."""

from django.utils.translation import gettext_lazy as _

KINDS = {"policy": _("Policy")}

SENTENCES = {
    "policy.generated": (_("Wrote draft %(number)s of the policy"), _("Wrote a draft policy")),
    "policy.approved": (_("Published version %(number)s of the policy"), _("Published the policy")),
    "policy.revision_proposed": (
        _("Proposed a revision of version %(number)s"),
        _("Proposed a revision of the policy"),
    ),
}

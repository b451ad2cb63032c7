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
    "policy.revision_started": (
        _("Started a revision of version %(number)s"),
        _("Started a revision of the policy"),
    ),
    "policy.draft_kept": (
        _("Kept an older draft over version %(number)s"),
        _("Kept an older draft of the policy"),
    ),
    "policy.draft_discarded": (
        _("Discarded an older draft for version %(number)s"),
        _("Discarded an older draft of the policy"),
    ),
    "policy.sent_for_adoption": (
        _("Sent draft %(number)s for adoption to %(to)s"),
        _("Sent a draft for adoption"),
    ),
    "policy.members_notified": (
        _("Told %(count)s members about version %(number)s"),
        _("Told the members about a new version"),
    ),
}

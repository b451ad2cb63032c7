"""Core's audit actions as sentences a person can read (see registry.register_audit_texts)."""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "member": _("People"),
    "sign_in": _("Signing in"),
    "two_factor": _("Two-step verification"),
    "sso": _("Single sign-on"),
    "organisation": _("Organisation"),
    "host": _("Installation"),
    "audit": _("Audit trail"),
    "start_here": _("Start here"),
}

SENTENCES = {
    "start_here.step_done": (
        _("Marked step %(step)s of the start-here path as done"),
        _("Marked a step of the start-here path as done"),
    ),
    "member.added": (_("Added %(username)s as %(role)s"), _("Added a member")),
    "member.invited": (_("Invited someone as %(role)s"), _("Invited someone")),
    "member.invitation_revoked": _("Withdrew an invitation"),
    "member.joined": (_("Joined as %(role)s"), _("Joined the organisation")),
    "member.role_changed": (_("Changed a role from %(old)s to %(new)s"), _("Changed a role")),
    "member.unlocked": _("Unlocked a member's sign-in"),
    "member.removed": _("Removed a member"),
    "member.data_exported": _("Downloaded a member's personal data"),
    "sign_in.succeeded": _("Signed in"),
    "sign_in.failed": _("Sign-in failed"),
    "sign_in.sso_refused": _("Single sign-on was refused"),
    "sign_in.password_changed": _("Changed their password"),
    "sign_in.password_reset": _("Reset their password"),
    "two_factor.set_up": _("Set up two-step verification"),
    "two_factor.recovery_codes_renewed": _("Made new recovery codes"),
    "two_factor.recovery_code_used": _("Signed in with a recovery code"),
    "two_factor.removed": _("Two-step verification was removed"),
    "sso.created": _("Set up single sign-on"),
    "sso.configured": _("Changed the single sign-on settings"),
    "sso.removed": _("Removed single sign-on"),
    "sso.linked": _("Linked an account to single sign-on"),
    "organisation.created": _("Created the organisation"),
    "organisation.updated": _("Changed the organisation's details"),
    "organisation.disabled": _("Disabled the organisation"),
    "organisation.enabled": _("Enabled the organisation again"),
    "organisation.deleted": _("Deleted an organisation"),
    "host.added": _("Added a host of the installation"),
    "audit.exported": (
        _("Downloaded the audit trail (personal data): %(rows)s lines"),
        _("Downloaded the audit trail (personal data)"),
    ),
}

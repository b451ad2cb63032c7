"""The channel register: permissions, the status machine, health, reminders.

Status machine (every transition writes who, when and why to the audit trail)::

    (request) ──▶ requested ──approve──▶ approved ──activate──▶ active ◀──activate── dormant
                      │                      │                   │  └──mark_dormant──▶ │
                      └──reject──▶ rejected  └──close──▶ closed ◀┴──close──────────────┘

- requested → approved | rejected     a lead decides, with a comment (required to reject)
- approved  → active                  the owner or a lead; needs an owner, a cover person
                                      (both members, not the same person) and confirmed custody
- active    → dormant                 the owner or a lead (the dashboard proposes it after
                                      `dormant_after_days` without recorded activity)
- dormant   → active                  the owner or a lead; the same conditions as activation
- approved | active | dormant → closed  a lead, with a reason
- rejected and closed are final.

Permissions are ONE function, `can(role, is_owner, action, state)`. "Owner" means the
primary owner or the cover person standing in for them; while a request waits for a
decision, the person who asked counts as owner too (they may still improve their case).
Editors have the same rights as staff here: governance decisions belong to the lead.

Custody is confirmed when the communications team holds the credentials in the
password manager, the date of the last change is known, two-factor sign-in is on and
the recovery address belongs to the organisation. No password is ever stored.

Limits (`password_change_days`, `dormant_after_days`, `report_day`) come from the
organisation's published policy when there is one, otherwise from DEFAULT_LIMITS.

The package, by responsibility: `rules` (status machine, permissions, labels),
`register` (requests, decisions, changes), `custody` (owner, cover, credentials),
`limits` (from the published policy), `policy_fit` (staffed hours and profile against
the published policy: warnings, never refusals), `reports` (monthly reports), `health`
(the governance check and activity), `reminders` (e-mail to owners) and `facts`
(counts for other apps, the dashboard panel).
"""

from .custody import activation_problems, check_people, confirm_custody
from .facts import dashboard_panel, register_summary
from .health import (
    ISSUE_LABELS,
    ChannelHealth,
    Health,
    Register,
    assess,
    channel_issues,
    health,
    load_register,
    record_activity,
)
from .limits import DEFAULT_LIMITS, Limits, limits_for
from .policy_fit import PolicyFit, PolicyWarning, policy_fit, policy_warnings
from .published import ChannelChoice, channel_choices, channel_owners, platform_name
from .register import EDIT_FIELDS, REQUEST_FIELDS, request_channel, transition, update_channel
from .reminders import REMIND_AGAIN_AFTER_DAYS, REMINDER_KINDS, ReminderItem, send_reminders
from .reports import (
    REPORT_DUE_SOON_DAYS,
    ReportStatus,
    first_of_month,
    record_report,
    report_due_on,
    report_months,
    report_status,
)
from .rules import (
    ACTION_LABELS,
    COMMENT_REQUIRED,
    EDITOR,
    EVENT_FOR_ACTION,
    EVENT_LABELS,
    FINISHED,
    LEAD,
    LIVE,
    OPEN,
    OWNER,
    RULES,
    STAFF,
    TRANSITIONS,
    NotAllowed,
    Rule,
    S,
    allowed_actions,
    audit_summary,
    can,
    check_allowed,
    is_member,
    is_owner,
    member_ids,
    members,
    role_of,
)

__all__ = [
    "platform_name",
    "ACTION_LABELS",
    "COMMENT_REQUIRED",
    "ChannelChoice",
    "ChannelHealth",
    "DEFAULT_LIMITS",
    "EDITOR",
    "EDIT_FIELDS",
    "EVENT_FOR_ACTION",
    "EVENT_LABELS",
    "FINISHED",
    "Health",
    "ISSUE_LABELS",
    "LEAD",
    "LIVE",
    "Limits",
    "NotAllowed",
    "OPEN",
    "OWNER",
    "PolicyFit",
    "PolicyWarning",
    "REMINDER_KINDS",
    "REMIND_AGAIN_AFTER_DAYS",
    "REPORT_DUE_SOON_DAYS",
    "REQUEST_FIELDS",
    "RULES",
    "Register",
    "ReminderItem",
    "ReportStatus",
    "Rule",
    "S",
    "STAFF",
    "TRANSITIONS",
    "activation_problems",
    "allowed_actions",
    "assess",
    "audit_summary",
    "can",
    "channel_choices",
    "channel_owners",
    "channel_issues",
    "check_allowed",
    "check_people",
    "confirm_custody",
    "dashboard_panel",
    "first_of_month",
    "health",
    "is_member",
    "is_owner",
    "limits_for",
    "load_register",
    "member_ids",
    "members",
    "policy_fit",
    "policy_warnings",
    "record_activity",
    "record_report",
    "register_summary",
    "report_due_on",
    "report_months",
    "report_status",
    "request_channel",
    "role_of",
    "send_reminders",
    "transition",
    "update_channel",
]

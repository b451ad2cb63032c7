"""Core services: organisations, people, memberships, invitations and the audit trail.

Every write of core goes through here. The package, by responsibility: `addresses`
(connecting only to checked public addresses), `audit` (the trail and
pseudonyms), `members` (adding, roles, lockouts, removal), `invitations` (by
e-mail, once, for seven days), `organisations` (the host's work),
`personal_data` (one person's export), `sign_in_records` (purging
django-axes' records after the retention period), `single_sign_on` (an
organisation's OpenID Connect provider and the people it signs in) and
`two_factor` (authenticator apps and recovery codes).
"""

from . import audit_trail, single_sign_on, two_factor
from .audit import (
    pseudonym_code,
    pseudonym_name,
    pseudonymise_trail,
    record_event,
    tick_step,
    ticked_steps,
)
from .invitations import (
    INVITATION_DAYS,
    InvitationError,
    accept_with_account,
    accept_with_new_account,
    find,
    invitation_link,
    invite,
    open_invitations,
    revoke,
)
from .members import (
    LastLeadError,
    Removal,
    RemovalError,
    add_member,
    change_role,
    email_in_use,
    generate_password,
    holdings,
    locked_out_usernames,
    pseudonymise_account,
    remove_member,
    set_language,
    sign_in_retention,
    successors,
    unlock_sign_in,
)
from .organisations import (
    EDITABLE,
    DeletionPreview,
    HostError,
    OrganisationError,
    add_host,
    check_details,
    create_organisation,
    delete_organisation,
    deletion_preview,
    disable_organisation,
    enable_organisation,
    organisation_usage,
    update_organisation,
)
from .personal_data import core_personal_data, export_person
from .sign_in_records import purge_sign_in_records
from .single_sign_on import (
    Discovery,
    SignInRefused,
    SingleSignOnError,
    any_single_sign_on,
    configuration_for_sign_in,
    discover,
    password_sign_in_refused,
    remove_configuration,
    save_configuration,
)

__all__ = [
    "audit_trail",
    "Discovery",
    "SignInRefused",
    "SingleSignOnError",
    "any_single_sign_on",
    "configuration_for_sign_in",
    "discover",
    "password_sign_in_refused",
    "remove_configuration",
    "save_configuration",
    "EDITABLE",
    "INVITATION_DAYS",
    "DeletionPreview",
    "HostError",
    "InvitationError",
    "LastLeadError",
    "OrganisationError",
    "Removal",
    "RemovalError",
    "accept_with_account",
    "accept_with_new_account",
    "add_host",
    "add_member",
    "change_role",
    "check_details",
    "core_personal_data",
    "create_organisation",
    "delete_organisation",
    "deletion_preview",
    "disable_organisation",
    "email_in_use",
    "enable_organisation",
    "export_person",
    "find",
    "generate_password",
    "holdings",
    "invitation_link",
    "invite",
    "locked_out_usernames",
    "open_invitations",
    "organisation_usage",
    "pseudonym_code",
    "pseudonym_name",
    "pseudonymise_account",
    "pseudonymise_trail",
    "purge_sign_in_records",
    "record_event",
    "tick_step",
    "ticked_steps",
    "remove_member",
    "revoke",
    "set_language",
    "sign_in_retention",
    "single_sign_on",
    "two_factor",
    "successors",
    "unlock_sign_in",
    "update_organisation",
]

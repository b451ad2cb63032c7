"""Who may do what with people and organisations: every role against every action."""

import pytest
from django.urls import reverse

from govsocial.core.models import Invitation, Membership
from govsocial.core.tests.factories import make_person

pytestmark = pytest.mark.django_db

ALLOWED, REFUSED, NOT_FOUND = "allowed", "refused", "not found"


@pytest.fixture
def people(organisation, other_organisation):
    # force_login needs no password: none is hashed, which keeps 25 cases quick.
    return {
        "host": make_person(None, username="hostess", is_host=True, password=None),
        "lead": make_person(organisation, role="lead", username="lead", password=None),
        "editor": make_person(organisation, role="editor", username="editor", password=None),
        "staff": make_person(organisation, role="staff", username="staff", password=None),
        "other_lead": make_person(
            other_organisation, role="lead", username="otherlead", password=None
        ),
    }


def _invite(client, target, organisation):
    before = Invitation.objects.filter(organisation=organisation).count()
    response = client.post(
        reverse("core:invite"),
        {"invite-email": "new@example.org", "invite-role": "staff", "invite-language": "en"},
    )
    if Invitation.objects.filter(organisation=organisation).count() > before:
        return ALLOWED
    return _outcome(response)


def _change_role(client, target, organisation):
    response = client.post(reverse("core:change_role", args=[target.pk]), {"role": "editor"})
    target.refresh_from_db()
    return ALLOWED if target.role == "editor" else _outcome(response)


def _remove(client, target, organisation):
    response = client.post(reverse("core:remove_member", args=[target.pk]))
    return ALLOWED if not Membership.objects.filter(pk=target.pk).exists() else _outcome(response)


def _export(client, target, organisation):
    response = client.get(reverse("core:export_member", args=[target.pk]))
    return ALLOWED if response.status_code == 200 else _outcome(response)


def _admin_pages(client, target, organisation):
    outcomes = {
        _outcome(client.get(reverse(name, args=args)))
        for name, args in [
            ("core:host", []),
            ("core:host_new", []),
            ("core:host_edit", [organisation.pk]),
            ("core:host_disable", [organisation.pk]),
            ("core:host_delete", [organisation.pk]),
            ("core:host_audit", []),
        ]
    }
    assert len(outcomes) == 1, outcomes
    return outcomes.pop()


def _outcome(response) -> str:
    return {200: ALLOWED, 302: ALLOWED, 403: REFUSED, 404: NOT_FOUND}[response.status_code]


ACTIONS = {
    "invite": _invite,
    "change role": _change_role,
    "remove": _remove,
    "export": _export,
    "admin pages": _admin_pages,
}
EXPECTED = {
    "host": {
        "invite": REFUSED,
        "change role": REFUSED,
        "remove": REFUSED,
        "export": REFUSED,
        "admin pages": ALLOWED,
    },
    "lead": {
        "invite": ALLOWED,
        "change role": ALLOWED,
        "remove": ALLOWED,
        "export": ALLOWED,
        "admin pages": REFUSED,
    },
    "editor": dict.fromkeys(ACTIONS, REFUSED),
    "staff": dict.fromkeys(ACTIONS, REFUSED),
    # Another organisation's lead invites into their own organisation, never this one,
    # and finds none of this organisation's members.
    "other_lead": {
        "invite": REFUSED,
        "change role": NOT_FOUND,
        "remove": NOT_FOUND,
        "export": NOT_FOUND,
        "admin pages": REFUSED,
    },
}


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_role_against_action(client, organisation, people, role, action):
    target_person = make_person(organisation, role="staff", username="target", password=None)
    target = Membership.objects.get(person=target_person)
    client.force_login(people[role])
    outcome = ACTIONS[action](client, target, organisation)
    if role == "other_lead" and action == "invite":
        # Their invitation went to their own organisation: here it counts as refused.
        outcome = REFUSED if outcome == ALLOWED else outcome
        assert not Invitation.objects.filter(organisation=organisation).exists()
    assert outcome == EXPECTED[role][action]

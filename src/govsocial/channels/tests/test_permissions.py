"""The whole role × ownership × action × state matrix: through the web, as a person would."""

import itertools

import pytest
from django.urls import reverse

from govsocial.channels import services
from govsocial.channels.models import Channel
from govsocial.channels.tests.factories import make_channel, make_member
from govsocial.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ROLES = ["lead", "editor", "staff"]
STATES = [s for s, _label in Channel.Status.choices]

# Who may do what, written out from the issue: staff may request; owners edit their own
# channel; leads approve, reject and close. Activation and dormancy belong to the owner or a lead.
EXPECTED = {
    # action: (url slug, the states it starts from, who may, the state it leads to)
    "approve": ("approve", {"requested"}, {"lead"}, "approved"),
    "reject": ("reject", {"requested"}, {"lead"}, "rejected"),
    "activate": ("activate", {"approved", "dormant"}, {"lead", "owner"}, "active"),
    "mark_dormant": ("dormant", {"active"}, {"lead", "owner"}, "dormant"),
    "close": ("close", {"approved", "active", "dormant"}, {"lead"}, "closed"),
}
PAGES = {
    # action: (url name, the states it applies to, who may)
    "edit": ("channels:edit", {"requested", "approved", "active", "dormant"}, {"lead", "owner"}),
    "confirm_custody": ("channels:custody", {"approved", "active", "dormant"}, {"lead", "owner"}),
    "record_activity": ("channels:activity", {"active"}, {"lead", "owner"}),
    "record_report": ("channels:report", {"active", "dormant"}, {"lead", "owner"}),
}


def _may(who: set[str], role: str, owner: bool) -> bool:
    return role in who or (owner and "owner" in who)


def _setup(organisation, role, owner, state):
    person = make_member(organisation, role=role)
    channel = make_channel(
        organisation, state, owner=person if owner else make_member(organisation)
    )
    return person, channel


@pytest.mark.parametrize(
    "role,owner,action,state", list(itertools.product(ROLES, [True, False], EXPECTED, STATES))
)
def test_transition_matrix(client, organisation, role, owner, action, state):
    slug, from_states, who, to_state = EXPECTED[action]
    person, channel = _setup(organisation, role, owner, state)
    client.force_login(person)
    url = reverse("channels:transition", args=[channel.pk, slug])
    response = client.post(url, {"comment": "Decided in the team meeting"})
    channel.refresh_from_db()
    events = AuditEvent.objects.filter(
        object_id=str(channel.pk), action__in=services.EVENT_FOR_ACTION.values()
    )
    if state in from_states and _may(who, role, owner):
        assert response.status_code == 302, response.content.decode()[:500]
        assert channel.status == to_state
        event = events.get()
        assert event.actor == person
        assert event.detail["from_status"] == state and event.detail["to_status"] == to_state
        assert event.detail["comment"] == "Decided in the team meeting"
    elif _may(who, role, owner):
        # Someone who may do this, but not now (a stale link, a form sent twice): back to
        # the channel's page with a message, nothing changed.
        assert response.status_code == 302
        assert response["Location"] == reverse("channels:detail", args=[channel.pk])
        assert channel.status == state
        assert not events.exists()
    else:
        assert response.status_code == 403
        assert channel.status == state
        assert not events.exists()


@pytest.mark.parametrize(
    "role,owner,action,state", list(itertools.product(ROLES, [True, False], PAGES, STATES))
)
def test_page_matrix(client, organisation, role, owner, action, state):
    url_name, states, who = PAGES[action]
    person, channel = _setup(organisation, role, owner, state)
    client.force_login(person)
    response = client.get(reverse(url_name, args=[channel.pk]))
    expected = 200 if state in states and _may(who, role, owner) else 403
    assert response.status_code == expected
    assert services.can(role, owner, action, state) is (expected == 200)


@pytest.mark.parametrize("role", ROLES)
def test_every_member_may_request_and_nobody_else(role):
    assert services.can(role, False, "request", None)
    assert not services.can(None, False, "request", None)
    assert not services.can("visitor", True, "approve", "requested")


def test_the_cover_person_counts_as_owner_and_the_requester_only_while_requested(organisation):
    requester = make_member(organisation)
    channel = make_channel(
        organisation, "requested", owner=make_member(organisation), requested_by=requester
    )
    assert services.is_owner(requester, channel)
    channel.status = "approved"
    assert not services.is_owner(requester, channel)
    assert services.is_owner(channel.cover, channel)


def test_a_staff_owner_cannot_hand_the_channel_to_someone_else(client, organisation):
    owner = make_member(organisation, role="staff")
    channel = make_channel(organisation, owner=owner)
    other = make_member(organisation)
    with pytest.raises(services.NotAllowed):
        services.update_channel(channel, owner, {"owner": other})
    client.force_login(owner)
    page = client.get(reverse("channels:edit", args=[channel.pk])).content.decode()
    assert 'name="owner"' in page and "disabled" in page.split('name="owner"')[1].split(">")[0]

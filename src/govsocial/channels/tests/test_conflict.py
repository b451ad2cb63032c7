"""Two people editing one channel: the later save does not silently overwrite the first."""

import pytest
from django.test import Client
from django.urls import reverse

from govsocial.channels import services
from govsocial.channels.models import Channel
from govsocial.channels.tests.factories import make_channel, make_member
from govsocial.core import concurrency
from govsocial.core.models import AuditEvent
from govsocial.core.tests.forms import edited, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(organisation):
    return make_channel(organisation, name="Council news", purpose="News", audience="Residents")


@pytest.fixture
def two_people(organisation, lead, channel):
    """The lead and the channel's owner, each with the edit form open on the same revision."""
    first, second = Client(), Client()
    first.force_login(lead)
    second.force_login(channel.owner)
    url = reverse("channels:edit", args=[channel.pk])
    return url, (first, form_data(first.get(url))), (second, form_data(second.get(url)))


def test_the_edit_form_carries_the_revision_and_every_save_counts(channel, lead_client):
    assert channel.revision == 1
    url = reverse("channels:edit", args=[channel.pk])
    data = form_data(lead_client.get(url))
    assert data["revision"] == ["1"] and data["initial-name"] == ["Council news"]
    assert lead_client.post(url, edited(data, name="Renamed")).status_code == 302
    channel.refresh_from_db()
    assert channel.name == "Renamed" and channel.revision == 2
    channel.save()
    assert channel.revision == 3  # read back from the database after the save


def test_a_stale_save_shows_what_the_other_person_changed_instead_of_overwriting(
    two_people, channel
):
    url, (first, first_form), (second, second_form) = two_people
    assert first.post(url, edited(first_form, name="Council news (official)")).status_code == 302
    response = second.post(url, edited(second_form, purpose="News and service"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed Council news (official)" in page
    table = page[page.index("<table") : page.index("</table>")]
    assert "Name" in table and "Council news (official)" in table
    assert "You did not change this; their value stays." in table
    assert "Purpose" not in table  # only what the other person changed
    channel.refresh_from_db()
    assert (channel.name, channel.purpose) == ("Council news (official)", "News")  # nothing lost
    assert channel.revision == 2


def test_keep_theirs_drops_my_changes(two_people, channel):
    url, (first, first_form), (second, second_form) = two_people
    first.post(url, edited(first_form, name="Council news (official)"))
    conflict = second.post(url, edited(second_form, name="Mine", purpose="Mine too"))
    choice = form_data(conflict)
    response = second.post(url, {**choice, "conflict": ["theirs"]}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("channels:detail", args=[channel.pk])
    assert "Your changes were not saved" in response.content.decode()
    channel.refresh_from_db()
    assert (channel.name, channel.purpose, channel.revision) == (
        "Council news (official)",
        "News",
        2,
    )


def test_apply_mine_puts_my_changes_on_top_of_theirs(two_people, channel, organisation):
    url, (first, first_form), (second, second_form) = two_people
    first.post(url, edited(first_form, name="Council news (official)", audience="Everyone"))
    conflict = second.post(url, edited(second_form, audience="Young people", purpose="Service"))
    table = conflict.content.decode()
    assert "Everyone" in table and "Young people" in table  # both changed the audience
    response = second.post(url, {**form_data(conflict), "conflict": ["mine"]})
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.name == "Council news (official)"  # theirs: I did not touch it
    assert (channel.audience, channel.purpose) == ("Young people", "Service")  # mine
    assert channel.revision == 3
    updates = AuditEvent.objects.filter(action="channel.updated").order_by("id")
    assert [sorted(e.detail["fields"]) for e in updates] == [
        ["audience", "name"],
        ["audience", "purpose"],
    ]


def test_a_third_save_in_between_shows_the_conflict_again(two_people, channel, lead):
    url, (first, first_form), (second, second_form) = two_people
    first.post(url, edited(first_form, name="One"))
    conflict = form_data(second.post(url, edited(second_form, purpose="Two")))
    again = form_data(first.get(url))
    first.post(url, edited(again, audience="Three"))
    response = second.post(url, {**conflict, "conflict": ["mine"]})
    assert response.status_code == 409
    page = response.content.decode()
    table = page[page.index("<table") : page.index("</table>")]
    assert "Three" in table and "One" not in table  # the name they saw on the first conflict
    channel.refresh_from_db()
    assert (channel.name, channel.purpose, channel.audience) == ("One", "News", "Three")


def test_the_conflict_page_is_in_the_persons_language(two_people, channel):
    url, (first, first_form), (second, second_form) = two_people
    channel.owner.language = "nl"
    channel.owner.save()
    first.post(url, edited(first_form, hours_on_profile="on"))
    page = second.post(url, edited(second_form, purpose="Nieuws")).content.decode()
    assert "Iemand anders heeft Council news gewijzigd" in page
    assert "Wat de ander heeft gewijzigd" in page and "Mijn wijzigingen toepassen" in page
    assert '<td class="utrecht-table__cell">ja</td>' in page


def test_an_owner_sees_a_new_owner_the_lead_chose(two_people, channel, organisation):
    url, (first, first_form), (second, second_form) = two_people
    new_owner = make_member(organisation, first_name="Noor", last_name="Nieuw", username="noor")
    # The lead hands the channel to Noor; the old owner stands in as cover and may still edit.
    first.post(url, edited(first_form, owner=str(new_owner.pk), cover=str(channel.owner.pk)))
    response = second.post(url, edited(second_form, purpose="Service"))
    assert response.status_code == 409
    table = response.content.decode().split("<table")[1]
    assert "Noor Nieuw" in table  # the owner field is read-only for them, but it moved on


@pytest.mark.parametrize("revision", [None, "", "abc", "-4", "9" * 5000])
def test_a_missing_or_garbled_revision_is_a_conflict_not_an_error(channel, lead_client, revision):
    url = reverse("channels:edit", args=[channel.pk])
    data = edited(form_data(lead_client.get(url)), name="Tampered")
    data = {k: v for k, v in data.items() if not k.startswith("initial-")}
    if revision is None:
        del data["revision"]
    else:
        data["revision"] = [revision]
    assert lead_client.post(url, data).status_code == 409
    assert Channel.objects.get(pk=channel.pk).name == "Council news"


def test_with_a_garbled_revision_the_values_it_started_from_decide(channel, lead_client):
    url = reverse("channels:edit", args=[channel.pk])
    data = {**edited(form_data(lead_client.get(url)), name="Renamed"), "revision": ["x"]}
    assert lead_client.post(url, data).status_code == 302  # nobody else changed a thing
    assert Channel.objects.get(pk=channel.pk).name == "Renamed"


def test_a_decision_taken_while_editing_does_not_stop_the_save(two_people, channel, lead):
    url, _first, (second, second_form) = two_people
    services.transition(channel, lead, "mark_dormant")  # nothing on the edit form changes
    response = second.post(url, edited(second_form, purpose="Service"))
    assert response.status_code == 302
    channel.refresh_from_db()
    assert (channel.status, channel.purpose, channel.revision) == ("dormant", "Service", 3)


def test_the_service_refuses_a_stale_revision(channel, lead):
    services.update_channel(channel, lead, {"name": "First"}, revision=1)
    with pytest.raises(concurrency.StaleRevision) as stale:
        services.update_channel(channel, lead, {"name": "Second"}, revision=1)
    assert stale.value.current.name == "First" and stale.value.current.revision == 2
    assert Channel.objects.get(pk=channel.pk).name == "First"


def test_recording_custody_does_not_undo_an_edit_saved_meanwhile(channel, lead):
    stale = Channel.objects.get(pk=channel.pk)  # the custody page read it before the edit
    services.update_channel(channel, lead, {"name": "Renamed"})
    services.confirm_custody(
        stale,
        lead,
        credentials_in_password_manager=True,
        credentials_changed_on=None,
        two_factor_enabled=True,
        recovery_address_owned_by_organisation=True,
    )
    channel.refresh_from_db()
    assert channel.name == "Renamed" and channel.revision == 3 and channel.two_factor_enabled


def test_a_handle_taken_between_the_forms_check_and_the_save_is_a_message_not_a_500(
    organisation, lead, channel
):
    make_channel(organisation, platform="instagram", handle="@photos")
    with pytest.raises(services.NotAllowed) as refused:
        services.update_channel(channel, lead, {"platform": "instagram", "handle": "@photos"})
    assert "already in the register" in refused.value.message
    with pytest.raises(services.NotAllowed):
        services.request_channel(
            organisation, lead, {"platform": "instagram", "handle": "@photos", "name": "Copy"}
        )
    channel.refresh_from_db()
    assert channel.handle != "@photos" and Channel.objects.filter(handle="@photos").count() == 1

"""The dashboard's "start here" path: the five steps, what is done, the next action."""

import pytest
from django.urls import reverse

from govsocial.core.models import AuditEvent


def _steps(page: str) -> list[str]:
    """The step titles with their state, in page order."""
    import re

    return re.findall(
        r'<h3 class="utrecht-heading-3">([^<]+) <span class="gs-badge[^"]*">([^<]+)</span>', page
    )


@pytest.mark.django_db
def test_a_new_organisation_starts_at_looking_at_the_neighbours(lead_client, organisation):
    page = lead_client.get(reverse("core:dashboard")).content.decode()
    steps = _steps(page)
    assert [title for title, _ in steps][:2] == ["Look at your neighbours", "Write the policy"]
    assert [state for _, state in steps] == ["Next step"] + ["To do"] * 4
    assert reverse("maturity:benchmark") in page
    assert "Start the interview" in page


@pytest.mark.django_db
def test_ticking_the_first_step_moves_on_to_writing_the_policy(lead_client, organisation, lead):
    response = lead_client.post(reverse("core:start_step_done", args=[1]))
    assert response.status_code == 302
    lead_client.post(reverse("core:start_step_done", args=[1]))  # twice is once
    assert (
        AuditEvent.objects.filter(organisation=organisation, action="start_here.step_done").count()
        == 1
    )
    states = [
        state for _, state in _steps(lead_client.get(reverse("core:dashboard")).content.decode())
    ]
    assert states == ["Done", "Next step", "To do", "To do", "To do"]


@pytest.mark.django_db
def test_only_the_first_step_can_be_ticked_by_hand(lead_client, organisation):
    lead_client.post(reverse("core:start_step_done", args=[2]))
    assert not AuditEvent.objects.filter(action="start_here.step_done").exists()


@pytest.mark.django_db
def test_a_published_policy_and_a_register_move_the_path_on(lead_client, organisation, lead):
    from govsocial.channels.tests.factories import make_channel
    from govsocial.policies.tests.factories import make_version

    lead_client.post(reverse("core:start_step_done", args=[1]))
    make_version(organisation, publish=True)
    page = lead_client.get(reverse("core:dashboard")).content.decode()
    states = [state for _, state in _steps(page)]
    assert states[:3] == ["Done", "Done", "Next step"]
    assert "No account is in the register yet." in page
    make_channel(organisation, handle="@gemeente", owner=lead)
    page = lead_client.get(reverse("core:dashboard")).content.decode()
    assert "1 point in the register needs attention." in page  # its monthly report is due
    assert [state for _, state in _steps(page)][2] == "Next step"
    from django.utils import timezone

    from govsocial.channels.models import Channel, ChannelReport

    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - timezone.timedelta(days=1)).replace(day=1)
    for month in (last_month, this_month):
        ChannelReport.objects.create(
            organisation=organisation,
            channel=Channel.objects.get(handle="@gemeente"),
            month=month,
            received_on=timezone.localdate(),
        )
    page = lead_client.get(reverse("core:dashboard")).content.decode()
    assert [state for _, state in _steps(page)][:4] == ["Done", "Done", "Done", "Next step"]


@pytest.mark.django_db
def test_the_path_is_in_dutch_for_a_dutch_reader(lead_client, lead):
    lead.language = "nl"
    lead.save()
    page = lead_client.get(reverse("core:dashboard")).content.decode()
    assert "Begin hier" in page
    steps = _steps(page)
    assert [title for title, _ in steps][:2] == ["Kijk bij de buren", "Schrijf het beleid"]
    assert [state for _, state in steps] == ["Volgende stap"] + ["Nog te doen"] * 4
    assert "Start het interview" in page


@pytest.mark.django_db
def test_staff_do_not_see_the_path(staff_client):
    page = staff_client.get(reverse("core:dashboard")).content.decode()
    assert "start-here" not in page


@pytest.mark.django_db
def test_staff_cannot_tick_a_step(staff_client, organisation):
    response = staff_client.post(reverse("core:start_step_done", args=[1]))
    assert response.status_code in (302, 403)
    assert not AuditEvent.objects.filter(action="start_here.step_done").exists()

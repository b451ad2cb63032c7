"""Issue 15: staffed hours and profile settings that contradict the published policy
are saved, with a warning naming the clause (web: edit and channel page; CLI import)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from govsocial.channels import services
from govsocial.channels.models import Channel
from govsocial.channels.tests.factories import make_channel, make_member
from govsocial.policies.tests.factories import make_version

pytestmark = pytest.mark.django_db
WEEKDAYS = {"response_basis": "office_hours", "staffed_days": "weekdays"}


@pytest.fixture
def weekday_policy(organisation, lead):
    return make_version(organisation, lead, publish=True, staffed_hours="08:30-17:00", **WEEKDAYS)


def _codes(organisation, hours, on_profile=True, status="active"):
    warnings = services.policy_warnings(organisation, hours, on_profile, status, "en")
    return [w.code for w in warnings]


@pytest.mark.parametrize(
    ("hours", "codes"),
    [
        ("ma–vr 08:30–17:00", []),
        ("Mon–Fri 9:00-16:00", []),
        ("di en do 09:00–12:00", []),
        ("ma–za 09:00–17:00", ["weekend"]),
        ("Mon-Sun 08:30-17:00", ["weekend"]),
        ("zaterdag 10.00-12.00", ["weekend"]),
        ("every day 9:00-17:00", ["weekend"]),
        ("24/7", ["weekend"]),
        ("ma–vr 08:00–17:00", ["outside_hours"]),
        ("weekdays 08:30-20:00", ["outside_hours"]),
        ("za en zo 07:00–22:00", ["weekend", "outside_hours"]),
        ("", []),
    ],
)
def test_hours_against_a_weekday_policy(organisation, weekday_policy, hours, codes):
    assert _codes(organisation, hours) == codes


def test_no_policy_no_warning_and_finished_channels_none(organisation, lead):
    assert _codes(organisation, "za 10:00-12:00", on_profile=False) == []
    make_version(organisation, lead, publish=True, **WEEKDAYS)
    assert _codes(organisation, "za 10:00-12:00", on_profile=False, status="closed") == []
    assert _codes(organisation, "ma–vr 09:00–17:00", on_profile=False) == ["not_on_profile"]


def test_around_the_clock_policy_warns_about_set_hours(organisation, lead):
    make_version(organisation, lead, publish=True, response_basis="around_the_clock")
    assert _codes(organisation, "24/7") == []
    assert _codes(organisation, "ma–vr 09:00–17:00") == ["set_hours"]


def test_the_warning_names_the_clause_in_the_readers_language(organisation, weekday_policy):
    en = services.policy_warnings(organisation, "ma–za 09:00–17:00", True, "active", "en")[0]
    assert en.message.startswith("The staffed hours (ma–za 09:00–17:00) include the weekend")
    assert en.url == "/policy/published/#responsiveness"
    assert en.clause == "Responsiveness and what the public may expect"
    nl = services.policy_warnings(organisation, "ma–za 09:00–17:00", True, "active", "nl")[0]
    assert "alleen van maandag tot en met vrijdag" in nl.message
    assert nl.clause == "Bereikbaarheid en wat het publiek mag verwachten"


def test_hostile_hours_are_read_quickly():
    fit = services.PolicyFit(1, False, True, (510, 1020), "c", "/u", "en")
    import time

    start = time.perf_counter()
    fit.check("9" * 5000 + ":" * 5000 + "za" * 5000, False)
    assert time.perf_counter() - start < 0.5


def test_edit_saves_and_warns_on_the_edit_and_channel_pages(
    lead_client, organisation, weekday_policy
):
    channel = make_channel(organisation, staffed_hours="ma–vr 08:30–17:00", hours_on_profile=True)
    edit = reverse("channels:edit", args=[channel.pk])
    page = lead_client.get(edit).content.decode()
    assert (
        "Published policy version 1: the accounts answer Monday to Friday, 08:30 to 17:00" in page
    )
    assert 'id="policy-warnings"' not in page
    data = {
        "name": channel.name,
        "platform": channel.platform,
        "handle": channel.handle,
        "purpose": channel.purpose,
        "staffed_hours": "ma–zo 08:30–17:00",
        "owner": channel.owner_id,
        "cover": channel.cover_id,
        "revision": channel.revision,
    }
    response = lead_client.post(edit, data)
    assert response.status_code == 302  # a warning, not a refusal
    channel.refresh_from_db()
    assert channel.staffed_hours == "ma–zo 08:30–17:00" and not channel.hours_on_profile
    detail = lead_client.get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert 'id="policy-warnings"' in detail
    assert "include the weekend" in detail
    assert "The profile does not state when the account answers" in detail
    assert 'href="/policy/published/#responsiveness"' in detail
    assert "Policy version 1: Responsiveness and what the public may expect" in detail
    again = lead_client.get(edit).content.decode()
    assert 'id="policy-warnings"' in again


def test_channel_page_in_dutch(client, organisation, weekday_policy):
    lead = make_member(organisation, "lead", language="nl")
    channel = make_channel(organisation, staffed_hours="za 10:00–12:00", hours_on_profile=True)
    client.force_login(lead)
    page = client.get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert "De bemensingstijden (za 10:00–12:00) noemen het weekend" in page
    assert "Beleidsversie 1: Bereikbaarheid en wat het publiek mag verwachten" in page


def test_a_request_shows_the_policy_before_and_warns_after(
    staff_client, organisation, weekday_policy
):
    page = staff_client.get(reverse("channels:request")).content.decode()
    assert "every profile states these hours" in page


def test_cli_import_imports_and_warns_per_row(tmp_path, organisation, weekday_policy, capsys):
    source = tmp_path / "register.csv"
    source.write_text(
        "Platform,Name,Handle,Status,Staffed hours,Hours on profile\n"
        "facebook,Goed,@goed,active,ma–vr 09:00–17:00,yes\n"
        "x,Weekend,@weekend,active,ma–zo 09:00–17:00,yes\n",
        encoding="utf-8",
    )
    call_command("channels", "import", "--org", "example", str(source))
    out = capsys.readouterr().out
    assert Channel.objects.count() == 2  # imported: a warning is not a refusal
    assert "Warning: Row 3, column “Staffed hours”: The staffed hours" in out
    assert "Row 2" not in out
    assert "(Policy version 1: Responsiveness and what the public may expect)" in out
    dutch = tmp_path / "nl.csv"
    dutch.write_text(
        "Platform,Naam,Accountnaam,Status,Bemensingstijden,Tijden op profiel\n"
        "instagram,Za,@za,actief,za 10:00–12:00,ja\n",
        encoding="utf-8",
    )
    call_command("channels", "import", "--org", "example", str(dutch), "--lang", "nl")
    out = capsys.readouterr().out
    assert "Waarschuwing: Rij 2" in out and "noemen het weekend" in out

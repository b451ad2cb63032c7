"""Defects found in the review round, asserted as a user would notice them."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from govsocial.channels.models import Channel
from govsocial.channels.tests.factories import make_channel
from govsocial.core.models import Organisation
from govsocial.maturity import services
from govsocial.maturity.models import Assessment
from govsocial.policies import services as policies

from .factories import all_answers, make_completed

pytestmark = pytest.mark.django_db


def test_one_answer_gives_no_stage_and_the_scorecard_says_why(client):
    start = client.post(reverse("maturity:anon_start"))
    token = start["Location"].split("/")[3]
    assessment = Assessment.objects.get(token=token)
    client.post(start["Location"], {"lead_sponsor": "3", "lead_own_use": "dont_know"})
    result = client.post(reverse("maturity:anon_review", args=[token]))
    page = client.get(result["Location"]).content.decode()
    assessment.refresh_from_db()
    assert assessment.overall_stage is None
    assert "Stage 3 of 5" not in page
    assert "Not enough questions were answered with a level to give a score." in page
    assert "a theme is scored once at least 3 of its questions" in page
    # the header counts "don't know" as an answer, as the review page does
    assert "2 of 50 questions answered, 1 of them with “Don&#x27;t know”" in page
    # the data table beside the radar shows no made-up zero for themes without a score
    assert (
        '<th scope="row" class="utrecht-table__header-cell">Strategy</th><td class="utrecht-table__cell">–</td>'
        in page
    )


def _publish_policy(organisation, lead, **changes):
    answers = {**policies.example_answers(), **changes}
    version = policies.generate_draft(organisation, lead, answers)
    policies.approve(version, lead)


def test_contradictions_use_the_real_published_policy_and_channel_register(
    organisation, lead, lead_client
):
    _publish_policy(
        organisation,
        lead,
        goals=["information", "engagement"],
        comments_open=False,
        response_basis="office_hours",
        staffed_days="weekdays",
    )
    make_channel(organisation, cover=None)
    make_channel(organisation, Channel.Status.DORMANT)
    answers = all_answers(3) | {"str_response_promise": 4, "gov_dormant": 4, "gov_rota": 2}
    assessment = make_completed(organisation, answers, person=lead)

    data = services.report(assessment.answers, "en", organisation)
    found = {c["id"]: c for c in data["contradictions"]}
    engagement = found["engagement_comments_closed"]
    assert [s["source"] for s in engagement["claims"]] == ["policy"]
    assert engagement["conflicts"][0]["text"] == "Your published policy keeps comments closed."
    # Around the clock is no level of the test any more: nothing here claims it.
    assert "around_the_clock_office_hours" not in found
    assert found["dormant_closed_but_listed"]["conflicts"][0]["text"] == (
        "Dormant accounts in your channel register: 1."
    )
    rota = found["kept_promise_no_rota"]
    assert {s["source"] for s in rota["conflicts"]} == {"q", "channels"}

    page = lead_client.get(reverse("maturity:scorecard", args=[assessment.pk])).content.decode()
    assert "Accounts in your channel register without a deputy: 1." in page
    assert "Open the channel register" in page and "Open the policy builder" in page
    assert "Go there" not in page


def test_the_demo_shows_evidence_from_the_policy_and_the_register(organisation):
    call_command("demo")
    latest = Assessment.objects.get(organisation=organisation, is_latest=True)
    data = services.report(latest.answers, "nl", organisation)
    sources = {s["source"] for c in data["contradictions"] for s in c["claims"] + c["conflicts"]}
    # The demo's generated year of activity may add evidence from insights (last month).
    assert {"q", "policy", "channels"} <= sources <= {"q", "policy", "channels", "insights"}
    texts = [s["text"] for c in data["contradictions"] for s in c["conflicts"]]
    assert "Volgens uw gepubliceerde beleid zijn de accounts alleen op werkdagen bemand." in texts
    assert not Organisation.objects.filter(slug__startswith="synthetic").exists()


def test_the_command_line_summary_writes_the_score_the_dutch_way(tmp_path, capsys):
    answers = tmp_path / "a.yaml"
    answers.write_text(services.answers_file(services.example_answers(), "nl"), encoding="utf-8")
    call_command(
        "maturity", "score", "--answers", str(answers), "--lang", "nl", "--out", str(tmp_path / "o")
    )
    out = capsys.readouterr().out
    # "don't know" now counts as the lowest level: 32 overall (it was 34,4 when left out)
    assert "Totaal: 32/100" in out
    assert "Governance: 27,5/100, “Weet ik niet” 1 van 10 (10%)" in out

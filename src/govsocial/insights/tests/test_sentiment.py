"""Sentiment: language per comment, VADER for English, the Pattern lexicon for
Dutch; the evaluation command; labels people correct."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from govsocial.archive.importers.base import PUBLIC, REPLY
from govsocial.archive.services import interactions
from govsocial.archive.tests.factories import archive_records, record
from govsocial.core.models import AuditEvent
from govsocial.insights import services
from govsocial.insights.services.sentiment import score
from govsocial.insights.tests.factories import MONDAY, make_month

MARCH = services.Month(2025, 3)
LATER = datetime(2025, 6, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "language", "label"),
    [
        ("Wat een goed idee, heel erg bedankt!", "nl", "positive"),
        ("Dit is echt belachelijk en slecht geregeld", "nl", "negative"),
        ("Het zwembad is morgen open", "nl", "neutral"),
        ("Dat is niet goed", "nl", "negative"),  # the negation turns "goed" around
        ("Great job, thank you so much!", "en", "positive"),
        ("This is a terrible decision and a waste of money", "en", "negative"),
        ("The library opens at nine tomorrow", "en", "neutral"),
    ],
)
def test_each_comment_gets_its_language_and_a_label(text, language, label):
    found = score(text)
    assert (found.language, found.label) == (language, label)


def test_a_given_language_is_used_instead_of_detection():
    assert score("super", "en").language == "en"


def test_a_huge_comment_is_read_only_up_to_the_cap():
    assert score("slecht " * 200_000).label == "negative"


def _labels(tmp_path, text):
    path = tmp_path / "labels.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_evaluate_prints_accuracy_and_macro_f1_per_language(tmp_path, capsys):
    path = _labels(
        tmp_path,
        "text,label,lang\nGreat job!,positive,en\nThis is awful,negative,en\n"
        "Wat goed geregeld,positive,nl\nHet zwembad is open,negative,nl\n",
    )
    call_command("insights", "evaluate", "--labels", path, "--format", "json")
    result = {r["language"]: r for r in json.loads(capsys.readouterr().out)["languages"]}
    assert result["en"]["accuracy"] == 1.0 and result["en"]["count"] == 2
    assert result["nl"]["accuracy"] == 0.5
    assert result["nl"]["confusion"]["negative"]["neutral"] == 1
    call_command("insights", "evaluate", "--labels", path)
    assert "Dutch: 2 comments, accuracy 50.0 %" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("words,label\nx,positive\n", "text and label"),
        ("text,label\nx,happy\n", "positive, neutral or negative"),
        ("text,label,lang\nx,positive,de\n", "en or nl"),
        ("text,label\n", "no labelled rows"),
    ],
)
def test_a_bad_labels_file_is_refused_with_exit_2(tmp_path, content, message):
    with pytest.raises(CommandError, match=message) as refused:
        call_command("insights", "evaluate", "--labels", _labels(tmp_path, content))
    assert refused.value.returncode == 2


def test_a_file_that_is_not_utf8_is_refused_in_dutch(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_bytes("text,label\ncafé,positive\n".encode("latin-1"))
    with pytest.raises(CommandError, match="geen UTF-8"):
        call_command("insights", "evaluate", "--labels", str(path), "--lang", "nl")


@pytest.mark.django_db
def test_a_corrected_label_counts_in_the_month_is_audited_and_feeds_the_evaluation(
    organisation, lead, tmp_path, capsys
):
    channel = make_month(organisation, threads=0)
    archive_records(organisation, channel, [
        record("c", "Het zwembad is open", kind=REPLY, author_kind=PUBLIC, thread_id="t",
               published_at=MONDAY),
    ])  # fmt: skip
    (item,) = interactions(organisation, MONDAY, MONDAY + timedelta(hours=1))
    services.correct_label(organisation, lead, item.id, "positive")
    mood = services.organisation_month(organisation, MARCH, now=LATER).mood
    assert mood.comments[0].label == "positive" and mood.comments[0].corrected
    event = AuditEvent.objects.get(action="insights.sentiment_corrected")
    assert event.detail["old"] == "neutral" and event.detail["new"] == "positive"
    path = _labels(tmp_path, "text,label\nGreat job!,positive\n")
    call_command("insights", "evaluate", "--labels", path, "--org", organisation.slug)
    assert "Dutch: 1 comments, accuracy 0.0 %" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_lead_corrects_a_label_on_the_comments_page(lead_client, organisation):
    channel = make_month(organisation, threads=1)
    question = next(
        i
        for i in interactions(organisation, MONDAY, MONDAY + timedelta(days=1))
        if i.author_kind == PUBLIC
    )
    url = reverse("insights:comments", args=[channel.pk])
    html = lead_client.get(url, {"month": "2025-03"}).content.decode()
    assert "Wanneer gaat het zwembad dicht 0" in html and "Correct label" in html
    response = lead_client.post(
        reverse("insights:correct", args=[channel.pk, question.id]),
        {"label": "negative", "month": "2025-03"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?month=2025-03")
    assert services.corrections(organisation) == {question.id: "negative"}


@pytest.mark.django_db
def test_staff_see_labels_but_cannot_correct_them(staff_client, organisation):
    channel = make_month(organisation, threads=1)
    url = reverse("insights:comments", args=[channel.pk])
    html = staff_client.get(url, {"month": "2025-03"}).content.decode()
    assert "Wanneer gaat het zwembad dicht 0" in html and "Correct label" not in html

"""The audit trail reads as sentences in both languages, narrows by person, kind and
period, and downloads as CSV (lead only, scoped, recorded, never cached)."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from govsocial.core import registry
from govsocial.core.models import AuditEvent
from govsocial.core.services import add_member, audit_trail, record_event
from govsocial.core.tests.factories import make_person

pytestmark = pytest.mark.django_db

# Sentences that are the same words in Dutch.
SAME_IN_DUTCH = {"Training", "Single sign-on", "Code"}


def _speak(person, language):
    person.language = language
    person.save(update_fields=["language"])


def _event(organisation, actor, action, summary="", days_ago=0, **detail):
    event = record_event(organisation, actor, action, summary=summary, **detail)
    if days_ago:
        when = timezone.now() - dt.timedelta(days=days_ago)
        AuditEvent.objects.filter(pk=event.pk).update(created_at=when)
    return event


@pytest.mark.parametrize(
    ("language", "added", "dealt"),
    [
        ("en", "Added pieter as editor", "Dealt round 3 of the game"),
        ("nl", "pieter toegevoegd als redacteur", "Ronde 3 van het spel gedeeld"),
    ],
)
def test_the_trail_reads_as_sentences_not_codes(client, organisation, lead, language, added, dealt):
    _speak(lead, language)
    add_member(organisation, "pieter", "editor", actor=lead)
    _event(organisation, lead, "training.game.dealt", "round 3: c1", round=3, challenge="c1")
    client.force_login(lead)
    body = client.get(reverse("core:audit")).content.decode()
    assert added in body and dealt in body
    assert "member.added" not in body and "training.game.dealt" not in body


def test_an_old_event_without_its_detail_and_an_unknown_code_still_read(organisation, lead):
    old = _event(organisation, lead, "member.added", "jan (staff)")
    unknown = _event(organisation, lead, "someday.new_thing", "x")
    with translation.override("nl"):
        assert audit_trail.sentence(old) == "Lid toegevoegd"
        assert audit_trail.sentence(unknown) == "Andere wijziging (someday.new_thing)"


def test_every_registered_sentence_and_kind_has_dutch():
    texts = [*registry.audit_kinds().values()]
    for sentences in registry.audit_sentences().values():
        texts += sentences if isinstance(sentences, tuple) else [sentences]
    untranslated = []
    for text in texts:
        with translation.override("en"):
            english = str(text)
        with translation.override("nl"):
            dutch = str(text)
        if english == dutch and english not in SAME_IN_DUTCH:
            untranslated.append(english)
    assert untranslated == []


def test_every_action_the_apps_record_has_a_sentence():
    for action in ("member.added", "channel.approved", "policy.approved", "maturity.completed",
                   "training.quiz.taken", "archive.hold_placed", "documents.house_template_removed",
                   "two_factor.set_up", "sign_in.failed"):  # fmt: skip
        assert action in registry.audit_sentences()


def test_filters_by_person_kind_and_period(client, organisation, lead, editor):
    _event(organisation, lead, "policy.approved", "v1", number=1, days_ago=40)
    _event(organisation, editor, "policy.generated", "d2", number=2, days_ago=5)
    _event(organisation, editor, "training.quiz.taken", "quiz", score=4, total=5)
    client.force_login(lead)
    url = reverse("core:audit")

    body = client.get(url, {"person": editor.pk}).content.decode()
    assert "Wrote draft 2 of the policy" in body and "Took the quiz: 4 of 5 right" in body
    assert "Published version 1" not in body

    body = client.get(url, {"kind": "policy"}).content.decode()
    assert "Published version 1" in body and "Wrote draft 2" in body and "Took the quiz" not in body

    since = (timezone.localdate() - dt.timedelta(days=10)).isoformat()
    until = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    body = client.get(url, {"since": since, "until": until}).content.decode()
    assert (
        "Wrote draft 2" in body
        and "Published version 1" not in body
        and "Took the quiz" not in body
    )


def test_a_period_that_ends_before_it_starts_is_explained(client, organisation, lead):
    client.force_login(lead)
    response = client.get(reverse("core:audit"), {"since": "2026-05-02", "until": "2026-05-01"})
    assert "The end date must be on or after the start date." in response.content.decode()


def test_the_person_picker_lists_each_member_once_and_no_one_else(
    client, organisation, other_organisation, lead
):
    make_person(other_organisation, username="outsider")
    client.force_login(lead)
    form = client.get(reverse("core:audit")).context["form"]
    values = [value for value, _label in form.fields["person"].choices if value]
    assert values == [lead.pk]


def test_the_csv_is_the_organisations_filtered_trail_in_the_persons_language(
    client, organisation, other_organisation, lead, other_lead
):
    _speak(lead, "nl")
    _event(organisation, lead, "policy.approved", '=HYPERLINK("http://x")', number=2)
    _event(organisation, lead, "training.quiz.taken", "quiz", score=1, total=5)
    _event(other_organisation, other_lead, "policy.approved", "elsewhere", number=9)
    client.force_login(lead)
    response = client.get(reverse("core:audit_export"), {"kind": "policy"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    day = timezone.localdate().isoformat()
    disposition = f'attachment; filename="gemeente-voorbeeld-logboek-{day}-nl.csv"'
    assert response["Content-Disposition"] == disposition
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["Wanneer", "Wie", "Soort", "Wat"]
    assert [row[3] for row in rows[1:]] == ["Versie 2 van het beleid gepubliceerd"]
    assert rows[1][4].startswith("'=")  # a spreadsheet shows it, never runs it
    exported = AuditEvent.objects.get(organisation=organisation, action="audit.exported")
    assert exported.actor == lead and exported.detail["rows"] == 1
    assert exported.detail["filters"] == {"kind": "policy"}


def test_only_a_lead_may_download_the_trail(client, staff, editor):
    for person in (staff, editor):
        client.force_login(person)
        assert client.get(reverse("core:audit_export")).status_code == 403
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_the_trail_page_has_a_query_budget(
    client, organisation, lead, editor, django_assert_max_num_queries
):
    for n in range(60):
        _event(organisation, editor if n % 2 else lead, "policy.generated", f"d{n}", number=n)
    client.force_login(lead)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("core:audit"), {"kind": "policy", "page": 1})
    assert response.content.decode().count("Wrote draft") == 50

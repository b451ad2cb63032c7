"""Search with filters (SQLite FTS5 or PostgreSQL full text) and completeness per channel."""

from datetime import timedelta

import pytest
from django.db import connection

from govsocial.archive import services
from govsocial.archive.generate import START, note, write_outbox
from govsocial.archive.models import Item
from govsocial.channels.tests.factories import make_channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def archived(organisation, other_organisation, tmp_path):
    channel = make_channel(organisation, platform="mastodon", owner=None, cover=None)
    notes = [
        note(0, "Het zwembad gaat maandag weer open"),
        note(1, "Wegwerkzaamheden op de Stationsweg"),
        note(2, "Zwemmen in het buitenbad kan weer", in_reply_to="https://social.example/x/1"),
        note(3, "The swimming pool reopens on Monday", language="en"),
        note(24 * 90, "Na drie maanden weer een bericht over het zwembad"),
    ]
    services.import_export(
        organisation, channel.pk, "mastodon", write_outbox(tmp_path / "a.json", notes)
    )
    theirs = make_channel(other_organisation, platform="mastodon", owner=None, cover=None)
    services.import_export(other_organisation, theirs.pk, "mastodon", tmp_path / "a.json")
    return channel


def _texts(items):
    return sorted(i.text for i in items)


def test_search_finds_every_word_within_the_organisation(organisation, archived):
    found = services.search(organisation, "zwembad")
    assert _texts(found) == [
        "Het zwembad gaat maandag weer open",
        "Na drie maanden weer een bericht over het zwembad",
    ]
    assert all(i.organisation_id == organisation.pk for i in found)
    assert _texts(services.search(organisation, "zwembad maandag")) == [
        "Het zwembad gaat maandag weer open"
    ]
    assert services.search(organisation, "") == []
    assert services.search(organisation, '"; DROP TABLE archive_item; --') == []


def test_search_is_language_aware_or_prefix_based(organisation, archived):
    if connection.vendor == "postgresql":
        found = services.search(organisation, "reopening pools")  # English stemming
        assert _texts(found) == ["The swimming pool reopens on Monday"]
    found = services.search(organisation, "zwem*")
    assert "Zwemmen in het buitenbad kan weer" in _texts(found)


def test_search_filters(organisation, archived):
    Filters = services.Filters
    assert _texts(services.search(organisation, "weer", Filters(kind="reply"))) == [
        "Zwemmen in het buitenbad kan weer"
    ]
    assert services.search(organisation, "weer", Filters(channel_id=archived.pk + 1000)) == []
    assert _texts(services.search(organisation, "swimming", Filters(language="en"))) == [
        "The swimming pool reopens on Monday"
    ]
    late = services.search(organisation, "zwembad", Filters(since=START + timedelta(days=30)))
    assert _texts(late) == ["Na drie maanden weer een bericht over het zwembad"]
    early = services.search(organisation, "zwembad", Filters(until=START + timedelta(days=30)))
    assert _texts(early) == ["Het zwembad gaat maandag weer open"]
    assert services.search(organisation, "zwembad", Filters(deleted=True)) == []
    assert services.search(organisation, "zwembad", Filters(author_kind="public")) == []


def test_an_edit_is_found_by_its_new_words_only(organisation, archived, tmp_path):
    edited = note(1, "Omleiding via de Parkweg", updated=START + timedelta(days=2))
    services.import_export(
        organisation, archived.pk, "mastodon", write_outbox(tmp_path / "b.json", [edited])
    )
    assert _texts(services.search(organisation, "Parkweg")) == ["Omleiding via de Parkweg"]
    assert services.search(organisation, "Stationsweg") == []


def test_status_counts_kinds_deletions_and_gaps(organisation, archived, tmp_path):
    services.import_export(
        organisation,
        archived.pk,
        "mastodon",
        write_outbox(tmp_path / "b.json", [note(0, "Het zwembad gaat maandag weer open")]),
    )
    [status] = [s for s in services.status(organisation) if s.channel_id == archived.pk]
    assert status.total == 5 and status.deleted == 4
    assert status.kinds == {"post": 4, "reply": 1}
    assert status.last_capture is not None and status.without_raw == 0
    assert [g.days for g in status.gaps] == [89]
    assert Item.objects.filter(organisation=organisation).count() == 5


def test_status_reads_a_bounded_number_of_queries(
    organisation, archived, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        services.status(organisation)

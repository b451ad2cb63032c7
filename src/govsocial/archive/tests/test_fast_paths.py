"""The import's and the search's fast paths give what the general ones give."""

from datetime import UTC, datetime, timedelta, timezone

import orjson
import pytest

from govsocial.archive import services
from govsocial.archive.importers import jsonstream
from govsocial.archive.tests.factories import archive_records, make_archived_channel, record
from govsocial.core.tests.factories import make_organisation


def _elements(data: bytes, chunk: int = 7):
    chunks = [data[i : i + chunk] for i in range(0, len(data), chunk)]
    return [raw for _path, raw in jsonstream.array_elements(chunks, [()], "t.json", 10**6)]


@pytest.mark.parametrize("chunk", [3, 64, 10**6])
def test_elements_cut_at_their_last_line_are_exactly_the_scanned_ones(chunk):
    elements = [{"tweet": {"id": n, "text": "a }\\n\n  } b", "nested": {"x": [1, {"y": 2}]}}}
                for n in range(5)]  # fmt: skip
    pretty = orjson.dumps(elements, option=orjson.OPT_INDENT_2)
    found = _elements(pretty, chunk)
    assert [orjson.loads(raw) for raw in found] == elements
    assert all(raw.startswith(b"{") and raw.endswith(b"}") and raw in pretty for raw in found)
    assert pretty == b"[\n  " + b",\n  ".join(found) + b"\n]"  # byte for byte, nothing lost


def test_a_nested_object_on_the_elements_indentation_goes_back_to_the_scanner():
    # The second element closes an inner object on a line that looks like an element's end.
    data = b'[\n  {"a": 1\n  },\n  {"b": {"c": 2\n  }, "d": 3\n  },\n  {"e": 4\n  }\n]'
    assert [orjson.loads(raw) for raw in _elements(data)] == [
        {"a": 1}, {"b": {"c": 2}, "d": 3}, {"e": 4},
    ]  # fmt: skip


@pytest.mark.parametrize("chunk", [5, 64, 10**6])
def test_compact_elements_cut_at_a_bracket_before_a_comma_are_exactly_the_scanned_ones(chunk):
    # One status per line, as the REST API's arrays are saved: inner objects in lists,
    # "}," inside texts, and more false cuts in one element than the fast path tries.
    elements = [
        {"id": str(n), "content": "<p>a },{ b }]</p>", "tags": [{"t": "x"}, {"t": "y"}],
         "account": {"acct": "g"}, "many": [{"k": k} for k in range(12 * (n % 2))]}
        for n in range(6)
    ]  # fmt: skip
    body = b"[" + b",\n".join(orjson.dumps(e) for e in elements) + b"]"
    wrapped = b'{"statuses": ' + body + b', "favourites": [{"id": "f"}]}'
    for data, paths in ((body, [()]), (wrapped, [("statuses",)])):
        chunks = [data[i : i + chunk] for i in range(0, len(data), chunk)]
        found = [raw for _p, raw in jsonstream.array_elements(chunks, paths, "t.json", 10**6)]
        assert [jsonstream.loads(raw, "t.json") for raw in found] == elements
        assert body == b"[" + b",\n".join(found) + b"]"


def test_an_element_too_large_is_refused_on_the_fast_path_too():
    data = orjson.dumps([{"n": 1}, {"n": "x" * 500}])
    with pytest.raises(jsonstream.ArchiveError, match="larger than"):
        list(jsonstream.array_elements([data], [()], "t.json", 100))


def test_a_broken_element_after_fast_ones_is_still_refused():
    data = b'[\n  {"a": 1\n  },\n  {"b": 2\n  },\n  {"c": \n  }\n]'
    with pytest.raises(jsonstream.MalformedJSON):
        [jsonstream.loads(raw, "t.json") for raw in _elements(data)]  # noqa: B018


@pytest.mark.django_db
def test_search_stays_within_the_organisation_and_channel(organisation):
    other = make_organisation()
    mine = make_archived_channel(organisation, posts=2)
    theirs = make_archived_channel(other, posts=3)
    second = make_archived_channel(organisation, posts=1)
    assert len(services.search(organisation, "zwembad")) == 3
    assert len(services.search(other, "zwembad")) == 3
    assert {i.channel_id for i in services.search(organisation, "zwembad")} == {mine.pk, second.pk}
    only = services.search(organisation, "zwembad", services.Filters(channel_id=second.pk))
    assert [i.channel_id for i in only] == [second.pk]
    filtered = services.search(organisation, "laat", services.Filters(author_kind="public"))
    assert len(filtered) == 3 and theirs.pk not in {i.channel_id for i in filtered}
    assert services.search(organisation, "zwembad", limit=1, offset=1)[0].channel_id in {
        mine.pk, second.pk,
    }  # fmt: skip


@pytest.mark.django_db
def test_an_edit_and_a_re_import_keep_the_index_in_step(organisation):
    channel = make_archived_channel(organisation, posts=1)
    archive_records(organisation, channel, [record("edit-me", "De bieb is dicht")])
    archive_records(organisation, channel, [record("edit-me", "De bieb is open")])
    assert services.search(organisation, "dicht") == []
    assert [i.text for i in services.search(organisation, "bieb")] == ["De bieb is open"]
    assert services.verify(organisation).ok


@pytest.mark.django_db
def test_search_lists_the_most_recently_captured_first_on_every_database(organisation):
    channel = make_archived_channel(organisation, posts=0)
    archive_records(organisation, channel, [record("old", "Het zwembad is dicht")])
    archive_records(
        organisation,
        channel,
        [record("newer", "Zwembad open om 9 uur"), record("newest", "Het zwembad is open")],
    )
    found = services.search(organisation, "zwembad")
    assert [i.external_id for i in found] == ["newest", "newer", "old"]
    assert [i.external_id for i in services.search(organisation, "zwembad", limit=1, offset=1)] == [
        "newer"
    ]


@pytest.mark.django_db
def test_items_written_in_several_batches_keep_their_own_keys_versions_and_links(
    organisation, monkeypatch
):
    from govsocial.archive.models import Item, ItemVersion, RawPayload
    from govsocial.archive.services import capture

    monkeypatch.setattr(capture, "BATCH", 3)
    first = make_archived_channel(organisation, posts=2)
    second = make_archived_channel(organisation, posts=0)
    archive_records(organisation, second, [record(f"b{n}", f"Bieb dicht {n}") for n in range(7)])
    archive_records(organisation, second, [record("b6", "Bieb weer open")])  # an edit
    items = Item.objects.filter(organisation=organisation, channel_id=second.pk)
    assert items.count() == 7
    assert all(v.item.external_id.startswith("b") for v in ItemVersion.objects.filter(
        channel_id=second.pk).select_related("item"))  # fmt: skip
    assert ItemVersion.objects.filter(item__external_id="b6").count() == 2
    assert RawPayload.objects.filter(organisation=organisation).count() == 4 + 8
    assert [i.external_id for i in services.search(organisation, "bieb", limit=2)] == ["b6", "b5"]
    assert services.search(organisation, "zwembad")[0].channel_id == first.pk
    assert services.verify(organisation).ok


def test_an_element_checked_on_the_fast_path_is_parsed_once_and_handed_out_once():
    data = orjson.dumps([{"n": 1}, {"n": 2}, {"n": 3}], option=orjson.OPT_INDENT_2)
    raws = _elements(data, 10**6)
    values = [jsonstream.loads(raw, "t.json") for raw in raws]
    assert values == [{"n": 1}, {"n": 2}, {"n": 3}]
    values[-1]["n"] = 99  # the caller owns what it got: a second read parses again
    assert jsonstream.loads(raws[-1], "t.json") == {"n": 3}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment",
    [
        datetime(2024, 1, 8, 9, 0, tzinfo=UTC),
        datetime(2024, 1, 8, 9, 0, 5, 120, tzinfo=UTC),
        datetime(2024, 3, 31, 2, 30, 1, tzinfo=timezone(timedelta(hours=2))),
        datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=-5))),
    ],
)
def test_a_moment_is_written_as_django_writes_it_and_reads_back_the_same(organisation, moment):
    from django.db import connection

    from govsocial.archive.models import Item
    from govsocial.archive.services import bulk

    if connection.vendor == "sqlite":
        assert bulk.db_datetime(moment) == connection.ops.adapt_datetimefield_value(moment)
    channel = make_archived_channel(organisation, posts=0)
    archive_records(organisation, channel, [record("m", "Moment", published_at=moment)])
    assert Item.objects.get(channel_id=channel.pk).published_at == moment


@pytest.mark.parametrize(
    ("content", "text"),
    [
        ("<p>Het zwembad &amp; de bieb </p>", "Het zwembad & de bieb"),
        ("<p>a > b</p>", "a > b"),
        ("<p>regel<br>regel</p>", "regel\nregel"),
        ("<p>één</p><p>twee</p>", "één\ntwee"),
        ('<p>Zie <a href="https://x.nl">x.nl</a></p>', "Zie x.nl"),
        ("<p></p>", ""),
    ],
)
def test_mastodon_html_becomes_the_same_text_on_the_plain_paragraph_path(content, text):
    from govsocial.archive.importers.base import html_to_text

    assert html_to_text(content) == text


@pytest.mark.parametrize(
    "value",
    ["2024-01-08T09:00:00.000Z", "2024-01-08T09:00:00+01:00", "2024-01-08 09:00:00 UTC",
     "2024/01/08 09:00:00", " 2024-01-08T09:00:00Z ", "2024-01-08"],
)  # fmt: skip
def test_an_iso_moment_read_directly_is_the_one_read_after_tidying(value):
    from govsocial.archive.importers.base import from_iso

    tidy = value.strip().replace(" UTC", "").replace("/", "-").replace("Z", "+00:00")
    expected = datetime.fromisoformat(tidy)
    assert from_iso(value) == (expected if expected.tzinfo else expected.replace(tzinfo=UTC))
    assert from_iso(value).tzinfo is not None


def test_a_canonical_record_is_the_sorted_key_json_of_its_fields():
    from govsocial.archive.services.chain import Canonical

    base = {"channel": 7, "source": "x", "captured_at": "2024-01-02T03:04:05.000006+00:00",
            "importer_version": "1"}  # fmt: skip
    own = {"external_id": 'a"\u00e9\n', "number": 2, "event": "edited", "content_hash": "ab",
           "raw_sha256": "cd", "origin": "data/tweets.js"}  # fmt: skip
    record = Canonical(7, "x", datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=UTC), "1")(
        own["external_id"], 2, "edited", "ab", "cd", "data/tweets.js"
    )
    assert record == orjson.dumps({**base, **own}, option=orjson.OPT_SORT_KEYS)

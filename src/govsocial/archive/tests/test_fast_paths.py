"""The import's and the search's fast paths give what the general ones give."""

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

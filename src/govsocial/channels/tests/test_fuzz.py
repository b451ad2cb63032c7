"""Random input for the CSV import and the edit form: never a server error, never half a write."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from govsocial.channels import spreadsheet
from govsocial.channels.models import Channel
from govsocial.channels.services import REQUEST_FIELDS
from govsocial.channels.tests.factories import make_channel, make_member
from govsocial.core.models import AuditEvent
from govsocial.core.tests.forms import form_data

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

GOOD = {
    "platform": ["facebook", "Instagram", "twitter", "X (Twitter)", "WhatsApp-kanaal"],
    "status": ["active", "Actief", "dormant", "requested", "Aangevraagd"],
    "bool": ["yes", "nee", "Ja", "1", "0", "x", ""],
    "date": ["2024-02-29", "31-12-2023", "01/02/2020", ""],
    "owner": ["anna", "Anna@Example.org", "anna ", ""],
    "cover": ["bram", "BRAM", ""],
    "url": ["https://example.org/x", "http://example.org", ""],
    "email": ["social@example.org", ""],
    "hours": ["4", "168", "0", ""],
    "text": ["Council news", "=1+1", "'=1+1", "+31 20", "-", "line\nbreak", "é ü ß 中文"],
}
BAD = {
    "platform": ["myspace", ""],
    "status": ["deleted", "closed", ""],
    "bool": ["maybe"],
    "date": ["2023-02-29", "2999-01-01", "gisteren"],
    "person": ["nobody", "bram"],
    "url": ["example.org", "javascript:alert(1)", "http://[::1"],
    "email": ["not an address", "a@b"],
    "hours": ["169", "-1", "four", "9" * 5000, "٣"],
    "text": ["@taken", "a" * 201, ""],
}
GARBAGE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(['"quoted, with comma"', "", " ", "é", "\ufeff", "\r", "a;b,c"]),
)
ENCODINGS = ["utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]


@st.composite
def headers(draw, mess: int) -> list[tuple[str, str]]:
    """(column key or "", the name the file gives it): mostly real columns, in any order."""
    columns = [c for c in spreadsheet.COLUMNS if c.required or draw(st.integers(0, 3)) == 0]
    columns = draw(st.permutations(columns))
    named = []
    for column in columns:
        if mess and draw(st.integers(0, 19)) == 0:
            continue  # a required column left out now and then
        with translation.override(draw(st.sampled_from(["en", "nl"]))):
            spelling = draw(st.sampled_from([column.key, str(column.label)]))
        named.append((column.key, draw(st.sampled_from([spelling, spelling.upper(), spelling]))))
    if mess and draw(st.integers(0, 9)) == 0:
        named.insert(draw(st.integers(0, len(named))), ("", draw(GARBAGE)))
    return named


@st.composite
def csv_files(draw, clean: bool = False) -> bytes:
    """A CSV file: clean (it imports), or with bad values, garbage and odd shapes."""
    mess = 0 if clean else draw(st.integers(0, 3))
    delimiter = draw(st.sampled_from([",", ";", ",", "\t"]))
    header = draw(headers(mess))

    def cell(key: str, n: int) -> str:
        if key == "handle" and not (mess and draw(st.booleans())):
            return f"@fuzz{n}"
        kind = spreadsheet.COLUMN_BY_KEY[key].kind if key else "text"
        if kind == "person":
            kind = key
        if mess and draw(st.integers(0, 5)) == 0:
            return draw(GARBAGE)
        if mess and draw(st.integers(0, 5)) == 0:
            return draw(st.sampled_from(BAD.get(kind, BAD["person"])))
        return draw(st.sampled_from(GOOD[kind]))

    def line(cells: list[str]) -> str:
        quoted = draw(st.booleans())
        return delimiter.join('"' + c.replace('"', '""') + '"' if quoted else c for c in cells)

    rows = []
    for n in range(draw(st.integers(1 if not mess else 0, 6))):
        cells = [cell(key, n) if key != "name" else f"Kanaal {n}" for key, _name in header]
        if mess and draw(st.integers(0, 9)) == 0:
            cells.append(draw(GARBAGE))  # a cell too many
        rows.append(cells)
    text = "\r\n".join([line([name for _key, name in header])] + [line(r) for r in rows])
    encoding = draw(st.sampled_from(ENCODINGS)) if mess else "utf-8"
    return text.encode(encoding, errors="replace")


@pytest.fixture
def members(organisation):
    make_member(organisation, username="anna", email="anna@example.org")
    make_member(organisation, username="bram")
    make_channel(organisation, platform="facebook", handle="@taken")


def _counts(organisation):
    return (
        Channel.objects.filter(organisation=organisation).count(),
        AuditEvent.objects.filter(organisation=organisation).count(),
    )


@settings(FUZZ, max_examples=100)
@given(
    data=st.one_of(st.binary(max_size=400), csv_files(), csv_files(clean=True)),
    language=st.sampled_from(["en", "nl"]),
)
def test_any_file_imports_whole_or_not_at_all(organisation, members, data, language):
    before = _counts(organisation)
    with translation.override(language):
        try:
            result = spreadsheet.import_channels(organisation, None, data)
        except spreadsheet.SpreadsheetError as error:
            event("file refused")
            assert error.message
            assert _counts(organisation) == before
            return
    channels, events = _counts(organisation)
    event(f"imported {len(result.created)}" if result.ok else "row problems")
    if result.ok:
        assert len(result.created) == len(result.rows) == channels - before[0]
        assert events - before[1] == len(result.created)
        Channel.objects.filter(pk__in=[c.pk for c in result.created]).delete()
    else:
        assert result.created == [] and (channels, events) == before
        assert all(str(problem) for problem in result.problems)


@settings(FUZZ, max_examples=25)
@given(data=st.one_of(st.binary(max_size=300), csv_files(), csv_files(clean=True)))
def test_the_import_page_never_fails(lead_client, organisation, members, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = _counts(organisation)
    response = lead_client.post(
        reverse("channels:import"), {"file": SimpleUploadedFile("f.csv", data, "text/csv")}
    )
    assert response.status_code in (200, 302)
    event(f"{response.status_code}")
    if response.status_code == 200:
        assert _counts(organisation) == before
    Channel.objects.filter(organisation=organisation).exclude(handle="@taken").delete()


# --- the edit form ---------------------------------------------------------------------

FORM_FIELDS = list(REQUEST_FIELDS)  # every field of the edit form but the activity date
VALUES = st.one_of(
    st.text(max_size=60),
    st.text(max_size=600).map(lambda t: t * 2),
    st.sampled_from(["", "facebook", "x", "nope", "on", "true", "0", "1", "-1", "168", "1e9"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["https://example.org", "example.org", "http://[::1", "\x00", "a" * 501]),
)


class _Person(int):
    """The index of one of the test's people, put in by the test (the ids are not known yet)."""


@st.composite
def edit_posts(draw):
    """Changes to the form as the page sends it: a few fields, or everything at random."""
    changes = {}
    names = draw(st.lists(st.sampled_from(FORM_FIELDS), max_size=len(FORM_FIELDS)))
    for name in names:
        kind = draw(st.sampled_from(["value", "value", "person", "missing", "twice", "initial"]))
        if kind == "value":
            changes[name] = draw(VALUES)
        elif kind == "person":
            changes[name] = _Person(draw(st.integers(0, 5)))
        elif kind == "missing":
            changes[name] = None
        elif kind == "twice":
            changes[name] = [draw(VALUES), draw(VALUES)]
        else:
            changes[f"initial-{name}"] = draw(VALUES)
    if draw(st.integers(0, 3)) == 0:
        changes["revision"] = draw(st.one_of(st.just("1"), VALUES))
    if draw(st.integers(0, 4)) == 0:
        changes["conflict"] = draw(st.sampled_from(["mine", "theirs", "other"]))
    return changes


def _stored(channel):
    channel.refresh_from_db()
    return {name: getattr(channel, name) for name in FORM_FIELDS + ["revision"] if name}


@pytest.fixture
def editing(organisation, lead, request):
    channel = make_channel(organisation, name="Council news")
    other = make_member(organisation)
    client = Client()
    client.force_login(lead if request.param == "lead" else channel.owner)
    ids = [lead.pk, channel.owner.pk, channel.cover.pk, other.pk, 0, 99999]
    return client, channel, ids


@pytest.mark.parametrize("editing", ["lead", "owner"], indirect=True)
@settings(FUZZ, max_examples=40)
@given(changes=edit_posts())
def test_the_edit_form_never_fails_and_saves_all_or_nothing(editing, changes):
    client, channel, ids = editing
    url = reverse("channels:edit", args=[channel.pk])
    post = form_data(client.get(url))
    for name, value in changes.items():
        if value is None:
            post.pop(name, None)
        else:
            post[name] = str(ids[value]) if isinstance(value, _Person) else value
    before = _stored(channel)
    response = client.post(url, post)
    assert response.status_code in (200, 302, 409)
    after = _stored(channel)
    event(f"{response.status_code}, revision +{after['revision'] - before['revision']}")
    if response.status_code != 302:
        assert after == before
    else:
        assert after["revision"] in (before["revision"], before["revision"] + 1)
        if after["revision"] == before["revision"]:
            assert after == before  # "nothing was changed" or "kept theirs"
    Channel.objects.filter(pk=channel.pk).update(owner=channel.owner_id, cover=channel.cover_id)

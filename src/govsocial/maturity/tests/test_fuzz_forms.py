"""Random input for the self-assessment's question pages and the benchmark import:
never a server error, never half a write."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from govsocial.maturity import services
from govsocial.maturity.models import BenchmarkSet, Response

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
THEMES = services.content().themes
GARBAGE = st.one_of(
    st.text(max_size=20), st.sampled_from(["0", "6", "-1", "9" * 500, "٣", " 3", "Don't know"])
)


@st.composite
def theme_posts(draw):
    number = draw(st.integers(1, len(THEMES)))
    values = {}
    for question in THEMES[number - 1].questions:
        levels = [str(i) for i in range(1, len(question.levels) + 1)] + ["dont_know", ""]
        if draw(st.booleans()):
            values[question.id] = draw(st.one_of(st.sampled_from(levels), GARBAGE))
    action = draw(st.sampled_from(["next", "previous", "later", "review", "", "x"]))
    return number, values, action, draw(st.booleans())


@pytest.fixture
def open_round(client, organisation):
    from govsocial.core.tests.factories import make_person

    person = make_person(organisation, role="staff")
    client.force_login(person)
    assessment = services.start_round(organisation, person)
    return assessment, services.response_for(assessment, person)


@FUZZ
@given(post=theme_posts())
def test_any_answers_on_a_theme_page_are_saved_whole_or_not_at_all(client, open_round, post):
    assessment, response = open_round
    number, values, action, htmx = post
    before = Response.objects.get(pk=response.pk).answers
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    reply = client.post(
        reverse("maturity:theme", args=[assessment.pk, number]),
        {**values, "action": action},
        **headers,
    )
    event(f"{reply.status_code}{' htmx' if htmx else ''}")
    assert reply.status_code in (200, 302)
    after = Response.objects.get(pk=response.pk).answers
    saved = reply.status_code == 302 or (htmx and "maturity/_saved.html" in _templates(reply))
    if not saved:
        assert after == before
        return
    for qid, value in values.items():
        if value == "":
            assert after.get(qid) == before.get(qid)  # a radio button cannot be unticked
        else:
            assert after[qid] == (value if value == "dont_know" else int(value))


def _templates(reply) -> list[str]:
    return [t.name for t in getattr(reply, "templates", []) if t.name]


HEADER = "group,value,theme,organisations,median,q1,q3"
ROWS = st.tuples(
    st.sampled_from(["all", "kind", "size", "country", "x", ""]),
    st.sampled_from(["", "municipality", "agency", "NL", "1-50"]),
    st.sampled_from([t.id for t in THEMES] + ["nonsense", ""]),
    st.one_of(st.integers(-1, 20).map(str), GARBAGE),
    st.one_of(st.floats(-10, 110, allow_nan=False).map(str), GARBAGE),
    st.one_of(st.floats(-10, 110, allow_nan=False).map(str), GARBAGE),
    st.one_of(st.floats(-10, 110, allow_nan=False).map(str), GARBAGE),
).map(lambda row: ",".join(v.replace(",", " ").replace("\n", " ") for v in row))
VALID_ROWS = st.tuples(
    st.sampled_from([t.id for t in THEMES]),
    st.integers(5, 500),
    st.lists(st.integers(0, 100), min_size=3, max_size=3).map(sorted),
).map(lambda row: f"all,,{row[0]},{row[1]},{row[2][1]},{row[2][0]},{row[2][2]}")
CSV_FILES = st.one_of(
    st.lists(VALID_ROWS, min_size=1, max_size=4, unique_by=lambda r: r.split(",")[2]).map(
        lambda rows: "\n".join([HEADER, *rows]).encode()
    ),
    st.lists(ROWS, max_size=6).map(lambda rows: "\n".join([HEADER, *rows]).encode()),
    st.binary(max_size=300),
    st.text(max_size=200).map(str.encode),
    st.sampled_from([b"\xff\xfe" + HEADER.encode("utf-16-le"), HEADER.encode() + b"\n\x00"]),
)


@FUZZ
@given(
    data=CSV_FILES,
    label=st.one_of(st.just("National 2025"), st.text(max_size=250)),
    source=st.one_of(st.just("Association X"), st.text(max_size=20)),
)
def test_any_benchmark_file_is_imported_whole_or_refused(lead_client, data, label, source):
    count = BenchmarkSet.objects.count()
    reply = lead_client.post(
        reverse("maturity:benchmark_import"),
        {"csv_file": SimpleUploadedFile("benchmark.csv", data), "label": label, "source": source},
    )
    event(str(reply.status_code))
    assert reply.status_code in (302, 400)
    assert BenchmarkSet.objects.count() == count + (reply.status_code == 302)
    if reply.status_code == 302:
        imported = BenchmarkSet.objects.order_by("-pk").first()
        assert len(imported.rows) == len(data.decode("utf-8-sig").strip().splitlines()) - 1

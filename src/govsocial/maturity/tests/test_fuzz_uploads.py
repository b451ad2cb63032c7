"""Fuzzing the answers upload: whatever the file, never a server error, never a partial write."""

import json

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from govsocial.maturity import services
from govsocial.maturity.models import Assessment, Response

QIDS = list(services.content().questions)
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**20, max_value=10**4000),  # huge numbers
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["1", "5", "dont_know", "Don't know", "weet ik niet", "²", "٣", "", " 3 "]),
)
structures = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
answer_values = st.one_of(st.sampled_from([1, 2, 3, 4, 5, "dont_know", None]), structures)
answer_sets = st.dictionaries(
    st.one_of(st.sampled_from(QIDS), st.text(max_size=20)), answer_values, max_size=8
)
documents = st.one_of(
    structures,
    answer_sets.map(lambda answers: {"answers": answers}),
    answer_sets.map(lambda answers: {"format": services.FILE_FORMAT, "answers": answers}),
    st.fixed_dictionaries({"format": st.text(max_size=20), "answers": answer_sets}),
)


def _dump(document, as_json: bool) -> bytes:
    if as_json:
        return json.dumps(document, allow_nan=True).encode()
    return yaml.safe_dump(document, allow_unicode=True).encode()


nested = st.integers(min_value=1, max_value=5000).flatmap(
    lambda depth: st.sampled_from(
        [b"[" * depth, b"{a: " * depth, b"- " * depth + b"1", b'{"answers": ' * depth]
    )
)
files = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=400).map(str.encode),
    st.tuples(documents, st.booleans()).map(lambda pair: _dump(*pair)),
    nested,
)


@pytest.fixture
def open_round(client, organisation):
    from govsocial.core.tests.factories import make_person

    person = make_person(organisation, role="staff")
    client.force_login(person)
    assessment = services.start_round(organisation, person)
    response = services.response_for(assessment, person)
    services.save_answers(response, {"lead_sponsor": 2, "gov_register": "dont_know"})
    return assessment, response


@pytest.mark.django_db
@FUZZ
@given(content=files)
@example(content=b"a: &a [1]\nanswers: {lead_sponsor: *a}\n")
@example(content=b"answers: {lead_sponsor: 2020-13-45}\n")
@example(content=b'{"answers": {"\\udfff": 3}}')
def test_signed_in_upload_never_fails_and_never_half_applies(client, open_round, content):
    assessment, response = open_round
    before = Response.objects.get(pk=response.pk).answers
    reply = client.post(
        reverse("maturity:upload", args=[assessment.pk]),
        {"answers_file": SimpleUploadedFile("answers.yaml", content)},
    )
    assert reply.status_code == 302
    after = Response.objects.get(pk=response.pk).answers
    if reply["Location"] == reverse("maturity:index"):  # refused
        assert after == before
    else:
        assert after == services.parse_answers_file(content)
        services.save_answers(response, before, replace=True)


@pytest.mark.django_db
@FUZZ
@given(content=files)
@example(content=b'{"answers": {"lead_sponsor": "\\ud800"}}')
def test_anonymous_upload_never_fails_and_creates_nothing_on_refusal(client, settings, content):
    settings.GOVSOCIAL_ANONYMOUS_ASSESSMENTS_PER_HOUR = 10**6
    count = Assessment.objects.count()
    reply = client.post(
        reverse("maturity:anon_start"),
        {"action": "upload", "answers_file": SimpleUploadedFile("answers.json", content)},
    )
    assert reply.status_code in (302, 400)
    assert Assessment.objects.count() == count + (reply.status_code == 302)
    assert len(reply.content) < 40_000


@settings(max_examples=400, deadline=None)
@given(content=files)
def test_parsing_any_file_gives_clean_answers_or_a_short_answers_error(content):
    try:
        answers = services.parse_answers_file(content)
    except services.AnswersError as exc:
        assert len(str(exc)) < 400
    else:
        assert set(answers) <= set(QIDS)
        assert all(v in (1, 2, 3, 4, 5, "dont_know") for v in answers.values())

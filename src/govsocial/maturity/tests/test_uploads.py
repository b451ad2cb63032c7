"""Answers and benchmark files that people upload: refused quickly, briefly and in their language.

Anyone may post an answers file (the anonymous test needs no account), so a file
must never cost much time or memory, never echo itself back at length and never
end in a server error.
"""

import json
import time
import tracemalloc

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from govsocial.core.tests.factories import make_person
from govsocial.maturity import services
from govsocial.maturity.models import Assessment, BenchmarkSet

# 317 bytes of nested anchors: nine to the power six "lol"s once expanded.
ALIAS_BOMB = (
    b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + b"".join(
        f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]\n".encode()
        for prev, name in zip("abcde", "bcdef", strict=True)
    )
    + b"answers: {lead_sponsor: *f}\n"
)
HUGE = "x" * 30_000  # under the size limit, far over any sensible answer
ANSWERS_LIMIT = 32 * 1024
BENCHMARK_LIMIT = 1024 * 1024
CSV_HEADER = "group,value,theme,organisations,median,q1,q3\n"


def _upload(content: bytes, name: str = "answers.yaml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _timed_post(client, url, data, **extra):
    start = time.perf_counter()
    response = client.post(url, data, **extra)
    return response, time.perf_counter() - start


# --- the answers file, anonymous and signed in ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, expected, foreign",
    [
        ("en", "anchors or aliases", "ankers"),
        ("nl", "ankers of aliassen", "aliases are not allowed"),
    ],
)
def test_alias_bomb_posted_anonymously_is_refused_fast_briefly_in_the_persons_language(
    client, language, expected, foreign
):
    assert len(ALIAS_BOMB) < 400
    response, seconds = _timed_post(
        client,
        reverse("maturity:anon_start"),
        {"action": "upload", "answers_file": _upload(ALIAS_BOMB)},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert seconds < 1
    assert len(response.content) < 30_000
    assert expected in page and foreign not in page
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_signed_in_upload_of_an_alias_bomb_or_a_huge_value_keeps_the_session_small(
    client, organisation
):
    person = make_person(organisation, role="staff", language="nl")
    client.force_login(person)
    assessment = services.start_round(organisation, person)
    services.save_answers(services.response_for(assessment, person), {"lead_sponsor": 2})
    url = reverse("maturity:upload", args=[assessment.pk])
    huge_value = f"answers:\n  lead_sponsor: {HUGE}\n".encode()
    huge_format = f"format: {HUGE}\nanswers: {{}}\n".encode()
    for content in (ALIAS_BOMB, huge_value, huge_format):
        response, seconds = _timed_post(client, url, {"answers_file": _upload(content)})
        assert response.status_code == 302 and seconds < 1
        page = client.get(response["Location"]).content.decode()
        assert "Het bestand is niet gebruikt" in page and "x" * 100 not in page
        stored = sum(len(s.session_data) for s in Session.objects.all())
        cookies = sum(len(morsel.value) for morsel in client.cookies.values())
        assert stored < 4_000 and cookies < 4_000
    assert services.response_for(assessment, person).answers == {"lead_sponsor": 2}


@pytest.mark.parametrize(
    "content, shown",
    [
        (f"answers:\n  lead_sponsor: {HUGE}\n", "lead_sponsor"),
        (json.dumps({"answers": {HUGE: 3}}), "Unknown question"),
        (f"format: {HUGE}\n", "not a GovSocial maturity answers file"),
        (f"answers:\n  lead_sponsor: [{', '.join(['1'] * 10_000)}]\n", "lead_sponsor"),
        ('{"answers": {"lead_sponsor": "\\ud800"}}', "lead_sponsor"),
        # A lone surrogate is no text at all: the reader refuses the file (core.content).
        ('answers: {"\\ud800": 3}', "not valid YAML or JSON"),
    ],
)
def test_an_answers_error_echoes_only_a_short_excerpt_of_the_value(content, shown):
    with pytest.raises(services.AnswersError) as info:
        services.parse_answers_file(content.encode())
    assert shown in str(info.value)
    assert len(str(info.value)) < 300
    str(info.value).encode("utf-8")  # no lone surrogate, which no page could show
    assert info.value.question is None or len(info.value.question) < 100


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"[" * 30_000, id="deep-flow"),
        pytest.param(b"{a: " * 7_000, id="deep-mapping"),
        pytest.param(b"- " * 15_000 + b"1\n", id="deep-block"),
        pytest.param(b'{"answers": ' * 2_500, id="deep-json"),
        pytest.param(b"answers:\n  lead_sponsor: " + b"9" * 10_000 + b"\n", id="huge-integer"),
        pytest.param(b'{"answers": {"lead_sponsor": ' + b"9" * 10_000 + b"}}", id="huge-json-int"),
        pytest.param(b"answers:\n  lead_sponsor: 2020-13-45\n", id="impossible-date"),
        pytest.param("answers:\n  lead_sponsor: '²'\n".encode(), id="superscript-digit"),
        pytest.param(b"answers:\n  lead_sponsor: '" + b"3" * 5_000 + b"'\n", id="digit-string"),
    ],
)
def test_a_deeply_nested_or_out_of_range_answers_file_is_refused_not_a_server_error(content):
    start = time.perf_counter()
    with pytest.raises(services.AnswersError):
        services.parse_answers_file(content)
    assert time.perf_counter() - start < 1


def test_an_answers_file_over_the_size_limit_is_refused_before_it_is_parsed(monkeypatch):
    from govsocial.maturity.services import answers

    def parse_yaml(*args, **kwargs):  # pragma: no cover - must not run
        raise AssertionError("parsed a file over the limit")

    monkeypatch.setattr(answers, "parse_yaml", parse_yaml)
    padded = b"# " + b"x" * ANSWERS_LIMIT + b"\nanswers: {}\n"
    with pytest.raises(services.AnswersError) as info:
        services.parse_answers_file(padded)
    assert "too large" in str(info.value) and "32 KB" in str(info.value)


class Unreadable(SimpleUploadedFile):
    """An upload that fails the test when anything reads it."""

    def read(self, *args):  # pragma: no cover - must not run
        raise AssertionError("read an oversized upload")

    chunks = read


def _never(*args, **kwargs):  # pragma: no cover - must not run
    raise AssertionError("parsed an oversized upload")


def test_the_upload_forms_refuse_a_file_over_the_limit_by_its_size_alone():
    from govsocial.maturity.forms import AnswersUploadForm, BenchmarkImportForm

    for form_class, field, limit, data in (
        (AnswersUploadForm, "answers_file", ANSWERS_LIMIT, {}),
        (BenchmarkImportForm, "csv_file", BENCHMARK_LIMIT, {"label": "L", "source": "S"}),
    ):
        upload = Unreadable("big", b"")
        upload.size = limit + 1
        form = form_class(data, {field: upload})
        assert not form.is_valid()
        assert (
            "too large" in form.errors[field][0] and f"{limit // 1024} KB" in form.errors[field][0]
        )


@pytest.mark.django_db
def test_an_uploaded_answers_file_over_the_limit_is_refused_in_dutch_unparsed(client, monkeypatch):
    monkeypatch.setattr(services, "parse_answers_file", _never)
    page = client.post(
        reverse("maturity:anon_start"),
        {"action": "upload", "answers_file": _upload(b"#" * (ANSWERS_LIMIT + 1))},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert page.status_code == 400 and "te groot" in page.content.decode()


@pytest.mark.parametrize(
    "content",
    [
        '{"format":"govsocial-maturity-answers","answers":{"lead_sponsor":3,"gov_register":"dont_know"}}',
        '{\n\t"answers": {\n\t\t"lead_sponsor": 3,\n\t\t"gov_register": "dont_know"\n\t}\n}\n',
    ],
    ids=["minified", "tab-indented"],
)
def test_json_answers_files_are_read_as_json(content):
    assert services.parse_answers_file(content.encode()) == {
        "lead_sponsor": 3,
        "gov_register": "dont_know",
    }


# --- the command line -----------------------------------------------------------------


def test_score_cli_refuses_an_alias_bomb_fast_with_exit_2_in_dutch(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_bytes(ALIAS_BOMB)
    start = time.perf_counter()
    with pytest.raises(CommandError) as info:
        call_command(
            "maturity",
            "score",
            "--answers",
            str(bomb),
            "--lang",
            "nl",
            "--out",
            str(tmp_path / "r"),
        )
    assert time.perf_counter() - start < 1
    assert info.value.returncode == 2
    assert "ankers of aliassen" in str(info.value) and len(str(info.value)) < 500
    assert not (tmp_path / "r").exists()


def test_score_cli_checks_the_file_size_before_reading_it(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: costs no disk, would cost 64 MB to read
    tracemalloc.start()
    try:
        with pytest.raises(CommandError) as info:
            call_command(
                "maturity",
                "score",
                "--answers",
                str(big),
                "--lang",
                "nl",
                "--out",
                str(tmp_path / "r"),
            )
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.returncode == 2 and "te groot" in str(info.value)
    assert peak < 8 * 1024 * 1024


# --- benchmark import, on the web and the command line ---------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "line, expected",
    [
        ("all," + "v" * 200_000 + ",strategy,40,55,41,70\n", "cannot be read as CSV"),
        ("x" * 100_000 + ",,strategy,40,55,41,70\n", "unknown group"),
        ("all,,strategy,40,55,41,70\n" + "all,," + "t" * 100_000 + ",40,55,41,70\n", "theme"),
        ("kind," + "w" * 500 + ",strategy,40,55,41,70\n", "value"),
        ("kind,muni\x00cipality,strategy,40,55,41,70\n", "value"),
    ],
    ids=["field-over-csv-limit", "huge-group", "huge-theme", "long-value", "control-character"],
)
def test_a_hostile_benchmark_csv_is_refused_with_a_short_message_and_nothing_stored(
    lead_client, line, expected
):
    upload = SimpleUploadedFile("bench.csv", (CSV_HEADER + line).encode())
    response = lead_client.post(
        reverse("maturity:benchmark_import"),
        {"csv_file": upload, "label": "Hostile", "source": "tests"},
    )
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert len(response.content) < 40_000
    assert not BenchmarkSet.objects.exists()


@pytest.mark.django_db
def test_a_benchmark_csv_over_the_size_limit_is_refused_unparsed(lead_client, monkeypatch):
    monkeypatch.setattr(services, "parse_benchmark_csv", _never)
    monkeypatch.setattr(services, "import_benchmark_csv", _never)
    big = CSV_HEADER + "all,,strategy,40,55,41,70\n" * (BENCHMARK_LIMIT // 26 + 1)
    response = lead_client.post(
        reverse("maturity:benchmark_import"),
        {"csv_file": SimpleUploadedFile("big.csv", big.encode()), "label": "L", "source": "S"},
    )
    assert response.status_code == 400 and "too large" in response.content.decode()
    assert not BenchmarkSet.objects.exists()


@pytest.mark.django_db
def test_benchmark_cli_checks_the_file_size_before_reading_it(tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(CommandError) as info:
            call_command(
                "maturity", "benchmark", "import", str(big), "--label", "L", "--source", "S"
            )
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.returncode == 2 and "too large" in str(info.value)
    assert peak < 8 * 1024 * 1024
    assert not BenchmarkSet.objects.exists()


@pytest.mark.django_db
def test_benchmark_cli_refuses_a_field_over_the_csv_limit_with_exit_2(tmp_path):
    source = tmp_path / "bench.csv"
    source.write_text(CSV_HEADER + "all," + "v" * 200_000 + ",strategy,40,55,41,70\n")
    with pytest.raises(CommandError) as info:
        call_command(
            "maturity", "benchmark", "import", str(source), "--label", "L", "--source", "S"
        )
    assert info.value.returncode == 2 and len(str(info.value)) < 500
    assert not BenchmarkSet.objects.exists()

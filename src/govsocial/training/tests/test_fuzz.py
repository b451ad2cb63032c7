"""Fuzzing the three ways in (issue 9): the check page, the JSON API and
`govsocial post check`. Whatever comes in, the answer is a verdict or a clear
message: never a server error, never a traceback."""

import io
import json
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsocial.training.drafts import MAX_TEXT_LENGTH

pytestmark = pytest.mark.django_db

FIXTURES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = ["text", "platform", "language", "has_image", "alt_text", "kind"]
FIELDS += ["is_public_already", "only_links"]
WORDS = st.sampled_from(
    ["", " ", "x", "X ", "en", "nl", "fr", "true", "false", "on", "1", "0", "maybe", "unsure"]
    + ["new_content", "already_public", "mastodon", "Mijn BSN is 111222333", "#tag kut"]
)
VALUES = st.one_of(JSON, WORDS, st.text(max_size=60))
DRAFTS = st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=8)


def _is_clear_json_error(response) -> bool:
    data = response.json()
    return (
        response.status_code == 400
        and isinstance(data.get("error"), str)
        and bool(data["error"].strip())
        and isinstance(data.get("field"), str)
    )


def _post_json(client, body: bytes | str):
    return client.post(reverse("training:check_api"), body, content_type="application/json")


def _answer_is_a_verdict_or_a_clear_message(response):
    assert response["Content-Type"] == "application/json"
    if response.status_code == 200:
        assert response.json()["verdict"] in ("post", "check_first", "do_not_post")
    else:
        assert _is_clear_json_error(response), response.content[:300]


# --- the JSON API ---------------------------------------------------------------------------------


@FIXTURES
@given(body=st.one_of(DRAFTS, JSON))
def test_any_json_body_gets_a_verdict_or_a_clear_message(staff_client, body):
    _answer_is_a_verdict_or_a_clear_message(_post_json(staff_client, json.dumps(body)))


@FIXTURES
@given(body=st.one_of(st.binary(max_size=200), st.text(max_size=200)))
def test_any_bytes_as_json_get_a_clear_message(staff_client, body):
    _answer_is_a_verdict_or_a_clear_message(_post_json(staff_client, body))


@FIXTURES
@given(fields=st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=60), max_size=8))
def test_any_form_fields_sent_to_the_api_get_a_verdict_or_a_clear_message(staff_client, fields):
    response = staff_client.post(reverse("training:check_api"), fields)
    _answer_is_a_verdict_or_a_clear_message(response)


def test_deeply_nested_json_gets_a_clear_message(staff_client):
    response = _post_json(staff_client, "[" * 100_000 + "]" * 100_000)
    assert _is_clear_json_error(response)


def test_a_body_over_the_upload_limit_gets_a_json_message(staff_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = _post_json(staff_client, json.dumps({"text": "x" * 2_000}))
    assert _is_clear_json_error(response)
    response = staff_client.post(reverse("training:check_api"), {"text": "x" * 2_000})
    assert _is_clear_json_error(response)


def test_too_many_form_fields_get_a_json_message(staff_client):
    fields = {f"field{i}": "x" for i in range(2_000)}
    response = staff_client.post(reverse("training:check_api"), {"text": "Hi", **fields})
    assert _is_clear_json_error(response)


@pytest.mark.parametrize(
    "field,value",
    [
        ("alt_text", ["A map of the park"]),
        ("alt_text", ["x"] * 100_000),
        ("alt_text", {"en": "A map"}),
        ("alt_text", 5),
        ("has_image", "maybe"),
        ("has_image", 2),
        ("has_image", ["yes"]),
        ("is_public_already", "perhaps"),
        ("only_links", {"yes": True}),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_not_guessed(staff_client, field, value):
    # An alt text list was read as the text "['A map of the park']", a yes/no
    # answer that is neither as "no".
    body = {"text": "Our new park", "has_image": True, field: value}
    response = _post_json(staff_client, json.dumps(body))
    assert _is_clear_json_error(response) and response.json()["field"] == field


@pytest.mark.parametrize(
    "field", ["platform", "language", "kind"], ids=["platform", "language", "kind"]
)
def test_a_wrong_value_is_named_without_repeating_all_of_it(staff_client, field):
    body = {"text": "Hello", field: "y" * 100_000}
    response = _post_json(staff_client, json.dumps(body))
    assert _is_clear_json_error(response) and len(response.json()["error"]) < 300


def test_booleans_given_as_numbers_are_understood(staff_client):
    response = _post_json(staff_client, json.dumps({"text": "Park", "has_image": 1}))
    assert response.status_code == 200
    assert "image.no_alt_text" in {r["code"] for r in response.json()["reasons"]}


def test_text_that_is_not_valid_unicode_is_refused(staff_client):
    response = _post_json(staff_client, '{"text": "#tag \\ud800 here"}')
    assert _is_clear_json_error(response) and response.json()["field"] == "text"


# --- the check page --------------------------------------------------------------------------------


FORM_VALUES = st.one_of(WORDS, st.text(max_size=80))


@FIXTURES
@given(
    fields=st.dictionaries(
        st.sampled_from(["text", "platform", "language", "kind", "has_image", "alt_text"]),
        FORM_VALUES,
        max_size=6,
    ),
    htmx=st.booleans(),
)
def test_any_form_gets_a_verdict_or_a_clear_message(staff_client, fields, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = staff_client.post(reverse("training:check"), fields, **headers)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="verdict-heading"' in page or "There is a problem" in page


def test_the_check_page_refuses_a_draft_over_the_limit_in_the_readers_language(staff_client, staff):
    staff.language = "nl"
    staff.save()
    text = "x" * (MAX_TEXT_LENGTH + 1)
    page = staff_client.post(reverse("training:check"), {"text": text}).content.decode()
    assert "Er is een probleem" in page and "70000" in page
    response = _post_json(staff_client, json.dumps({"text": text}))
    assert _is_clear_json_error(response) and "70.000" in response.json()["error"]


# --- the command ---------------------------------------------------------------------------------


def _run(*args, stdin: io.TextIOBase | None = None, monkeypatch=None):
    """(exit code, output), writing to a strict UTF-8 stream as a terminal would."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", errors="strict", write_through=True)
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", stdin)
    try:
        call_command("post", "check", *args, stdout=out)
    except SystemExit as exit_info:
        return exit_info.code, raw.getvalue().decode()
    except CommandError as error:
        assert error.returncode == 2 and str(error).strip()
        return 2, str(error)
    raise AssertionError("the command neither exited nor refused")


TEXTS = st.one_of(
    st.text(max_size=200),
    st.text(st.characters(codec="utf-8"), max_size=50),
    st.sampled_from(["#tag \ud800", "Mijn BSN is 111222333", "kut", "\x00", " "]),
)


@settings(max_examples=40, deadline=None)
@given(
    text=TEXTS,
    options=st.lists(
        st.tuples(
            st.sampled_from(["--lang", "--platform", "--format", "--alt-text"]),
            st.one_of(WORDS, st.sampled_from(["json", "text", "xml"]), st.text(max_size=10)),
        ),
        max_size=4,
    ),
    flags=st.lists(st.sampled_from(["--image", "--public", "--only-link", "--new"]), max_size=2),
)
def test_any_command_line_gets_a_verdict_or_a_clear_message(text, options, flags):
    if len(set(flags) & {"--public", "--only-link", "--new"}) > 1:
        flags = flags[:1]  # argparse refuses these together before the command runs
    if text in ("", "-"):
        text = " "  # "-" (or no text) reads the draft from standard input, tested below
    # NAME=VALUE, as a person types a value that starts with "-" ("-:" is not an option).
    args = [f"--text={text}", *[f"{name}={value}" for name, value in options], *flags]
    code, output = _run(*args)
    assert code in (0, 1, 2, 3) and output.strip()


def test_standard_input_that_is_not_utf8_gets_a_clear_message(monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(b"Hallo \xff\xfe wereld"), encoding="utf-8")
    code, output = _run(stdin=stdin, monkeypatch=monkeypatch)
    assert code == 2 and "UTF-8" in output


def test_standard_input_is_read_only_up_to_the_limit(monkeypatch):
    class Endless(io.TextIOBase):
        def read(self, size=-1):
            assert 0 <= size <= MAX_TEXT_LENGTH + 1, "read without a limit"
            return "x" * size

    code, output = _run(stdin=Endless(), monkeypatch=monkeypatch)
    assert code == 2 and "70,000" in output

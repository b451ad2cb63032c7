"""`govsocial policy generate --answers`: a hostile answers file exits 2 quickly, in the person's language."""

import io
import time
import tracemalloc

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ALIAS_BOMB = (
    b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + b"".join(
        f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]\n".encode()
        for prev, name in zip("abcde", "bcdef", strict=True)
    )
    + b"goals: *f\n"
)


def _generate(path, tmp_path, lang="en", seconds: float | None = 1.0):
    out = tmp_path / "out" / "policy.html"
    out.parent.mkdir(exist_ok=True)
    start = time.perf_counter()
    with pytest.raises(CommandError) as caught:
        call_command(
            "policy",
            "generate",
            "--answers",
            str(path),
            "--lang",
            lang,
            "--out",
            str(out),
            stdout=io.StringIO(),
        )
    assert seconds is None or time.perf_counter() - start < seconds
    assert caught.value.returncode == 2
    assert list(out.parent.iterdir()) == []
    return str(caught.value)


def test_policy_generate_refuses_yaml_aliases_with_exit_2(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_bytes(ALIAS_BOMB)
    message = _generate(bomb, tmp_path, "nl")
    assert "geen geldige YAML" in message and len(message) < 500


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"[" * 3_000, id="deep-flow"),
        pytest.param(b"- " * 3_000 + b"1\n", id="deep-block"),
        pytest.param(b"response_time_hours: " + b"9" * 10_000 + b"\n", id="huge-integer"),
        pytest.param(b"review_date: 2020-13-45\n", id="impossible-date"),
    ],
)
def test_policy_generate_refuses_a_deeply_nested_or_out_of_range_file_with_exit_2(
    tmp_path, content
):
    path = tmp_path / "answers.yaml"
    path.write_bytes(content)
    # Not timed: PyYAML takes its while over nested brackets, and this is a local file.
    assert "not valid YAML" in _generate(path, tmp_path, seconds=None)


def test_policy_generate_never_reads_more_than_the_size_limit(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)
    tracemalloc.start()
    try:
        message = _generate(big, tmp_path)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "too large" in message and peak < 8 * 1024 * 1024


@pytest.mark.django_db
def test_an_answers_file_from_json_keeps_characters_outside_the_basic_plane(tmp_path):
    """json.dumps writes 😀 as two escapes; YAML read them as two halves that no file can hold."""
    import json

    from govsocial.policies import services

    path = tmp_path / "answers.json"
    answers = {**services.example_answers(), "check_officers": "the team 😀"}
    path.write_text(json.dumps(answers))
    out = tmp_path / "policy.md"
    call_command(
        "policy", "generate", "--answers", str(path), "--out", str(out), stdout=io.StringIO()
    )
    assert "the team 😀" in out.read_text()


def test_an_answers_file_with_half_a_character_is_refused_with_exit_2(tmp_path):
    path = tmp_path / "answers.json"
    path.write_bytes(b'{"check_officers": "the team \\ud83d"}')
    assert "answers.json" in _generate(path, tmp_path)

"""`govsocial post check` (the game's commands: test_game_cli.py)."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run_check(*args, stdin=None, monkeypatch=None):
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    with pytest.raises(SystemExit) as exit_info:
        call_command("post", "check", *args, stdout=out)
    return exit_info.value.code, out.getvalue()


def test_post_it_exits_0():
    code, out = run_check(
        "--text", "Read our press release: https://example.org/news", "--platform", "x"
    )
    assert code == 0
    assert out.startswith("POST IT")


def test_check_first_exits_1_and_names_the_officers():
    code, out = run_check(
        "--text", "From May you can apply for your parking permit online.", "--lang", "en"
    )
    assert code == 1
    assert out.startswith("CHECK FIRST") and "check it first with" in out


def test_do_not_post_exits_3_with_every_reason():
    code, out = run_check("--text", "Mijn BSN is 111222333, wat een kutzooi", "--lang", "nl")
    assert code == 3
    assert out.startswith("NIET PLAATSEN")
    assert "burgerservicenummer" in out and "grof taalgebruik" in out


def test_json_output_lists_every_reason():
    code, out = run_check(
        "--text", "Mijn BSN is 111222333", "--format", "json", "--platform", "bluesky"
    )
    data = json.loads(out)
    assert code == 3
    assert data["verdict"] == "do_not_post" and data["limit"] == 300
    assert {"personal_data.bsn", "reminder.public_meeting"} <= {r["code"] for r in data["reasons"]}
    assert all({"code", "severity", "message", "clause_id"} <= set(r) for r in data["reasons"])


def test_reads_the_draft_from_standard_input(monkeypatch):
    code, out = run_check(
        "--public", stdin="De bibliotheek is maandag gesloten.", monkeypatch=monkeypatch
    )
    assert code == 0 and "taal: nl (herkend)" in out
    code, out = run_check(
        "--text", "-", "--public", stdin="The library is closed on Monday.", monkeypatch=monkeypatch
    )
    assert code == 0 and "language: en (detected)" in out


@pytest.mark.parametrize(
    "args,message",
    [
        (["--text", "Hello", "--platform", "myspace"], "Unknown platform myspace"),
        (["--text", "Hello", "--lang", "fr"], "Unknown language"),
        (["--text", "Hello", "--format", "xml"], "Unknown format xml"),
        (["--text", "   "], "empty"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(args, message):
    with pytest.raises(CommandError) as error:
        call_command("post", "check", *args)
    assert error.value.returncode == 2
    assert message in str(error.value)


def test_the_real_command_line_exit_codes_and_stdin(tmp_path):
    env = {**os.environ, "GOVSOCIAL_DATA_DIR": str(tmp_path)}
    govsocial = Path(sys.executable).parent / "govsocial"
    result = subprocess.run(
        [govsocial, "post", "check", "--platform", "x", "--format", "json"],
        input="Call me on 06-12345678 #help-me",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["reasons"][1]["code"] == "personal_data.phone_mobile"
    bad = subprocess.run(
        [govsocial, "post", "check", "--text", "hi", "--platform", "myspace"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert bad.returncode == 2 and "Unknown platform myspace" in bad.stderr

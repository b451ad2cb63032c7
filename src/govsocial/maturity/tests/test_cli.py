import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from govsocial.core.errors import GovSocialError
from govsocial.maturity import services
from govsocial.maturity.models import BenchmarkSet


def test_questions_as_json_in_dutch(capsys):
    call_command("maturity", "questions", "--lang", "nl", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["themes"][0]["name"] == "Leiderschap en innovatie"
    assert len(data["themes"][0]["questions"][0]["levels"]) == 5


def test_example_answers_score_to_json_with_themes_stages_and_dont_knows(tmp_path, capsys):
    call_command("maturity", "example-answers", "--out", str(tmp_path / "a.yaml"))
    out = tmp_path / "result.json"
    call_command(
        "maturity",
        "score",
        "--answers",
        str(tmp_path / "a.yaml"),
        "--out",
        str(out),
        "--lang",
        "nl",
    )
    data = json.loads(out.read_text())
    assert data["overall"]["stage"]["name"]
    assert {t["id"] for t in data["themes"]} == {
        "leadership",
        "strategy",
        "governance",
        "implementation",
        "policy",
    }
    assert all("score" in t and "stage" in t for t in data["themes"])
    assert data["dont_know"]["policy"] == 2
    assert data["recommendations"] and data["recommendations"][0]["url"].startswith("/")
    assert any(c["id"] == "kept_promise_no_rota" for c in data["contradictions"])
    assert data["themes"][0]["name"] == "Leiderschap en innovatie"


def test_score_as_pdf_in_dutch(tmp_path):
    from pypdf import PdfReader

    answers = tmp_path / "a.json"
    answers.write_text(services.answers_file(services.example_answers(), "en", "json"))
    out = tmp_path / "card.pdf"
    call_command(
        "maturity",
        "score",
        "--answers",
        str(answers),
        "--format",
        "pdf",
        "--lang",
        "nl",
        "--out",
        str(out),
    )
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Leiderschap en innovatie" in text


@pytest.mark.parametrize(
    "content, named",
    [
        ("answers:\n  lead_sponsor: 7\n", "lead_sponsor"),
        ("answers:\n  not_a_question: 3\n", "not_a_question"),
        ("answers: [1, 2\n", "YAML"),
    ],
)
def test_invalid_answers_exit_2_naming_the_question_and_write_nothing(tmp_path, content, named):
    folder = tmp_path / "work"
    folder.mkdir()
    answers = folder / "bad.yaml"
    answers.write_text(content)
    out = folder / "out.json"
    with pytest.raises(CommandError) as info:
        call_command("maturity", "score", "--answers", str(answers), "--out", str(out))
    assert info.value.returncode == 2
    assert named in str(info.value)
    assert list(folder.iterdir()) == [answers]


def test_the_real_command_exits_with_code_2_in_dutch(tmp_path):
    answers = tmp_path / "bad.yaml"
    answers.write_text("answers:\n  gov_register: misschien\n")
    env = {**os.environ, "GOVSOCIAL_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "govsocial",
            "maturity",
            "score",
            "--answers",
            str(answers),
            "--lang",
            "nl",
            "--out",
            str(tmp_path / "r.json"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2
    assert "gov_register" in done.stderr and "Toegestaan" in done.stderr
    assert not (tmp_path / "r.json").exists()


def test_downloaded_answers_file_reads_back_the_same_answers():
    answers = services.example_answers()
    for fmt in ("yaml", "json"):
        assert services.parse_answers_file(services.answers_file(answers, "nl", fmt)) == answers
    assert yaml.safe_load(services.answers_file(answers, "en"))["format"] == services.FILE_FORMAT


def test_an_answers_file_with_yaml_aliases_is_refused():
    # Anyone may upload an answers file; aliases could expand it without bound.
    bomb = "a: &a [1, 1]\nb: &b [*a, *a]\nanswers: {lead_sponsor: 3}\n"
    with pytest.raises(services.AnswersError) as info:
        services.parse_answers_file(bomb)
    assert "not valid YAML or JSON" in str(info.value) and "aliases" in str(info.value)
    assert isinstance(info.value, GovSocialError)


@pytest.mark.django_db
def test_benchmark_export_and_import(tmp_path, capsys):
    out = tmp_path / "bench.csv"
    call_command("maturity", "benchmark", "export", "--out", str(out))
    assert out.read_text().startswith("group,value,theme")
    source = tmp_path / "national.csv"
    source.write_text("group,value,theme,organisations,median,q1,q3\nall,,strategy,40,55,41,70\n")
    call_command(
        "maturity", "benchmark", "import", str(source), "--label", "National", "--source", "VNG"
    )
    assert BenchmarkSet.objects.get().organisation is None
    source.write_text("group,value,theme,organisations,median,q1,q3\nall,,strategy,3,55,41,70\n")
    with pytest.raises(CommandError) as info:
        call_command(
            "maturity", "benchmark", "import", str(source), "--label", "X", "--source", "Y"
        )
    assert info.value.returncode == 2
    assert BenchmarkSet.objects.count() == 1
    assert Path(out).exists()

"""`govsocial policy`: works without a database; bad answers exit 2 and write nothing."""

import io
import json
import zipfile

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from govsocial.policies import services


def run(*args):
    out = io.StringIO()
    call_command("policy", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def answers_file(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(run("example-answers"), encoding="utf-8")
    return path


def test_questions_as_text_and_json_in_both_languages():
    text = run("questions")
    assert "response_time" in text and "Within what time do you answer a question?" in text
    nl = json.loads(run("questions", "--lang", "nl", "--format", "json"))
    assert nl[0]["title"] == "Voordat u begint"
    ids = [q["id"] for page in nl for q in page["questions"]]
    assert len(ids) == 29 and "check_officers" in ids and "next_election_date" in ids


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_example_answers_are_complete_commented_yaml(lang):
    text = run("example-answers", "--lang", lang)
    assert services.validate_answers(yaml.safe_load(text))
    comment = (
        "# Within what time do you answer a question?"
        if lang == "en"
        else "# Binnen welke tijd beantwoordt u een vraag?"
    )
    assert comment in text


@pytest.mark.parametrize("fmt", ["html", "md", "docx", "pdf"])
def test_generate_each_format(answers_file, tmp_path, fmt):
    out = tmp_path / f"policy.{fmt}"
    run(
        "generate",
        "--answers",
        str(answers_file),
        "--lang",
        "nl",
        "--format",
        fmt,
        "--organisation-name",
        "Gemeente Test",
        "--out",
        str(out),
    )
    data = out.read_bytes()
    if fmt == "pdf":
        assert data.startswith(b"%PDF")
    elif fmt == "docx":
        assert (
            "Socialemediabeleid"
            in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        )
    else:
        assert "Gemeente Test" in data.decode() and "binnen 1 werkdag" in data.decode()


def test_generate_house_rules(answers_file, tmp_path):
    out = tmp_path / "rules.md"
    run("generate", "--answers", str(answers_file), "--house-rules", "--out", str(out))
    assert "House rules for our social media" in out.read_text()


@pytest.mark.parametrize(
    ("content", "lang", "expected"),
    [
        (
            "response_time_hours: 500\n",
            "en",
            ["response_time_hours", "out of range", "from 1 to 168"],
        ),
        (
            "response_time_hours: 500\n",
            "nl",
            ["response_time_hours", "buiten het bereik", "van 1 tot en met 168"],
        ),
        ("budget: 10\n", "en", ["budget", "not a question"]),
        ("comments_open: perhaps\n", "en", ["comments_open", "yes or no"]),
        ("response_time_hours: [unclosed\n", "en", ["not valid YAML", "line"]),
        ("- just\n- a list\n", "en", ["mapping of question ids"]),
        ("goals: &g [crisis]\nstakeholders: *g\n", "en", ["not valid YAML"]),
    ],
)
def test_bad_answers_exit_2_name_the_problem_and_write_nothing(
    answers_file, tmp_path, content, lang, expected
):
    good = yaml.safe_load(answers_file.read_text())
    bad = tmp_path / "bad.yaml"
    if content.startswith(("response_time_hours: [", "-", "goals: &")):
        bad.write_text(content)
    else:
        bad.write_text(yaml.safe_dump({**good, **yaml.safe_load(content)}))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "policy.pdf"
    with pytest.raises(CommandError) as caught:
        run("generate", "--answers", str(bad), "--lang", lang, "--out", str(out))
    assert caught.value.returncode == 2
    for fragment in expected:
        assert fragment in str(caught.value)
    assert not out.exists()
    assert list(out_dir.iterdir()) == []  # not even a temporary file


def test_a_missing_answers_file_exits_2(tmp_path):
    with pytest.raises(CommandError) as caught:
        run("generate", "--answers", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "x.pdf"))
    assert caught.value.returncode == 2 and "does not exist" in str(caught.value)

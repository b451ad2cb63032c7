"""Random input for the interview pages and the answers file: never a server error, never
half a write."""

import io
import json
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from govsocial.core.concurrency import REVISION, track_revision
from govsocial.policies import services
from govsocial.policies.forms import PageForm
from govsocial.policies.models import PolicyVersion

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CONTENT = services.load_content()
PAGES = [page.id for page in CONTENT.pages]
GARBAGE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "9" * 5000, "-1", "٣", "\x00", "yes\r\n", "<b>", "x" * 3000]),
)


def _values(question):
    """What a browser (or someone who is not one) might send for a question."""
    if question.type == "list":
        choices = st.sampled_from(question.choice_values() or ["x"])
        return st.lists(st.one_of(choices, GARBAGE), max_size=5)
    if question.type == "choice":
        return st.one_of(st.sampled_from(question.choice_values()), GARBAGE)
    if question.type == "bool":
        return st.one_of(st.sampled_from(["yes", "no"]), GARBAGE)
    if question.type == "int":
        return st.one_of(st.integers(-10, 10**6).map(str), GARBAGE)
    if question.type == "duration":
        return st.one_of(st.sampled_from(["4 hours", "1 werkdag", "2 working days"]), GARBAGE)
    return st.one_of(st.text(max_size=question.max_length + 20), GARBAGE)


def _shown(form: PageForm) -> dict[str, list[str]]:
    """The hidden inputs of a page as it opens: its revision and the answers it shows."""
    data: dict[str, list[str]] = {}
    for bound in form:
        widget = bound.field.hidden_widget()
        initial = bound.initial
        values = initial if isinstance(initial, list | tuple) else [initial]
        shown = [widget.format_value(v) if not isinstance(v, str) else v for v in values]
        name = bound.html_name if bound.name == REVISION else bound.html_initial_name
        data[name] = [str(v) for v in shown if v is not None]
    return data


@st.composite
def page_posts(draw):
    page_id = draw(st.sampled_from(PAGES))
    questions = CONTENT.page_questions(page_id)
    # Mostly the page as it opens with a few answers changed, so that saves happen too.
    changed = draw(st.lists(st.sampled_from(questions), max_size=3, unique_by=lambda q: q.id))
    answers = {q.id: draw(_values(q)) for q in changed}
    return {
        "page_id": page_id,
        "answers": answers,
        "action": draw(st.sampled_from(["next", "later", "back", "", "x"])),
        "revision": draw(st.one_of(st.none(), st.none(), st.none(), GARBAGE)),  # None: right
        "stale_initial": draw(st.sampled_from([False, False, True])),  # from values nobody saw
        "language": draw(st.sampled_from(["en", "nl"])),
    }


@pytest.fixture
def started(organisation, lead):
    services.save_answers(organisation, lead, services.example_answers())
    return organisation


def _form(organisation, page_id, language):
    interview = services.get_interview(organisation)
    stored = services.with_facts(interview.answers, organisation)
    form = PageForm(page_id=page_id, stored=stored, language=language)
    track_revision(form, interview.revision)
    return form, interview


@settings(FUZZ, max_examples=30)
@given(post=page_posts())
def test_any_interview_page_post_never_fails_and_saves_all_or_nothing(
    lead_client, lead, started, post
):
    lead.language = post["language"]
    lead.save(update_fields=["language"])
    form, before = _form(started, post["page_id"], post["language"])
    data = _shown(form)
    data |= {k.removeprefix("initial-"): v for k, v in data.items() if k.startswith("initial-")}
    if post["stale_initial"]:
        data = {k: ["old"] for k in data if k != REVISION} | {REVISION: data[REVISION]}
    if post["revision"] is not None:
        data[REVISION] = [post["revision"]]
    data |= {"page": post["page_id"], "action": post["action"], **post["answers"]}
    data = {k: v if isinstance(v, list) else [v] for k, v in data.items()}
    response = lead_client.post(reverse("policies:page", args=[post["page_id"]]), data)
    event(str(response.status_code))
    assert response.status_code in (200, 302, 409), response.status_code
    after = services.get_interview(started)
    assert after.revision in (before.revision, before.revision + 1)
    if response.status_code != 302:
        assert after.answers == before.answers and after.revision == before.revision
        return
    if post["action"] == "back":
        return  # Back keeps what is valid, by design
    # Saved: every answer the page gave is stored as the page's form read it.
    checked = PageForm(
        MultiValueDict(data),
        page_id=post["page_id"],
        stored=services.with_facts(before.answers, started),
        language=post["language"],
    )
    assert checked.is_valid(), checked.errors  # the whole page was right, or nothing saved
    assert set(checked.answers()) <= set(after.answers)


# --- the answers file on the command line ----------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**20, max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
)
structures = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=15,
)
QIDS = list(CONTENT.questions)
EXAMPLE = services.example_answers()
TEXT_QIDS = [q.id for q in CONTENT.questions.values() if q.type == "text"]
answer_files = st.one_of(
    st.dictionaries(st.sampled_from(TEXT_QIDS), st.text(max_size=80), max_size=3).map(
        lambda changes: {**EXAMPLE, **changes}
    ),
    structures,
    st.dictionaries(st.one_of(st.sampled_from(QIDS), st.text(max_size=15)), structures, max_size=6),
    # The example with a few answers replaced or left out: often valid, sometimes not.
    st.dictionaries(st.sampled_from(QIDS), st.one_of(structures, st.none()), max_size=4).map(
        lambda changes: {
            k: v for k, v in {**EXAMPLE, **changes}.items() if v is not None or k not in changes
        }
    ),
)


def _file(document, kind: str) -> bytes:
    if kind == "json":
        return json.dumps(document, allow_nan=True, default=str).encode()
    return yaml.safe_dump(document, allow_unicode=True).encode()


files = st.one_of(
    st.builds(_file, answer_files, st.sampled_from(["yaml", "json"])),
    st.binary(max_size=300),
    st.sampled_from(
        [b"a: &x [1]\nb: *x\n", b"[" * 3000, b"\xff\xfe", b"goals: !!python/object:os.system x"]
    ),
)


@settings(FUZZ, max_examples=30)
@given(content=files)
def test_any_answers_file_writes_a_whole_policy_or_nothing(tmp_path_factory, organisation, content):
    folder = tmp_path_factory.mktemp("answers")
    answers = folder / "answers.yaml"
    answers.write_bytes(content)
    out = folder / "out" / "policy.md"
    out.parent.mkdir()
    versions = PolicyVersion.objects.count()
    stdout = io.StringIO()
    try:
        call_command(
            "policy",
            "generate",
            "--answers",
            str(answers),
            "--out",
            str(out),
            stdout=stdout,
            stderr=io.StringIO(),
        )
    except CommandError as exc:
        event("refused")
        assert exc.returncode == 2
        assert len(str(exc)) < 20_000  # names the problems, never the whole file
        assert list(out.parent.iterdir()) == []  # nothing half-written
    else:
        event("written")
        assert "Written" in stdout.getvalue()
        assert [p.name for p in Path(out.parent).iterdir()] == ["policy.md"]
        assert out.read_text().startswith("#")
    assert PolicyVersion.objects.count() == versions

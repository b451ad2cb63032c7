"""Property test: any valid answer set renders in all four formats and both languages,
and the numbers answered appear in every output."""

import io
import re
import string

import docx
import pypdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsocial.documents import render
from govsocial.policies import content, services

SAFE_TEXT = st.text(alphabet=string.ascii_letters + " -,.&<>'", min_size=1, max_size=40).filter(
    str.strip
)


@st.composite
def times(draw):
    start = draw(st.integers(0, 22 * 60))
    end = draw(st.integers(start + 15, 24 * 60))
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


def strategy_for(question):
    if question.type == "list":
        return st.lists(
            st.sampled_from(question.choice_values()),
            min_size=max(question.min_items, 0),
            unique=True,
        )
    if question.type == "choice":
        return st.sampled_from(question.choice_values())
    if question.type == "int":
        return st.integers(question.min, question.max)
    if question.type == "bool":
        return st.booleans()
    if question.id == "staffed_hours":
        return times()
    return SAFE_TEXT


ANSWER_SETS = st.fixed_dictionaries(
    {q.id: strategy_for(q) for q in content.load().questions.values()}
).map(lambda raw: services.validate_answers(raw))


def extract(fmt: str, data: bytes) -> str:
    if fmt == "pdf":
        text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    elif fmt == "docx":
        document = docx.Document(io.BytesIO(data))
        parts = [p.text for p in document.paragraphs]
        parts += [
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        ]
        text = "\n".join(parts)
    else:
        text = data.decode("utf-8")
        if fmt == "html":
            text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(text.split())


def expected_numbers(answers, language):
    questions = content.load().questions
    ids = [
        "response_time_hours",
        "report_day",
        "password_change_days",
        "review_interval_months",
        "dormant_after_days",
    ]
    if answers["posts_per_week"] > 0:
        ids.append("posts_per_week")
    if answers.get("election_quiet_days"):
        ids.append("election_quiet_days")
    if "retention_years" in answers:
        ids.append("retention_years")
    return {qid: services.with_unit(questions[qid], answers[qid], language) for qid in ids}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=ANSWER_SETS)
def test_every_valid_answer_set_renders_everywhere_with_its_numbers(answers):
    for language in ("en", "nl"):
        document = services.build_document(
            "policy", answers, language, organisation_name="Test & Council"
        )
        wanted = expected_numbers(answers, language)
        for fmt in services.FORMATS:
            text = extract(fmt, render.render(document, fmt))
            for qid, phrase in wanted.items():
                assert phrase in text, (
                    f"{qid}={answers[qid]} ({phrase!r}) missing from {language} {fmt}"
                )
        rules = services.build_document(
            "house_rules", answers, language, organisation_name="Test Council"
        )
        rules_text = extract("md", render.render(rules, "md"))
        assert wanted["response_time_hours"] in rules_text

"""Property test: any valid answer set, for any country and kind of organisation, renders in
all four formats and both languages, and the numbers answered appear in every output."""

import datetime as dt
import io
import re
import string

import docx
import pypdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsocial.documents import render
from govsocial.policies import content, services
from govsocial.policies.services.promise import public_promise

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
    if question.type == "duration":
        return st.one_of(
            st.integers(1, 168).map(lambda n: f"{n} uur"),
            st.integers(1, 10).map(lambda n: f"{n} working days"),
        )
    if question.type == "date":
        return st.one_of(st.just(""), st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)))
    if question.id == "staffed_hours":
        return times()
    return SAFE_TEXT


ORGANISATIONS = st.tuples(
    st.sampled_from(["NL", "BE", "GB", "DE"]),
    st.sampled_from(["municipality", "agency", "housing_association", "health_trust", "other"]),
)
ANSWER_SETS = st.tuples(
    st.fixed_dictionaries({q.id: strategy_for(q) for q in content.load().questions.values()}),
    ORGANISATIONS,
).map(
    lambda pair: (
        services.validate_answers(
            pair[0],
            known=services.organisation_facts(country=pair[1][0], kind=pair[1][1]).conditions(),
        ),
        pair[1],
    )
)


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
    ids = ["report_day", "password_change_days", "review_interval_months", "dormant_after_days"]
    if answers.get("election_quiet_days"):
        ids.append("election_quiet_days")
    wanted = {qid: services.with_unit(questions[qid], answers[qid], language) for qid in ids}
    wanted["response_promise"] = public_promise(answers).words(language)
    return wanted


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_set=ANSWER_SETS)
def test_every_valid_answer_set_renders_everywhere_with_its_numbers(answer_set):
    answers, (country, kind) = answer_set
    organisation = {"country": country, "organisation_kind": kind}
    for language in ("en", "nl"):
        document = services.build_document(
            "policy", answers, language, organisation_name="Test & Council", **organisation
        )
        wanted = expected_numbers(answers, language)
        for fmt in services.FORMATS:
            text = extract(fmt, render.render(document, fmt))
            for qid, phrase in wanted.items():
                assert phrase in text, (
                    f"{qid}={answers.get(qid)} ({phrase!r}) missing from {language} {fmt}"
                )
        rules = services.build_document(
            "house_rules", answers, language, organisation_name="Test Council", **organisation
        )
        rules_text = extract("md", render.render(rules, "md"))
        assert wanted["response_promise"] in rules_text

"""Maturity services: rounds and responses, results, benchmark, scorecard.

Plain functions over plain values and models; views and the command line are
thin wrappers around these.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import statistics
from collections.abc import Iterable, Mapping
from typing import Any

import yaml
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govsocial.core.models import Organisation
from govsocial.core.services import record_event

from . import rules, scoring
from .content import Content, load_content
from .models import Assessment, BenchmarkSet, Response
from .scoring import DONT_KNOW, LEVELS

logger = logging.getLogger(__name__)

MIN_PEERS = 5
DISAGREEMENT_GAP = 2
FILE_FORMAT = "govsocial-maturity-answers"
PEER_GROUPS = ("all", "kind", "size_band", "country")
PEER_GROUP_LABELS = {
    "all": gettext_lazy("All organisations"),
    "kind": gettext_lazy("Same kind of organisation"),
    "size_band": gettext_lazy("Same size"),
    "country": gettext_lazy("Same country"),
}
SOURCE_LABELS = {
    "q": gettext_lazy("This assessment"),
    "policy": gettext_lazy("Your published policy"),
    "channels": gettext_lazy("Your channel register"),
}


# Where a recommendation's or contradiction's next step is done (the rule's `link`).
LINK_LABELS = {
    "policies:index": gettext_lazy("Open the policy builder"),
    "channels:index": gettext_lazy("Open the channel register"),
    "training:index": gettext_lazy("Open the training"),
    "maturity:index": gettext_lazy("Open the self-assessment"),
}


class AnswersError(ValueError):
    """Answers that cannot be used; the message names the question and what is allowed."""

    def __init__(self, message: str, question: str | None = None):
        self.question = question
        super().__init__(message)


class BenchmarkImportError(ValueError):
    pass


# --- answers: validation and files -------------------------------------------------


def content() -> Content:
    return load_content()


def _allowed() -> str:
    return _("%(levels)s or %(dont_know)s") % {
        "levels": ", ".join(str(level) for level in LEVELS),
        "dont_know": DONT_KNOW,
    }


def validate_answers(data: Any) -> dict[str, Any]:
    """Clean answers (question id → 1–5 or "dont_know") from a mapping or an answers file's data.

    Empty values are dropped (not answered yet). Raises AnswersError naming the question.
    """
    questions = content().questions
    if isinstance(data, Mapping) and "answers" in data:
        data = data["answers"]
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise AnswersError(
            _(
                "The file holds no answers: expected a list of question ids, each with a level (%(allowed)s)."
            )
            % {"allowed": _allowed()}
        )
    clean: dict[str, Any] = {}
    for key, value in data.items():
        qid = str(key)
        if qid not in questions:
            raise AnswersError(
                _(
                    "Unknown question “%(question)s”. The question ids are listed by `govsocial maturity questions`."
                )
                % {"question": qid},
                question=qid,
            )
        if value is None or value == "":
            continue
        if isinstance(value, str):
            text = value.strip().lower().replace("'", "").replace(" ", "_")
            if text in (DONT_KNOW, "dontknow", "weet_ik_niet"):
                clean[qid] = DONT_KNOW
                continue
            if text.isdigit():
                value = int(text)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value not in LEVELS:
            raise AnswersError(
                _("Question %(question)s: “%(value)s” is not an answer. Allowed: %(allowed)s.")
                % {"question": qid, "value": value, "allowed": _allowed()},
                question=qid,
            )
        clean[qid] = value
    return clean


def parse_answers_file(raw: bytes | str) -> dict[str, Any]:
    """Answers from an uploaded or given YAML or JSON file; AnswersError when unusable."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise AnswersError(_("The file is not a text file in UTF-8.")) from exc
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise AnswersError(
            _("The file is not valid YAML or JSON: %(error)s") % {"error": str(exc).splitlines()[0]}
        ) from exc
    if isinstance(data, Mapping) and "format" in data and data.get("format") != FILE_FORMAT:
        raise AnswersError(
            _("This is not a GovSocial maturity answers file (format “%(format)s”).")
            % {"format": data.get("format")}
        )
    return validate_answers(data)


def answers_file(answers: Mapping[str, Any], language: str, fmt: str = "yaml") -> str:
    """The answers as a file to keep, and to upload again to resume or retake the test."""
    c = content()
    ordered = {qid: answers[qid] for qid in c.questions if qid in answers}
    if fmt == "json":
        payload = {"format": FILE_FORMAT, "version": 1, "language": language, "answers": ordered}
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    with translation.override(language):
        lines = [
            "# " + _("GovSocial maturity self-assessment: your answers."),
            "# " + _("Levels 1 (first experiments) to 5 (networked organisation), or dont_know."),
            "# " + _("Upload this file again to resume or retake the test."),
            f"format: {FILE_FORMAT}",
            "version: 1",
            f"language: {language}",
            "answers:",
        ]
        for theme in c.themes:
            lines.append(f"  # {theme.name.get(language)}")
            for question in theme.questions:
                value = answers.get(question.id)
                shown = (
                    ""
                    if value is None
                    else (f"{value:g}" if isinstance(value, float) else str(value))
                )
                text = question.text.get(language).replace("\n", " ")
                lines.append(f"  {question.id}: {shown}".rstrip() + f"  # {text}")
    return "\n".join(lines) + "\n"


def example_answers() -> dict[str, Any]:
    """A complete, plausible answer set: an organisation getting organised, with a few blind spots."""
    c = content()
    patterns = {
        "leadership": "3 2 3 2 3 1 3 2 ? 2",
        "strategy": "3 3 2 2 3 2 3 4 2 2",
        "governance": "2 3 3 2 1 2 3 2 ? 2",
        "implementation": "3 2 3 3 2 3 3 2 2 3",
        "policy": "3 2 2 ? 2 1 ? 2 2 3",
    }
    answers: dict[str, Any] = {}
    for theme in c.themes:
        values = patterns.get(theme.id, "3 " * len(theme.questions)).split()
        for question, value in zip(theme.questions, values, strict=False):
            answers[question.id] = DONT_KNOW if value == "?" else int(value)
    return answers


# --- facts from other apps -----------------------------------------------------------


def external_facts(organisation: Organisation | None) -> dict[str, Any]:
    """The organisation's policy answers and channel register, where those apps are installed."""
    facts: dict[str, Any] = {}
    if organisation is None:
        return facts
    try:
        from govsocial.policies.services import published_answers
    except ImportError:
        pass
    else:
        answers = published_answers(organisation)
        facts["policy.published"] = answers is not None
        for key, value in (answers or {}).items():
            facts[f"policy.{key}"] = value
    try:
        from govsocial.channels.services import register_summary
    except ImportError:
        pass
    else:
        for key, value in (register_summary(organisation) or {}).items():
            facts[f"channels.{key}"] = value
    return facts


# --- results -----------------------------------------------------------------------------


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _stage_dict(number: int | None, language: str) -> dict | None:
    stage = content().stage(number)
    if stage is None:
        return None
    return {
        "number": stage.number,
        "name": stage.name.get(language),
        "description": stage.description.get(language),
    }


def _side(alternative, source: str, language: str, facts: Mapping[str, Any]) -> dict:
    return {
        "text": rules.fill(alternative.text, language, facts),
        "source": source,
        "source_label": str(SOURCE_LABELS[source]),
    }


def report(
    answers: Mapping[str, Any],
    language: str,
    organisation: Organisation | None = None,
    facts: Mapping[str, Any] | None = None,
) -> dict:
    """Everything the scorecard says about `answers`, in `language`, as plain values.

    `facts` overrides the facts from other apps (the command line passes none).
    """
    c = content()
    result = scoring.score(answers, c)
    all_facts = rules.assessment_facts(answers)
    all_facts.update(external_facts(organisation) if facts is None else facts)
    themes = []
    for theme in c.themes:
        data = result["themes"][theme.id]
        themes.append(
            {
                "id": theme.id,
                "name": theme.name.get(language),
                "description": theme.description.get(language),
                "score": data["score"],
                "stage": _stage_dict(data["stage"], language),
                "answered": data["answered"],
                "dont_know": data["dont_know"],
                "unanswered": data["unanswered"],
                "dont_know_questions": [
                    {"id": qid, "text": c.questions[qid].text.get(language)}
                    for qid in data["dont_know_questions"]
                ],
            }
        )
    recommendations = []
    for rule in rules.recommendations(answers, result, c):
        values = rules.recommendation_values(rule, result, c, language)
        recommendations.append(
            {
                "id": rule.id,
                "impact": rule.impact,
                "title": rules.fill(rule.title, language, values),
                "why": rules.fill(rule.why, language, values),
                "next_step": rules.fill(rule.next_step, language, values),
                "link": rule.link,
                "link_label": str(LINK_LABELS[rule.link]),
                "url": _url(rule.link),
            }
        )
    with translation.override(language):
        contradictions = [
            {
                "id": found["rule"].id,
                "claim": {
                    "text": rules.fill(found["claim"].text, language, all_facts),
                    "source": found["claim_source"],
                    "source_label": str(SOURCE_LABELS[found["claim_source"]]),
                },
                "conflict": {
                    "text": rules.fill(found["conflict"].text, language, all_facts),
                    "source": found["conflict_source"],
                    "source_label": str(SOURCE_LABELS[found["conflict_source"]]),
                },
                "claims": [_side(a, source, language, all_facts) for a, source in found["claims"]],
                "conflicts": [
                    _side(a, source, language, all_facts) for a, source in found["conflicts"]
                ],
                "what_to_do": found["rule"].what_to_do.get(language),
                "link": found["rule"].link,
                "link_label": str(LINK_LABELS[found["rule"].link]),
                "url": _url(found["rule"].link),
            }
            for found in rules.contradictions(all_facts, c)
        ]
    with translation.override(language):
        answered = sum(t["answered"] + t["dont_know"] for t in themes)
        answered_text = _(
            "%(answered)s of %(total)s questions answered, %(dont_know)s of them with “Don't know”"
        ) % {
            "answered": answered,
            "total": len(c.questions),
            "dont_know": result["dont_know_total"],
        }
        unscored_text = ""
        unscored = [t["name"] for t in themes if t["score"] is None]
        if unscored:
            unscored_text = _(
                "No score for %(themes)s: a theme is scored once at least %(min)s of its questions "
                "are answered with a level of practice, and the overall stage once every theme is scored."
            ) % {"themes": ", ".join(unscored), "min": scoring.MIN_LEVELS_PER_THEME}
    return {
        "language": language,
        "answered_text": answered_text,
        "unscored_text": unscored_text,
        "themes": themes,
        "overall": {
            "score": result["overall"]["score"],
            "stage": _stage_dict(result["overall"]["stage"], language),
        },
        "dont_know_total": result["dont_know_total"],
        "answered_total": sum(t["answered"] for t in themes),
        "question_total": len(c.questions),
        "recommendations": recommendations,
        "contradictions": contradictions,
    }


# --- rounds and responses ---------------------------------------------------------------


def open_round(organisation: Organisation) -> Assessment | None:
    return (
        Assessment.objects.filter(organisation=organisation, status=Assessment.Status.IN_PROGRESS)
        .order_by("-created_at", "-id")
        .first()
    )


@transaction.atomic
def start_round(organisation: Organisation, person, language: str = "en") -> Assessment:
    """The organisation's open round, or a new one; several members answer the same round."""
    existing = open_round(organisation)
    if existing is not None:
        return existing
    assessment = Assessment.objects.create(
        organisation=organisation, started_by=person, language=language
    )
    record_event(
        organisation,
        person,
        "maturity.round_started",
        assessment,
        _("Maturity self-assessment started"),
    )
    return assessment


def response_for(assessment: Assessment, person) -> Response:
    response, _created = Response.objects.get_or_create(assessment=assessment, respondent=person)
    return response


def anonymous_response(assessment: Assessment) -> Response:
    response = assessment.responses.filter(respondent__isnull=True).first()
    return response or Response.objects.create(assessment=assessment)


def save_answers(
    response: Response, answers: Mapping[str, Any], *, replace: bool = False
) -> Response:
    """Store answers as the respondent goes. Empty values leave an earlier answer as it was
    (a radio button cannot be unticked); `replace` swaps the whole set (an uploaded file)."""
    if response.assessment.is_completed:
        raise AnswersError(_("This assessment is completed; start a new one to change answers."))
    clean = validate_answers({k: v for k, v in answers.items() if v not in (None, "")})
    merged = {} if replace else dict(response.answers)
    merged.update(clean)
    response.answers = merged
    response.save(update_fields=["answers", "updated_at"])
    return response


def submit_response(response: Response, person=None) -> Response:
    response.submitted_at = timezone.now()
    response.save(update_fields=["submitted_at", "updated_at"])
    assessment = response.assessment
    if assessment.organisation is not None:
        record_event(
            assessment.organisation,
            person,
            "maturity.response_submitted",
            assessment,
            _("Answers submitted for the maturity self-assessment"),
        )
    return response


@transaction.atomic
def complete(assessment: Assessment, person=None) -> Assessment:
    """Close the round: combine the respondents' answers (median per question) and score them."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_completed:
        return assessment
    answered = [r.answers for r in assessment.responses.all() if r.answers]
    if not answered:
        raise AnswersError(_("Nobody has answered a question yet, so there is nothing to score."))
    c = content()
    combined = scoring.combine(answered, c)
    result = scoring.score(combined, c)
    assessment.answers = combined
    assessment.theme_scores = {tid: data["score"] for tid, data in result["themes"].items()}
    assessment.overall_score = result["overall"]["score"]
    assessment.overall_stage = result["overall"]["stage"]
    assessment.respondent_count = len(answered)
    assessment.status = Assessment.Status.COMPLETED
    assessment.completed_at = timezone.now()
    if assessment.organisation_id:
        Assessment.objects.filter(
            organisation_id=assessment.organisation_id, is_latest=True
        ).update(is_latest=False)
        assessment.is_latest = True
    assessment.save()
    if assessment.organisation is not None:
        record_event(
            assessment.organisation,
            person,
            "maturity.completed",
            assessment,
            _("Maturity self-assessment completed"),
            respondents=len(answered),
            overall=assessment.overall_score,
        )
    return assessment


def start_anonymous(language: str, answers: Mapping[str, Any] | None = None) -> Assessment:
    """A test without an account; it is reached only through its unguessable token."""
    with transaction.atomic():
        assessment = Assessment.objects.create(organisation=None, language=language)
        Response.objects.create(assessment=assessment, answers=validate_answers(answers or {}))
    return assessment


def retake(assessment: Assessment, person=None) -> Assessment:
    """A new test (anonymous) or a new round (organisation) starting from these answers."""
    organisation = assessment.organisation
    if organisation is None:
        return start_anonymous(
            assessment.language, assessment.answers or anonymous_response(assessment).answers
        )
    new = start_round(organisation, person, assessment.language)
    own = assessment.responses.filter(respondent=person).first() if person else None
    response = response_for(new, person)
    if not response.answers and own is not None:
        save_answers(response, own.answers, replace=True)
    return new


def respondent_label(response: Response, index: int) -> str:
    if response.respondent is not None:
        return response.respondent.display_name()
    return _("Respondent %(number)s") % {"number": index}


def disagreement_list(assessment: Assessment, language: str) -> list[dict]:
    """Questions where respondents differ by two levels or more, with who answered what."""
    c = content()
    responses = list(
        assessment.responses.select_related("respondent").filter(answers__isnull=False)
    )
    labelled = {
        respondent_label(r, i): r.answers for i, r in enumerate(responses, start=1) if r.answers
    }
    found = scoring.disagreements(labelled, c, DISAGREEMENT_GAP)
    out = []
    for item in found:
        question = c.questions[item["question"]]
        out.append(
            {
                "id": question.id,
                "number": question.number,
                "theme": c.theme(question.theme).name.get(language),
                "text": question.text.get(language),
                "gap": item["gap"],
                "answers": [
                    {
                        "who": who,
                        "level": level,
                        "text": question.levels[int(level) - 1].get(language),
                    }
                    for who, level in sorted(item["levels"].items(), key=lambda kv: (kv[1], kv[0]))
                ],
            }
        )
    return out


def answered_count(answers: Mapping[str, Any]) -> int:
    return sum(1 for v in answers.values() if v is not None)


def history(organisation: Organisation) -> list[Assessment]:
    return list(
        Assessment.objects.filter(
            organisation=organisation, status=Assessment.Status.COMPLETED
        ).order_by("completed_at", "id")
    )


def latest_result(organisation: Organisation) -> dict | None:
    """The organisation's latest completed assessment: theme scores and stages, for dashboards."""
    assessment = (
        Assessment.objects.filter(organisation=organisation, status=Assessment.Status.COMPLETED)
        .order_by("-completed_at", "-id")
        .first()
    )
    if assessment is None:
        return None
    c = content()
    language = translation.get_language() or "en"
    stage = c.stage(assessment.overall_stage)
    return {
        "assessment_id": assessment.pk,
        "completed_at": assessment.completed_at,
        "respondents": assessment.respondent_count,
        "overall": {
            "score": assessment.overall_score,
            "stage": assessment.overall_stage,
            "stage_name": stage.name.get(language) if stage else "",
        },
        "themes": {
            theme.id: {
                "name": theme.name.get(language),
                "score": assessment.theme_scores.get(theme.id),
                "stage": scoring.stage_number(assessment.theme_scores.get(theme.id), c),
            }
            for theme in c.themes
        },
        "url": reverse("maturity:scorecard", args=[assessment.pk]),
    }


def dashboard_panel(organisation: Organisation, person, role: str) -> dict | None:
    result = latest_result(organisation)
    current = open_round(organisation)
    progress = None
    if current is not None:
        mine = current.responses.filter(respondent=person).first()
        progress = {
            "answered": answered_count(mine.answers) if mine else 0,
            "total": len(content().questions),
            "url": reverse("maturity:index"),
        }
    return {
        "title": _("Maturity"),
        "template": "maturity/_dashboard_panel.html",
        "result": result,
        "progress": progress,
        "index_url": reverse("maturity:index"),
    }


# --- benchmark ------------------------------------------------------------------------------


def peer_group_value(organisation: Organisation | None, group: str) -> str | None:
    if group == "all" or organisation is None:
        return None
    return getattr(organisation, group)


def peer_group_label(organisation: Organisation | None, group: str) -> str:
    if group == "all" or organisation is None:
        return str(PEER_GROUP_LABELS["all"])
    display = getattr(organisation, f"get_{group}_display", None)
    value = display() if display else getattr(organisation, group)
    return f"{PEER_GROUP_LABELS[group]}: {value}"


def peer_theme_scores(
    exclude_organisation_id: int | None = None, group: str = "all", value: str | None = None
) -> list[dict]:
    """Theme scores of each other organisation's latest completed assessment in the group."""
    queryset = Assessment.objects.filter(
        is_latest=True, status=Assessment.Status.COMPLETED, organisation__isnull=False
    )
    if exclude_organisation_id is not None:
        queryset = queryset.exclude(organisation_id=exclude_organisation_id)
    if group != "all":
        queryset = queryset.filter(**{f"organisation__{group}": value})
    return list(queryset.values_list("theme_scores", flat=True))


def aggregate(score_sets: Iterable[Mapping[str, float | None]], theme_ids: Iterable[str]) -> dict:
    """Median and quartiles per theme over organisations; a theme with fewer than five scores gets none."""
    score_sets = list(score_sets)
    themes: dict[str, dict[str, float] | None] = {}
    for tid in theme_ids:
        values = sorted(v for s in score_sets if (v := s.get(tid)) is not None)
        if len(values) >= MIN_PEERS:
            q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
            themes[tid] = {
                "organisations": len(values),
                "median": round(median, 1),
                "q1": round(q1, 1),
                "q3": round(q3, 1),
            }
        else:
            themes[tid] = None
    return {"organisations": len(score_sets), "themes": themes}


def benchmark(
    organisation: Organisation | None,
    group: str = "all",
    benchmark_set: BenchmarkSet | None = None,
) -> dict:
    """The peer group's median and interquartile range per theme, or why it cannot be shown."""
    c = content()
    theme_ids = [t.id for t in c.themes]
    if group not in PEER_GROUPS or (organisation is None and group != "all"):
        group = "all"
    value = peer_group_value(organisation, group)
    label = peer_group_label(organisation, group)
    if benchmark_set is not None:
        rows = [
            r
            for r in benchmark_set.rows
            if r["group"] == group and (group == "all" or r["value"] == value)
        ]
        themes: dict[str, dict[str, Any] | None] = {tid: None for tid in theme_ids}
        count = 0
        for row in rows:
            if row["theme"] in themes and row["organisations"] >= MIN_PEERS:
                themes[row["theme"]] = {k: row[k] for k in ("organisations", "median", "q1", "q3")}
                count = max(count, row["organisations"])
        source = _("Imported: %(label)s (source: %(source)s)") % {
            "label": benchmark_set.label,
            "source": benchmark_set.source,
        }
    else:
        scores = peer_theme_scores(organisation.pk if organisation else None, group, value)
        aggregated = aggregate(scores, theme_ids)
        themes, count = aggregated["themes"], aggregated["organisations"]
        source = _("Organisations on this installation")
    available = count >= MIN_PEERS and any(themes.values())
    reason = ""
    if not available:
        reason = _(
            "The benchmark is shown only for a peer group of at least %(min)s other organisations "
            "with a completed assessment, so that no single organisation's result can be read from it. "
            "This peer group has %(count)s."
        ) % {"min": MIN_PEERS, "count": count}
    return {
        "available": available,
        "reason": reason,
        "organisations": count,
        "group": group,
        "label": label,
        "source": source,
        "themes": themes if available else {tid: None for tid in theme_ids},
    }


CSV_HEADER = ["group", "value", "theme", "organisations", "median", "q1", "q3"]


def benchmark_rows(latest: Iterable[tuple[Mapping, str, str, str]] | None = None) -> list[dict]:
    """Aggregates for every peer group that holds at least five organisations.

    `latest` is (theme scores, kind, size band, country) per organisation; by default
    the latest completed assessment of each organisation on this installation.
    """
    c = content()
    theme_ids = [t.id for t in c.themes]
    if latest is None:
        latest = Assessment.objects.filter(
            is_latest=True, status=Assessment.Status.COMPLETED, organisation__isnull=False
        ).values_list(
            "theme_scores", "organisation__kind", "organisation__size_band", "organisation__country"
        )
    latest = list(latest)
    groups: dict[tuple[str, str], list[Mapping]] = {("all", ""): [row[0] for row in latest]}
    for scores, kind, size_band, country in latest:
        for group, value in (("kind", kind), ("size_band", size_band), ("country", country)):
            groups.setdefault((group, value), []).append(scores)
    rows = []
    for (group, value), score_sets in sorted(groups.items()):
        for tid, data in aggregate(score_sets, theme_ids)["themes"].items():
            if data is not None:
                rows.append({"group": group, "value": value, "theme": tid, **data})
    return rows


def export_benchmark_csv() -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_HEADER, lineterminator="\n")
    writer.writeheader()
    for row in benchmark_rows():
        writer.writerow(row)
    return buffer.getvalue()


def parse_benchmark_csv(text: str) -> list[dict]:
    """Validate a benchmark CSV; BenchmarkImportError names the line and what is wrong."""
    c = content()
    theme_ids = {t.id for t in c.themes}
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if reader.fieldnames is None or [f.strip() for f in reader.fieldnames] != CSV_HEADER:
        raise BenchmarkImportError(
            _("The first line must be the columns %(columns)s.") % {"columns": ",".join(CSV_HEADER)}
        )
    rows = []
    for line, raw in enumerate(reader, start=2):
        try:
            group = raw["group"].strip()
            theme = raw["theme"].strip()
            organisations = int(raw["organisations"])
            median, q1, q3 = (float(raw[k]) for k in ("median", "q1", "q3"))
        except (TypeError, ValueError, AttributeError) as exc:
            raise BenchmarkImportError(
                _(
                    "Line %(line)s: organisations must be a whole number and median, q1 and q3 numbers."
                )
                % {"line": line}
            ) from exc
        if group not in PEER_GROUPS:
            raise BenchmarkImportError(
                _("Line %(line)s: unknown group “%(group)s”; allowed: %(allowed)s.")
                % {"line": line, "group": group, "allowed": ", ".join(PEER_GROUPS)}
            )
        if theme not in theme_ids:
            raise BenchmarkImportError(
                _("Line %(line)s: unknown theme “%(theme)s”; allowed: %(allowed)s.")
                % {"line": line, "theme": theme, "allowed": ", ".join(sorted(theme_ids))}
            )
        if organisations < MIN_PEERS:
            raise BenchmarkImportError(
                _("Line %(line)s: a peer group needs at least %(min)s organisations.")
                % {"line": line, "min": MIN_PEERS}
            )
        if not (0 <= q1 <= median <= q3 <= 100):
            raise BenchmarkImportError(
                _("Line %(line)s: the figures must satisfy 0 ≤ q1 ≤ median ≤ q3 ≤ 100.")
                % {"line": line}
            )
        rows.append(
            {
                "group": group,
                "value": (raw["value"] or "").strip(),
                "theme": theme,
                "organisations": organisations,
                "median": median,
                "q1": q1,
                "q3": q3,
            }
        )
    if not rows:
        raise BenchmarkImportError(_("The file holds no benchmark figures."))
    return rows


def import_benchmark_csv(
    text: str, label: str, source: str, organisation: Organisation | None = None, person=None
) -> BenchmarkSet:
    rows = parse_benchmark_csv(text)
    with transaction.atomic():
        benchmark_set = BenchmarkSet.objects.create(
            organisation=organisation,
            label=label.strip()[:200],
            source=source.strip()[:300],
            rows=rows,
            imported_by=person,
        )
        if organisation is not None:
            record_event(
                organisation,
                person,
                "maturity.benchmark_imported",
                benchmark_set,
                _("Benchmark imported: %(label)s") % {"label": benchmark_set.label},
                rows=len(rows),
            )
    return benchmark_set


def benchmark_sets_for(organisation: Organisation | None):
    queryset = BenchmarkSet.objects.filter(organisation__isnull=True)
    if organisation is not None:
        queryset = BenchmarkSet.objects.filter(organisation=organisation) | queryset
    return queryset.order_by("-imported_at", "-id")


# --- the scorecard --------------------------------------------------------------------------


def format_score(value: float | None) -> str:
    """A score as people read it in the active language (34.7 / 34,7)."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return str(int(value))
    return formats.number_format(round(float(value), 1), 1)


def scorecard_charts(data: dict, bench: dict, past: list[tuple[str, dict]], language: str) -> dict:
    """The radar, the bars against the benchmark and the progress lines, as documents.charts Charts."""
    from govsocial.documents import charts

    with translation.override(language):
        names = [t["name"] for t in data["themes"]]
        # A theme without a score stays None: the chart leaves it at the centre and the
        # data table beside it says "–", never a made-up 0.
        scores = [t["score"] for t in data["themes"]]
        series = [(_("Your scores"), scores)]
        if bench["available"]:
            series.append(
                (
                    _("Benchmark median"),
                    [(bench["themes"][t["id"]] or {}).get("median") for t in data["themes"]],
                )
            )
        radar = charts.radar_chart(
            names, series, _("Scores per theme (0–100)"), 100, category_label=_("Theme")
        )
        medians = q1s = q3s = None
        if bench["available"]:
            medians = [(bench["themes"][t["id"]] or {}).get("median") for t in data["themes"]]
            q1s = [(bench["themes"][t["id"]] or {}).get("q1") for t in data["themes"]]
            q3s = [(bench["themes"][t["id"]] or {}).get("q3") for t in data["themes"]]
        bars = charts.range_bar_chart(
            names,
            [t["score"] for t in data["themes"]],
            medians,
            q1s,
            q3s,
            _("Your score per theme against the benchmark"),
            100,
        )
        progress = None
        if len(past) >= 2:
            progress = charts.line_chart(
                [label for label, _scores in past],
                [
                    (t["name"], [scores.get(t["id"]) for _label, scores in past])
                    for t in data["themes"]
                ],
                _("Progress per theme across assessments"),
                100,
                category_label=_("Assessment"),
            )
    return {"radar": radar, "bars": bars, "progress": progress}


def history_points(
    organisation: Organisation | None, upto: Assessment | None, language: str
) -> list:
    if organisation is None:
        return []
    points = []
    for past in history(organisation):
        if (
            upto is not None
            and upto.completed_at
            and past.completed_at
            and past.completed_at > upto.completed_at
        ):
            continue
        label = (
            date_format(timezone.localtime(past.completed_at), "j M Y")
            if past.completed_at
            else "–"
        )
        points.append((label, past.theme_scores))
    return points


def scorecard(
    assessment: Assessment,
    language: str,
    group: str = "all",
    benchmark_set: BenchmarkSet | None = None,
) -> dict:
    """All the scorecard shows, as plain values and Charts."""
    with translation.override(language):
        data = report(assessment.answers, language, assessment.organisation)
        bench = benchmark(assessment.organisation, group, benchmark_set)
        past = history_points(assessment.organisation, assessment, language)
        charts = scorecard_charts(data, bench, past, language)
        stage_rows = []
        for theme in data["themes"]:
            peer = bench["themes"].get(theme["id"]) if bench["available"] else None
            stage_rows.append({**theme, "peer": peer})
        return {
            "assessment": assessment,
            "report": data,
            "benchmark": bench,
            "charts": charts,
            "themes": stage_rows,
            "history": past,
            "stages": [
                {
                    "number": s.number,
                    "name": s.name.get(language),
                    "description": s.description.get(language),
                    "min_score": s.min_score,
                }
                for s in content().stages
            ],
        }


def scorecard_document(
    assessment: Assessment,
    language: str,
    group: str = "all",
    benchmark_set: BenchmarkSet | None = None,
):
    """The scorecard as a documents.model.Document (for PDF and other formats)."""
    card = scorecard(assessment, language, group, benchmark_set)
    return build_document(
        card["report"],
        card["benchmark"],
        card["charts"],
        language,
        organisation=assessment.organisation,
        assessment=assessment,
    )


def build_document(
    data: dict,
    bench: dict | None,
    charts: dict,
    language: str,
    organisation: Organisation | None = None,
    assessment: Assessment | None = None,
):
    from govsocial.documents.model import (
        Block,
        BulletList,
        Document,
        Note,
        Paragraph,
        Section,
        Table,
    )

    with translation.override(language):
        meta = []
        if organisation is not None:
            meta.append((_("Organisation"), organisation.name(language)))
        if assessment is not None and assessment.completed_at:
            meta.append(
                (_("Completed"), date_format(timezone.localtime(assessment.completed_at), "j F Y"))
            )
            meta.append((_("Respondents"), str(assessment.respondent_count)))
        meta.append((_("Questions answered"), data["answered_text"]))
        overall = data["overall"]
        if overall["stage"]:
            meta.append(
                (_("Overall stage"), f"{overall['stage']['number']}. {overall['stage']['name']}")
            )
        sections = []
        summary: list[Block] = []
        if overall["stage"]:
            summary.append(
                Paragraph(
                    _("Overall score %(score)s out of 100: stage %(number)s, %(name)s.")
                    % {
                        "score": format_score(overall["score"]),
                        "number": overall["stage"]["number"],
                        "name": overall["stage"]["name"],
                    },
                    emphasis=True,
                )
            )
            summary.append(Paragraph(overall["stage"]["description"]))
        else:
            summary.append(
                Paragraph(_("Not enough questions were answered with a level to give a score."))
            )
        if data["unscored_text"]:
            summary.append(Note(data["unscored_text"]))
        sections.append(Section(_("Overall stage"), summary, id="overall"))

        theme_blocks: list = [charts["radar"], charts["bars"]]
        theme_blocks.append(
            Table(
                header=[_("Theme"), _("Score"), _("Stage"), _("Don't know")],
                rows=[
                    [
                        t["name"],
                        format_score(t["score"]),
                        f"{t['stage']['number']}. {t['stage']['name']}" if t["stage"] else "–",
                        str(t["dont_know"]),
                    ]
                    for t in data["themes"]
                ],
                caption=_("Score, stage and “don't know” answers per theme"),
            )
        )
        if bench is not None:
            if bench["available"]:
                theme_blocks.append(
                    Note(
                        _(
                            "Benchmark: %(label)s — %(count)s organisations (%(source)s). "
                            "The band shows the middle half of the peer group."
                        )
                        % {
                            "label": bench["label"],
                            "count": bench["organisations"],
                            "source": bench["source"],
                        }
                    )
                )
            else:
                theme_blocks.append(Note(bench["reason"]))
        sections.append(Section(_("Scores per theme"), theme_blocks, id="themes"))

        dont_know: list = []
        if data["dont_know_total"]:
            dont_know.append(
                Paragraph(
                    _(
                        "“Don't know” is a finding, not a zero: these are the practices nobody who answered "
                        "could describe. They are left out of the scores."
                    )
                )
            )
            for theme in data["themes"]:
                if theme["dont_know_questions"]:
                    dont_know.append(
                        Section(
                            theme["name"],
                            [BulletList([q["text"] for q in theme["dont_know_questions"]])],
                        )
                    )
        else:
            dont_know.append(Paragraph(_("Every question was answered with a level of practice.")))
        sections.append(Section(_("What you do not know"), dont_know, id="dont-know"))

        recs: list = []
        for number, rec in enumerate(data["recommendations"], start=1):
            recs.append(
                Section(
                    f"{number}. {rec['title']}",
                    [
                        Paragraph(rec["why"]),
                        Paragraph(_("Next step: %(step)s") % {"step": rec["next_step"]}),
                    ],
                    id=f"rec-{rec['id']}",
                )
            )
        if not recs:
            recs.append(Paragraph(_("No recommendations: no rule applies to these answers.")))
        sections.append(Section(_("Recommendations"), recs, id="recommendations"))

        contra: list = []
        if data["contradictions"]:
            contra.append(
                Table(
                    header=[_("One statement"), _("Cannot be true together with"), _("What to do")],
                    rows=[
                        [
                            " ".join(f"{s['text']} ({s['source_label']})" for s in c["claims"]),
                            " ".join(f"{s['text']} ({s['source_label']})" for s in c["conflicts"]),
                            c["what_to_do"],
                        ]
                        for c in data["contradictions"]
                    ],
                    caption=_("Statements that contradict each other"),
                )
            )
        else:
            contra.append(Paragraph(_("No contradictions were found.")))
        sections.append(Section(_("Contradictions"), contra, id="contradictions"))

        if charts.get("progress") is not None:
            sections.append(Section(_("Progress over time"), [charts["progress"]], id="history"))

        return Document(
            title=_("Social media maturity scorecard"),
            language=language,
            organisation=organisation.name(language) if organisation else "",
            subtitle=_("Self-assessment in five themes"),
            meta=meta,
            sections=sections,
        )


def scorecard_pdf(
    assessment: Assessment,
    language: str,
    group: str = "all",
    benchmark_set: BenchmarkSet | None = None,
) -> bytes:
    from govsocial.documents.render import render

    document = scorecard_document(assessment, language, group, benchmark_set)
    return render(document, "pdf", organisation=assessment.organisation)


def answers_report_document(answers: Mapping[str, Any], language: str):
    """The scorecard for loose answers (the command line): no organisation, history or benchmark."""
    data = report(answers, language, None, facts={})
    bench = {"available": False, "themes": {t["id"]: None for t in data["themes"]}}
    charts = scorecard_charts(data, bench, [], language)
    return data, build_document(data, None, charts, language)

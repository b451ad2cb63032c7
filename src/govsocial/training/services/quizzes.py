"""The quiz: a person's questions, their attempts and a lead's overview."""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

from django.db import transaction

from govsocial.core.access import scoped
from govsocial.core.models import Membership, Organisation, Person
from govsocial.core.services import record_event

from .. import policy
from ..models import QuizAttempt
from ..quiz import Question, build_quiz, grade

SCENARIOS_PER_QUIZ = 5


def quiz_for(
    organisation: Organisation, language: str, question_ids: list[str] | None = None, seed: str = ""
) -> tuple[list[Question], policy.PolicyInfo]:
    """The organisation's quiz: every policy question plus a few scenario questions.

    `question_ids` (from the form) names the scenario questions shown; otherwise
    a selection is drawn with `seed`.
    """
    info = policy.info(organisation, language)
    audience = organisation.get_audience_display() if organisation is not None else ""
    questions = build_quiz(info.answers, info.clauses, language, str(audience))
    from_policy = [q for q in questions if q.from_policy]
    scenarios = [q for q in questions if not q.from_policy]
    if question_ids:
        wanted = set(question_ids)
        chosen = [q for q in scenarios if q.id in wanted]
    else:
        chosen = []
    if not chosen:
        chosen = random.Random(seed).sample(scenarios, min(SCENARIOS_PER_QUIZ, len(scenarios)))
        chosen.sort(key=lambda q: scenarios.index(q))
    return from_policy + chosen, info


@transaction.atomic
def submit_quiz(
    organisation: Organisation,
    person: Person,
    questions: list[Question],
    chosen: dict[str, str],
    language: str,
    version_number: int | None,
) -> QuizAttempt:
    result = grade(questions, chosen)
    attempt = QuizAttempt.objects.create(
        organisation=organisation,
        person=person,
        language=language,
        version_number=version_number,
        score=result.score,
        total=result.total,
        # What the person saw, kept with the attempt: a later policy version
        # changes the questions, not this result.
        answers={
            g.question.id: {
                "position": position,
                "chosen": g.chosen,
                "correct": g.question.answer,
                "right": g.right,
                "prompt": g.question.prompt,
                "chosen_text": g.question.option_text(g.chosen),
                "correct_text": g.question.option_text(g.question.answer),
                "feedback": g.question.feedback,
                "clause_id": g.question.clause_id,
                "clause_title": g.question.clause_title,
            }
            for position, g in enumerate(result.graded)
        },
    )
    record_event(
        organisation,
        person,
        "training.quiz.taken",
        attempt,
        f"{person.username}: {result.score}/{result.total}",
        score=result.score,
        total=result.total,
    )
    return attempt


def quiz_results(organisation: Organisation) -> list[dict[str, Any]]:
    """Per person: attempts, best and latest score (for a lead). Two queries,
    however many members: the members, and every attempt without its answers."""
    members = (
        Membership.objects.filter(organisation=organisation)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person__username")
    )
    by_person: dict[int, list[QuizAttempt]] = defaultdict(list)
    # Newest first (the model's ordering), so each person's first attempt is the latest.
    for attempt in scoped(QuizAttempt, organisation).only(
        "uuid", "person_id", "score", "total", "created_at"
    ):
        by_person[attempt.person_id].append(attempt)
    rows = []
    for membership in members:
        attempts = by_person.get(membership.person_id, [])
        rows.append(
            {
                "person": membership.person,
                "role": membership.get_role_display(),
                "attempts": len(attempts),
                "best": max(attempts, key=lambda a: (a.percentage, a.created_at))
                if attempts
                else None,
                "latest": attempts[0] if attempts else None,
            }
        )
    return rows

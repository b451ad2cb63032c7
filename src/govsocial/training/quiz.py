"""The quiz: questions built from the organisation's own policy answers plus
scenario questions from `content/quiz.yaml`. Plain functions; no database.

Each question carries the clause it cites (id and title from the published
policy's clauses); without a published policy the example answers are
used and no clause id is cited.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from govsocial.core.i18n import current_language

from . import content
from .checker import resolve_clause


@dataclass
class Question:
    id: str
    topic: str
    prompt: str
    options: list[tuple[str, str]]  # (key, text)
    answer: str
    feedback: str
    clause_id: str = ""
    clause_title: str = ""
    from_policy: bool = False
    needs: list[str] = field(default_factory=list)  # policy answers that must be true

    def option_text(self, key: str) -> str:
        return dict(self.options).get(key, "")


@dataclass
class Graded:
    question: Question
    chosen: str
    right: bool


@dataclass
class Result:
    graded: list[Graded] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(1 for g in self.graded if g.right)

    @property
    def total(self) -> int:
        return len(self.graded)


# --- response deadlines ---------------------------------------------------------------

SATURDAY = 5
ASK_MINUTE = 9 * 60 + 30  # 09:30


def _staffed_window(staffed_hours: str) -> tuple[int, int]:
    try:
        start, end = staffed_hours.split("-")
        sh, sm = (int(x) for x in start.strip().split(":"))
        eh, em = (int(x) for x in end.strip().split(":"))
        opening, closing = sh * 60 + sm, eh * 60 + em
        if 0 <= opening < closing <= 24 * 60:
            return opening, closing
    except ValueError:
        pass
    return 9 * 60, 17 * 60


def response_deadline(
    answers: dict[str, Any],
    weekday: int = SATURDAY,
    minute: int = ASK_MINUTE,
    basis: str | None = None,
) -> tuple[int, int]:
    """(days after the question, minute of that day) by which it must be answered.

    Around the clock: the promised hours run without stopping. Office hours:
    only staffed time counts (staffed days and hours from the policy).
    """
    hours = int(answers.get("response_time_hours") or 24)
    basis = basis or answers.get("response_basis") or "office_hours"
    if basis == "around_the_clock":
        total = minute + hours * 60
        return total // (24 * 60), total % (24 * 60)
    opening, closing = _staffed_window(str(answers.get("staffed_hours") or "09:00-17:00"))
    all_week = answers.get("staffed_days") == "all_week"
    remaining = hours * 60
    day, now = 0, minute
    while True:
        if all_week or (weekday + day) % 7 < 5:
            start = max(now, opening)
            if start < closing:
                available = closing - start
                if remaining <= available:
                    return day, start + remaining
                remaining -= available
        day, now = day + 1, 0


def hours_label(staffed_hours: str) -> str:
    """'08:30-17:00' as a reader of the active language writes it ('08.30-17.00 uur' in Dutch)."""
    opening, closing = _staffed_window(staffed_hours)
    if current_language() == "nl":
        return f"{opening // 60:02d}.{opening % 60:02d}-{closing // 60:02d}.{closing % 60:02d} uur"
    return f"{opening // 60:02d}:{opening % 60:02d}-{closing // 60:02d}:{closing % 60:02d}"


def deadline_label(day: int, minute: int, weekday: int = SATURDAY) -> str:
    name = str(WEEKDAYS[(weekday + day) % 7])
    if current_language() == "nl":
        clock = f"{minute // 60:02d}.{minute % 60:02d} uur"
    else:
        clock = f"{minute // 60:02d}:{minute % 60:02d}"
    if day == 0:
        return _("%(day)s (the same day) at %(time)s") % {"day": name, "time": clock}
    if day >= 7:
        return _("%(day)s a week later at %(time)s") % {"day": name, "time": clock}
    return _("%(day)s at %(time)s") % {"day": name, "time": clock}


# --- building the quiz ----------------------------------------------------------------


def _clause(topic: str, clauses: Mapping[str, tuple[str, str]]) -> tuple[str, str]:
    return resolve_clause(content.topic_clauses(topic), clauses)


def _ordered(question_id: str, options: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A fixed shuffle per question, so the right answer is not always first."""
    return sorted(
        options, key=lambda o: hashlib.sha256(f"{question_id}:{o[0]}".encode()).hexdigest()
    )


def _placeholders(answers: dict[str, Any], audience: str) -> dict[str, str]:
    return {
        "officers": str(
            answers.get("check_officers") or _("the policy and communications officers")
        ),
        "approver": str(answers.get("account_approver") or _("the communications lead")),
        "hours": str(answers.get("response_time_hours") or 24),
        "days": str(answers.get("password_change_days") or 90),
        "audience": audience,
    }


# --- questions from the organisation's own policy ----------------------------------
# Each takes the policy's answers and the placeholder values; None when the
# policy does not ask for it (no open comments, no election periods).

PolicyQuestion = Callable[[dict[str, Any], dict[str, str]], Question | None]


def weekend_deadline(answers: dict[str, Any], fill: dict[str, str]) -> Question:
    """A question on Saturday morning: by when must it be answered?"""
    correct = response_deadline(answers)
    other_basis = (
        "office_hours"
        if answers.get("response_basis") == "around_the_clock"
        else "around_the_clock"
    )
    hours = int(answers.get("response_time_hours") or 24)
    candidates = [
        correct,
        response_deadline(answers, basis=other_basis),
        response_deadline({**answers, "response_time_hours": max(1, hours // 2)}),
        response_deadline({**answers, "response_time_hours": min(168, hours * 2)}),
        ((ASK_MINUTE + 60 * 4) // (24 * 60), (ASK_MINUTE + 60 * 4) % (24 * 60)),
        (2, _staffed_window(str(answers.get("staffed_hours") or ""))[0]),
    ]
    labels: list[str] = []
    for day, minute in candidates:
        label = deadline_label(day, minute)
        if label not in labels:
            labels.append(label)
    labels = labels[:4]
    basis_text = (
        _("around the clock")
        if answers.get("response_basis") == "around_the_clock"
        else _("in staffed hours (%(days)s, %(hours)s)")
        % {
            "days": _("every day")
            if answers.get("staffed_days") == "all_week"
            else _("Monday to Friday"),
            "hours": hours_label(str(answers.get("staffed_hours") or "09:00-17:00")),
        }
    )
    return Question(
        id="policy_weekend_deadline",
        topic="responsiveness",
        from_policy=True,
        prompt=_(
            "A resident asks a question on the organisation's Facebook page at 09:30 on Saturday morning. "
            "By when must it be answered at the latest?"
        ),
        options=_ordered("weekend", [(f"d{i}", label) for i, label in enumerate(labels)]),
        answer="d0",
        feedback=_(
            "The policy promises an answer within %(hours)s hours, counted %(basis)s. "
            "A question at 09:30 on Saturday must be answered by %(deadline)s."
        )
        % {"hours": hours, "basis": basis_text, "deadline": labels[0]},
    )


def check_first(answers: dict[str, Any], fill: dict[str, str]) -> Question:
    """Which post needs a check first?"""
    return Question(
        id="policy_check_first",
        topic="decision_guide",
        from_policy=True,
        prompt=_("Which of these posts must you check first with %(officers)s?") % fill,
        options=_ordered(
            "check_first",
            [
                ("public", _("A link to this morning's press release about the new park.")),
                ("pointer", _("Sharing the fire service's warning about tonight's storm.")),
                (
                    "new",
                    _(
                        "A new explanation of how the parking rules will apply to residents' streets from next month."
                    ),
                ),
                (
                    "hours",
                    _("A reply that points to the opening hours published on the website."),
                ),
            ],
        ),
        answer="new",
        feedback=_(
            "The decision guide: information that is already public, or a post that only points to another "
            "resource, may be posted. New guidance or content, or a view, is checked first with %(officers)s."
        )
        % fill,
    )


def passwords(answers: dict[str, Any], fill: dict[str, str]) -> Question:
    """Who holds the passwords?"""
    location = answers.get("password_location") or "password_manager"
    holder = {
        "password_manager": _("The communications team, in the password manager"),
        "team_vault": _("The communications team, in the team's secure vault"),
    }.get(location, _("The communications team, kept where the policy says"))
    return Question(
        id="policy_passwords",
        topic="passwords",
        from_policy=True,
        prompt=_("Who holds the passwords of the organisation's social media accounts?"),
        options=_ordered(
            "passwords",
            [
                ("team", holder),
                ("owner", _("Each account owner, in their own notes")),
                ("email", _("Everyone who posts, shared by e-mail")),
                ("supplier", _("The platform's support desk")),
            ],
        ),
        answer="team",
        feedback=_(
            "Passwords are held by the communications team and never shared outside it; they are changed "
            "every %(days)s days and when someone leaves."
        )
        % fill,
    )


def new_account(answers: dict[str, Any], fill: dict[str, str]) -> Question:
    """Who approves a new account?"""
    return Question(
        id="policy_new_account",
        topic="accounts",
        from_policy=True,
        prompt=_("A department wants to open a new account for a campaign. Who approves it?"),
        options=_ordered(
            "new_account",
            [
                ("approver", fill["approver"]),
                ("department", _("The department itself")),
                ("anyone", _("Nobody: anyone may open an account")),
            ],
        ),
        answer="approver",
        feedback=_(
            "New accounts need a business case and the approval of %(approver)s, so every account has a "
            "goal, an owner and cover."
        )
        % fill,
    )


def moderation(answers: dict[str, Any], fill: dict[str, str]) -> Question | None:
    """How are comments moderated? (only when comments are open)"""
    if not answers.get("comments_open"):
        return None
    how = answers.get("moderation") or "post"
    texts = {
        "pre": _("Before they appear: every comment is checked first"),
        "post": _("After they appear: the team reads every new comment"),
        "reactive": _("When someone reports a comment"),
    }
    return Question(
        id="policy_moderation",
        topic="moderation",
        from_policy=True,
        prompt=_("Comments are open on the organisation's posts. How are they moderated?"),
        options=_ordered("moderation", [*texts.items(), ("never", _("They are never moderated"))]),
        answer=how if how in texts else "post",
        feedback=_(
            "The policy says: %(how)s. Comments that break the published house rules are removed; "
            "criticism is not removed."
        )
        % {"how": texts.get(how, texts["post"]).lower()},
    )


def election_days(answers: dict[str, Any], fill: dict[str, str]) -> Question | None:
    """When does political restraint start? (only when the policy has election periods)"""
    if not answers.get("election_periods"):
        return None
    days = int(answers.get("election_quiet_days") or 0)
    choices = [days] + [d for d in (days + 14, max(0, days - 7), days * 2 + 7, 90) if d != days]
    values = list(dict.fromkeys(choices))[:4]
    return Question(
        id="policy_election_days",
        topic="elections",
        from_policy=True,
        prompt=_("How many days before an election does the period of political restraint start?"),
        options=_ordered("election", [(f"v{v}", _("%(days)s days") % {"days": v}) for v in values]),
        answer=f"v{days}",
        feedback=_(
            "The policy sets %(days)s days before an election. In that period the organisation gives no "
            "candidate or party a platform."
        )
        % {"days": days},
    )


def spokespeople(answers: dict[str, Any], fill: dict[str, str]) -> Question:
    """Who may speak for the organisation?"""
    speakers = answers.get("spokespeople") or "communications_only"
    speaker_texts = {
        "communications_only": _("Only the communications team"),
        "named_staff": _("The communications team and staff named for their subject"),
        "all_staff": _("All staff, within the policy"),
    }
    return Question(
        id="policy_spokespeople",
        topic="roles",
        from_policy=True,
        prompt=_("Who may speak for the organisation on social media?"),
        options=_ordered(
            "speakers",
            [*speaker_texts.items(), ("anyone", _("Anyone with access to an account"))],
        ),
        answer=speakers if speakers in speaker_texts else "communications_only",
        feedback=_("The policy says: %(who)s. Say who you are and whom you speak for.")
        % {"who": speaker_texts.get(speakers, speaker_texts["communications_only"]).lower()},
    )


POLICY_QUESTIONS: tuple[PolicyQuestion, ...] = (
    weekend_deadline,
    check_first,
    passwords,
    new_account,
    moderation,
    election_days,
    spokespeople,
)


def policy_questions(answers: dict[str, Any], audience: str) -> list[Question]:
    fill = _placeholders(answers, audience)
    questions = (make(answers, fill) for make in POLICY_QUESTIONS)
    return [q for q in questions if q is not None]


def scenario_questions(language: str, fill: dict[str, str]) -> list[Question]:
    return [
        Question(
            id=q["id"],
            topic=q["topic"],
            needs=list(q.get("needs") or []),
            prompt=q["prompt"].format(language, **fill),
            options=_ordered(
                q["id"], [(o["key"], o["text"].format(language, **fill)) for o in q["options"]]
            ),
            answer=q["answer"],
            feedback=q["feedback"].format(language, **fill),
        )
        for q in content.quiz_bank()
    ]


def build_quiz(
    answers: dict[str, Any],
    clauses: Mapping[str, tuple[str, str]],
    language: str,
    audience: str = "",
) -> list[Question]:
    """Every question for this organisation, with the clause each one cites."""
    audience = audience or _("residents")
    fill = _placeholders(answers, audience)
    questions = policy_questions(answers, audience)
    for q in scenario_questions(language, fill):
        if all(answers.get(need) for need in q.needs):
            questions.append(q)
    for q in questions:
        q.clause_id, q.clause_title = _clause(q.topic, clauses)
    return questions


def grade(questions: list[Question], chosen: dict[str, str]) -> Result:
    return Result(
        [Graded(q, chosen.get(q.id, ""), chosen.get(q.id, "") == q.answer) for q in questions]
    )

"""Training services: the post checker with the organisation's context,
election periods, acknowledgements, quiz attempts and game sessions.

Plain functions, testable without a request. Every state change is written to
the audit trail.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from govsocial.core.access import scoped
from govsocial.core.models import Membership, Organisation, Person
from govsocial.core.services import record_event
from govsocial.documents.model import BulletList, Document, Paragraph, Section, Table

from . import content, game, policy
from .checker import ElectionWindow, OrganisationContext, Verdict, check_post
from .models import Acknowledgement, ElectionPeriod, GameRound, GameSession, QuizAttempt
from .quiz import Question, build_quiz, grade

# --- "can I post this?" -----------------------------------------------------------------


def context_for(
    organisation: Organisation | None, language: str, today: date | None = None
) -> OrganisationContext:
    """What the checker needs to know of an organisation: officers, clauses, election periods."""
    info = policy.info(organisation, language)
    periods = []
    if organisation is not None:
        periods = [
            ElectionWindow(p.name, p.starts_on, p.ends_on)
            for p in scoped(ElectionPeriod, organisation).filter(
                ends_on__gte=today or timezone.localdate()
            )
        ]
    return OrganisationContext(
        country=organisation.country if organisation is not None else "",
        default_language=organisation.default_language if organisation is not None else "en",
        check_officers=str(info.answers.get("check_officers") or ""),
        policy_version=info.number,
        clauses=info.clauses,
        election_periods=periods,
        today=today,
        uses_example_policy=info.is_example,
    )


def check(
    organisation: Organisation | None, text: str, *, language: str | None = None, **options: Any
) -> Verdict:
    """check_post with the organisation's context; messages in the active language."""
    ui_language = (translation.get_language() or "en")[:2]
    return check_post(
        text,
        language=language,
        organisation_context=context_for(organisation, ui_language),
        **options,
    )


# --- election periods --------------------------------------------------------------------


def add_election_period(
    organisation: Organisation, person: Person | None, name: str, starts_on: date, ends_on: date
) -> ElectionPeriod:
    period = ElectionPeriod.objects.create(
        organisation=organisation, name=name, starts_on=starts_on, ends_on=ends_on
    )
    record_event(
        organisation,
        person,
        "training.election_period.added",
        period,
        f"{name}: {starts_on} – {ends_on}",
    )
    return period


def delete_election_period(period: ElectionPeriod, person: Person | None) -> None:
    record_event(
        period.organisation, person, "training.election_period.deleted", period, period.name
    )
    period.delete()


def current_election_period(
    organisation: Organisation, today: date | None = None
) -> ElectionPeriod | None:
    today = today or timezone.localdate()
    return (
        scoped(ElectionPeriod, organisation)
        .filter(starts_on__lte=today, ends_on__gte=today)
        .first()
    )


# --- acknowledgements ----------------------------------------------------------------------


class NoPublishedPolicy(Exception):
    pass


def acknowledgement_for(
    organisation: Organisation, person: Person, version=None
) -> Acknowledgement | None:
    version = version if version is not None else policy.published_version(organisation)
    if version is None:
        return None
    return (
        scoped(Acknowledgement, organisation)
        .filter(person=person, version_id=str(version.id))
        .first()
    )


@transaction.atomic
def acknowledge(organisation: Organisation, person: Person) -> Acknowledgement:
    """Record that `person` has read the published version (once per version)."""
    version = policy.published_version(organisation)
    if version is None:
        raise NoPublishedPolicy
    ack, created = Acknowledgement.objects.get_or_create(
        organisation=organisation,
        person=person,
        version_id=str(version.id),
        defaults={"version_number": version.number},
    )
    if created:
        record_event(
            organisation,
            person,
            "training.policy.acknowledged",
            ack,
            f"{person.username} read policy version {version.number}",
            version=version.number,
        )
    return ack


def acknowledgement_overview(
    organisation: Organisation, version_number: int | None = None
) -> dict[str, Any]:
    """Who has and has not confirmed a version (the published one unless named)."""
    published = policy.published_version(organisation)
    acks = scoped(Acknowledgement, organisation)
    versions = {
        row["version_number"]: row["version_id"]
        for row in acks.values("version_number", "version_id")
    }
    if published is not None:
        versions[published.number] = str(published.id)
    numbers = sorted(versions, reverse=True)
    if version_number not in versions:
        version_number = (
            published.number if published is not None else (numbers[0] if numbers else None)
        )
    rows = []
    by_person = {}
    if version_number is not None:
        by_person = {a.person_id: a for a in acks.filter(version_id=versions[version_number])}
    members = (
        Membership.objects.filter(organisation=organisation)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person__username")
    )
    for membership in members:
        ack = by_person.get(membership.person_id)
        rows.append(
            {
                "person": membership.person,
                "role": membership.get_role_display(),
                "acknowledged_at": ack.acknowledged_at if ack else None,
            }
        )
    done = sum(1 for r in rows if r["acknowledged_at"])
    return {
        "version_number": version_number,
        "versions": numbers,
        "rows": rows,
        "done": done,
        "total": len(rows),
        "published": published,
        "is_published": published is not None and version_number == published.number,
    }


# --- quiz ------------------------------------------------------------------------------------

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
    """Per person: attempts, best and latest score (for a lead)."""
    attempts = scoped(QuizAttempt, organisation)
    stats = {
        r["person"]: r
        for r in attempts.values("person").annotate(n=Count("id"), last=Max("created_at"))
    }
    rows = []
    members = (
        Membership.objects.filter(organisation=organisation)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person__username")
    )
    for membership in members:
        person = membership.person
        stat = stats.get(person.id)
        person_attempts = list(attempts.filter(person=person)) if stat else []
        best = (
            max(person_attempts, key=lambda a: (a.percentage, a.created_at))
            if person_attempts
            else None
        )
        latest = person_attempts[0] if person_attempts else None
        rows.append(
            {
                "person": person,
                "role": membership.get_role_display(),
                "attempts": stat["n"] if stat else 0,
                "best": best,
                "latest": latest,
            }
        )
    return rows


# --- the game ---------------------------------------------------------------------------------


def create_session(
    organisation: Organisation,
    game_master: Person,
    name: str,
    language: str,
    players: dict[str, str] | None = None,
) -> GameSession:
    session = GameSession.objects.create(
        organisation=organisation,
        name=name,
        language=language,
        game_master=game_master,
        players={k: v for k, v in (players or {}).items() if k in content.ROLE_IDS and v},
        scores=game.start_scores(),
    )
    record_event(organisation, game_master, "training.game.created", session, name)
    return session


class GameError(Exception):
    """A game action that does not fit the session's state (message for the person)."""


def current_round(session: GameSession) -> GameRound | None:
    return session.rounds.order_by("-number").first()


@transaction.atomic
def deal(
    session: GameSession,
    person: Person | None,
    challenge_id: str | None = None,
    rng: random.Random | None = None,
) -> GameRound:
    """Deal the next challenge card (a named one, or one not yet played)."""
    if session.state != GameSession.State.PLAYING:
        raise GameError(_("This game has ended."))
    last = current_round(session)
    if last is not None and not last.revealed:
        raise GameError(_("Reveal the current round before dealing the next challenge."))
    played = set(session.rounds.values_list("challenge_id", flat=True))
    if challenge_id:
        if content.challenge(challenge_id) is None:
            raise GameError(_("There is no challenge card %(id)s.") % {"id": challenge_id})
    else:
        remaining = [c["id"] for c in game.challenges() if c["id"] not in played]
        if not remaining:
            raise GameError(_("Every challenge card has been played."))
        challenge_id = (rng or random.Random()).choice(remaining)
    number = (last.number + 1) if last else 1
    game_round = GameRound.objects.create(
        organisation=session.organisation, session=session, number=number, challenge_id=challenge_id
    )
    record_event(
        session.organisation,
        person,
        "training.game.dealt",
        session,
        f"round {number}: {challenge_id}",
        round=number,
        challenge=challenge_id,
    )
    return game_round


@transaction.atomic
def record_choices(
    game_round: GameRound, person: Person | None, choices: dict[str, str]
) -> GameRound:
    card = content.challenge(game_round.challenge_id)
    if card is None or game_round.revealed:
        raise GameError(_("The choices of a revealed round cannot be changed."))
    keys = {o["key"] for o in card["options"]}
    clean = {role: key for role, key in choices.items() if role in content.ROLE_IDS and key in keys}
    if set(clean) != set(content.ROLE_IDS):
        raise GameError(_("Record a choice for every role."))
    game_round.choices = clean
    game_round.save(update_fields=["choices"])
    record_event(
        game_round.organisation,
        person,
        "training.game.choices",
        game_round.session,
        f"round {game_round.number}",
        round=game_round.number,
        choices=clean,
    )
    return game_round


@transaction.atomic
def reveal(game_round: GameRound, person: Person | None) -> GameRound:
    if game_round.revealed:
        return game_round
    if set(game_round.choices) != set(content.ROLE_IDS):
        raise GameError(_("Record a choice for every role before revealing."))
    card = content.challenge(game_round.challenge_id)
    if card is None:
        raise GameError(_("There is no challenge card %(id)s.") % {"id": game_round.challenge_id})
    effects = game.round_effects(card, game_round.choices)
    session = GameSession.objects.select_for_update().get(pk=game_round.session_id)
    session.scores = game.apply(session.scores, effects)
    session.save(update_fields=["scores"])
    game_round.effects = effects
    game_round.revealed = True
    game_round.save(update_fields=["effects", "revealed"])
    record_event(
        game_round.organisation,
        person,
        "training.game.revealed",
        session,
        f"round {game_round.number}",
        round=game_round.number,
        effects=effects,
    )
    return game_round


@transaction.atomic
def end_session(session: GameSession, person: Person | None) -> GameSession:
    if session.state == GameSession.State.FINISHED:
        return session
    last = current_round(session)
    if last is not None and not last.revealed:
        last.delete()  # a dealt card without choices does not count
    session.state = GameSession.State.FINISHED
    session.finished_at = timezone.now()
    session.save(update_fields=["state", "finished_at"])
    record_event(
        session.organisation,
        person,
        "training.game.ended",
        session,
        session.name,
        scores=session.scores,
    )
    return session


def scoreboard(session: GameSession, language: str) -> dict[str, Any]:
    """Team scores and, per role, how often it chose what good practice says."""
    rounds = [r for r in session.rounds.order_by("number") if r.revealed]
    role_points = {role: 0 for role in content.ROLE_IDS}
    for game_round in rounds:
        card = content.challenge(game_round.challenge_id)
        for role, key in game_round.choices.items():
            if card and key == card["best"]:
                role_points[role] = role_points.get(role, 0) + 1
    score_rows = [
        {**s, "value": session.scores.get(s["id"], 0), "start": content.game()["start_score"]}
        for s in game.localised_scores(language)
    ]
    role_rows = [
        {**r, "player": session.players.get(r["id"], ""), "points": role_points[r["id"]]}
        for r in game.localised_roles(language)
    ]
    return {
        "scores": score_rows,
        "roles": role_rows,
        "rounds": len(rounds),
        "overall": game.overall(session.scores),
    }


def summary_document(session: GameSession, language: str) -> Document:
    """The game's summary as a Document (Markdown or PDF through the documents renderers)."""
    with translation.override(language):
        board = scoreboard(session, language)
        document = Document(
            title=_("Social Media Game: %(name)s") % {"name": session.name},
            language=language,
            organisation=session.organisation.name(language),
            meta=[
                (
                    _("Game master"),
                    session.game_master.display_name() if session.game_master else "—",
                ),
                (_("Played on"), session.created_at.date().isoformat()),
                (_("Rounds"), str(board["rounds"])),
                (_("Overall score"), str(board["overall"])),
            ],
        )
        document.sections.append(
            Section(
                _("Scoreboard"),
                [
                    Table(
                        [_("Score"), _("Start"), _("End"), _("Better when")],
                        [
                            [
                                s["name"],
                                str(s["start"]),
                                str(s["value"]),
                                _("higher") if s["better"] == "higher" else _("lower"),
                            ]
                            for s in board["scores"]
                        ],
                        caption=_("Team scores"),
                    ),
                    Table(
                        [_("Role"), _("Player"), _("Choices that match good practice")],
                        [
                            [r["name"], r["player"] or "—", f"{r['points']} / {board['rounds']}"]
                            for r in board["roles"]
                        ],
                        caption=_("Roles"),
                    ),
                ],
                id="scoreboard",
            )
        )
        for game_round in session.rounds.order_by("number"):
            if not game_round.revealed:
                continue
            card = content.challenge(game_round.challenge_id)
            if card is None:
                continue
            local = game.localised_card(card, language)
            options = {o["key"]: o for o in local["options"]}
            choices = [
                _("%(role)s: %(letter)s. %(option)s")
                % {
                    "role": role["name"],
                    "letter": game_round.choices.get(role["id"], "").upper(),
                    "option": options.get(game_round.choices.get(role["id"], ""), {}).get(
                        "text", "—"
                    ),
                }
                for role in game.localised_roles(language)
            ]
            effects = ", ".join(
                f"{s['name']} {game_round.effects.get(s['id'], 0):+d}"
                for s in game.localised_scores(language)
            )
            document.sections.append(
                Section(
                    _("Round %(number)s: %(title)s")
                    % {"number": game_round.number, "title": local["title"]},
                    [
                        Paragraph(local["situation"]),
                        BulletList(choices),
                        Paragraph(_("Consequences: %(effects)s.") % {"effects": effects}),
                        Paragraph(
                            _("Good practice (option %(best)s): %(text)s")
                            % {"best": local["best"], "text": local["good_practice"]}
                        ),
                    ],
                    id=f"round-{game_round.number}",
                )
            )
        return document


def summary_file(session: GameSession, fmt: str, language: str) -> bytes:
    from govsocial.documents.render import render

    return render(summary_document(session, language), fmt, organisation=session.organisation)


# --- dashboard ----------------------------------------------------------------------------------


def dashboard_panel(organisation: Organisation, person: Person, role: str) -> dict | None:
    version = policy.published_version(organisation)
    needs_ack = version is not None and acknowledgement_for(organisation, person, version) is None
    panel: dict[str, Any] = {
        "title": _("Training"),
        "template": "training/_dashboard_panel.html",
        "version": version,
        "needs_acknowledgement": needs_ack,
        "election_period": current_election_period(organisation),
    }
    if role == Membership.Role.LEAD and version is not None:
        overview = acknowledgement_overview(organisation, version.number)
        panel["acknowledged"] = overview["done"]
        panel["members"] = overview["total"]
    return panel

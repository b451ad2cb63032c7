"""Factories for training tests, and the scoping contract (`scoping_urls`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from govsocial.core.models import Membership, Organisation, Person
from govsocial.training import game, services
from govsocial.training.models import ElectionPeriod, GameSession, QuizAttempt


def game_master(organisation: Organisation) -> Person:
    membership = (
        Membership.objects.filter(organisation=organisation).select_related("person").first()
    )
    if membership is not None:
        return membership.person
    from govsocial.core.tests.factories import make_person

    return make_person(organisation, role="lead")


def publish_policy(organisation: Organisation, lead: Person, **changes: Any):
    """A published policy version built by the policies app's public services."""
    from govsocial.policies import services as policies

    answers = {**policies.example_answers(), **changes}
    version = policies.generate_draft(organisation, lead, answers)
    return policies.approve(version, lead)


def make_election_period(
    organisation: Organisation, starts_on: date, ends_on: date, name: str = "Elections"
) -> ElectionPeriod:
    return services.add_election_period(organisation, None, name, starts_on, ends_on)


def make_quiz_attempt(organisation: Organisation, person: Person) -> QuizAttempt:
    questions, info = services.quiz_for(organisation, "en", seed="factory")
    return services.submit_quiz(
        organisation, person, questions, {q.id: q.answer for q in questions}, "en", info.number
    )


def make_game(organisation: Organisation, rounds: int = 1, finished: bool = False) -> GameSession:
    master = game_master(organisation)
    session = services.create_session(organisation, master, "Test game", "en", {"governor": "Ann"})
    for _ in range(rounds):
        game_round = services.deal(session, master)
        card = game.challenge(game_round.challenge_id)
        services.record_choices(
            game_round, master, {role: card["recommended"] for role in game.ROLE_IDS}
        )
        services.reveal(game_round, master)
    if finished:
        services.end_session(session, master)
    return session


def scoping_urls(organisation: Organisation) -> list[str]:
    """Every URL of the training app that names an object of `organisation`."""
    period = make_election_period(organisation, date(2030, 3, 1), date(2030, 3, 20))
    attempt = make_quiz_attempt(organisation, game_master(organisation))
    session = make_game(organisation, rounds=1)
    urls = [
        reverse("training:election_delete", args=[period.pk]),
        reverse("training:quiz_result", args=[attempt.uuid]),
        reverse("training:game_session", args=[session.uuid]),
        reverse("training:game_deal", args=[session.uuid]),
        reverse("training:game_choices", args=[session.uuid]),
        reverse("training:game_end", args=[session.uuid]),
        reverse("training:game_join_qr", args=[session.uuid]),
        reverse("training:game_guidelines", args=[session.uuid]),
    ]
    urls += [
        reverse("training:game_summary", args=[session.uuid, fmt])
        for fmt in ("md", "pdf", "docx", "html")
    ]
    return urls


# A player's join link: the session's id with a code derived from it and the secret key
# (a wrong code is a 404; test_game_players.py).
public_url_names = {"training:game_play"}

"""Demo data for the training app: an election period, staff who have read
the policy and taken the quiz, and one finished game session. Idempotent."""

from datetime import timedelta

from django.utils import timezone

from govsocial.core.models import Membership, Organisation
from govsocial.core.services import add_member

from . import game, policy, services
from .models import ElectionPeriod, GameSession, QuizAttempt

# The same colleagues as the channel register's (channels/demo.py), so that every
# picker lists each person once.
DEMO_STAFF = [
    ("fatima.elamrani", "Fatima", "El Amrani", Membership.Role.EDITOR),
    ("jeroen.bakker", "Jeroen", "Bakker", Membership.Role.STAFF),
    ("lotte.dejong", "Lotte", "de Jong", Membership.Role.STAFF),
]
# Earlier demos made these doubles of the people above; a new seed takes them out.
FORMER_DOUBLES = ("demo.fatima", "demo.joris", "demo.lotte")
DEMO_GAME = "Demo: team training"


def seed(organisation: Organisation) -> None:
    today = timezone.localdate()
    if not ElectionPeriod.objects.filter(organisation=organisation).exists():
        start = today + timedelta(days=60)
        services.add_election_period(
            organisation,
            None,
            "Gemeenteraadsverkiezingen / municipal elections",
            start,
            start + timedelta(days=42),
        )
    # Only accounts nobody can sign in with (the demo made them without a password).
    Membership.objects.filter(
        organisation=organisation,
        person__username__in=FORMER_DOUBLES,
        person__password__startswith="!",
    ).delete()
    people = []
    for username, first, last, role in DEMO_STAFF:
        membership = Membership.objects.filter(
            organisation=organisation, person__username=username
        ).first()
        if membership is None:
            membership = add_member(
                organisation,
                username,
                role,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
            )  # no password: unusable
        people.append(membership.person)
    if policy.published(organisation) is not None:
        for person in people[:2]:
            services.acknowledge(organisation, person)
    language = organisation.default_language or "nl"
    for index, person in enumerate(people):
        if QuizAttempt.objects.filter(organisation=organisation, person=person).exists():
            continue
        questions, info = services.quiz_for(organisation, language, seed=person.username)
        # Demo answers: the first person answers everything right, the others miss one or two.
        missed = {1: {1}, 2: {0, 3}}.get(index, set())
        chosen = {
            q.id: next(key for key, _text in q.options if key != q.answer)
            if i in missed
            else q.answer
            for i, q in enumerate(questions)
        }
        services.submit_quiz(organisation, person, questions, chosen, language, info.number)
    if not GameSession.objects.filter(organisation=organisation, name=DEMO_GAME).exists():
        master = people[0]
        session = services.create_session(
            organisation,
            master,
            DEMO_GAME,
            language,
            {
                "governor": "Sam",
                "manager": "Fatima",
                "employee": "Jeroen",
                "innovator": "Lotte",
                "mediator": "Noor",
            },
        )
        # The innovator goes for another option than the others in every round.
        for challenge_id in ("viral_complaint", "hacked_account", "weekend_question"):
            game_round = services.deal(session, master, challenge_id)
            card = game.challenge(challenge_id)
            choices = {role: card["recommended"] for role in game.ROLE_IDS}
            choices["innovator"] = next(
                o["key"] for o in card["options"] if o["key"] != card["recommended"]
            )
            services.record_choices(game_round, master, choices)
            services.reveal(game_round, master)
        services.end_session(session, master)

"""Training services: the post checker with the organisation's context,
election periods, acknowledgements, quiz attempts, game sessions and the
dashboard panel. Plain functions, testable without a request; every state
change is written to the audit trail.
"""

from .acknowledgements import (
    NoPublishedPolicy,
    acknowledge,
    acknowledgement_for,
    acknowledgement_overview,
)
from .dashboard import dashboard_panel
from .games import (
    GameError,
    create_session,
    current_round,
    deal,
    end_session,
    record_choices,
    reveal,
    scoreboard,
    summary_document,
    summary_file,
)
from .posts import (
    add_election_period,
    check,
    context_for,
    current_election_period,
    delete_election_period,
)
from .quizzes import SCENARIOS_PER_QUIZ, quiz_for, quiz_results, submit_quiz

__all__ = [
    "SCENARIOS_PER_QUIZ",
    "GameError",
    "NoPublishedPolicy",
    "acknowledge",
    "acknowledgement_for",
    "acknowledgement_overview",
    "add_election_period",
    "check",
    "context_for",
    "create_session",
    "current_election_period",
    "current_round",
    "dashboard_panel",
    "deal",
    "delete_election_period",
    "end_session",
    "quiz_for",
    "quiz_results",
    "record_choices",
    "reveal",
    "scoreboard",
    "submit_quiz",
    "summary_document",
    "summary_file",
]

"""Training services: the post checker with the organisation's context,
election periods, acknowledgements, quiz attempts, game sessions (and the
guideline changes they lead to) and the dashboard panel. Plain functions, testable without a request; every state
change is written to the audit trail.
"""

from . import players
from .acknowledgements import (
    NoPublishedPolicy,
    acknowledge,
    acknowledgement_for,
    acknowledgement_overview,
)
from .dashboard import dashboard_panel
from .game_guidelines import GuidelineChange, agreed_answers, guideline_changes, propose_guidelines
from .games import (
    GameError,
    create_session,
    current_round,
    deal,
    end_session,
    record_choices,
    reveal,
    scoreboard,
    session_card,
    session_country,
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
    "players",
    "SCENARIOS_PER_QUIZ",
    "GameError",
    "GuidelineChange",
    "NoPublishedPolicy",
    "acknowledge",
    "acknowledgement_for",
    "acknowledgement_overview",
    "add_election_period",
    "agreed_answers",
    "check",
    "context_for",
    "create_session",
    "current_election_period",
    "current_round",
    "dashboard_panel",
    "deal",
    "delete_election_period",
    "end_session",
    "guideline_changes",
    "propose_guidelines",
    "quiz_for",
    "quiz_results",
    "record_choices",
    "reveal",
    "scoreboard",
    "session_card",
    "session_country",
    "submit_quiz",
    "summary_document",
    "summary_file",
]

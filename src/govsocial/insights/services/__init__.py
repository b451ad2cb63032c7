"""Insights: practice measured against the published policy.

By responsibility: `measures` (output and conversation, heat maps),
`questions` (which texts are questions, by the rules in content/),
`staffed` (staffed and calendar hours, public holidays), `responses`
(answers to the public and the promise), `sentiment` (language and
sentiment per comment with the word lists), `model` (a transformer model
from a local folder), `methods` (which of the two scores each language),
`mood` (a month's comments), `corrections` (labels people corrected),
`evaluation` (accuracy against labelled comments),
`month` (one organisation's month, per channel), `document` (the month as
a Document for the pages), `report_pages` (the monthly report's one-page parts),
`report` and `monthly` (the report made, kept and sent). The archive is read only through its contract
(`archive.services.interactions`), the policy through `response_terms`.
"""

from . import methods, monthly, sentiment
from .corrections import correct_label, corrected_examples, corrections
from .errors import InsightsError
from .evaluation import Labelled, LanguageResult, evaluate, read_labels
from .facts import insights_facts
from .measures import Measures
from .month import (
    ChannelMonth,
    Month,
    OrganisationMonth,
    organisation_month,
    parse_month,
    this_month,
)
from .mood import Comment, Mood
from .panel import dashboard_panel
from .questions import question_rule
from .responses import Question, Responses
from .staffed import calendar_hours, public_holidays, staffed_hours, zone_for

__all__ = [
    "methods",
    "monthly",
    "Comment",
    "LanguageResult",
    "Labelled",
    "Mood",
    "correct_label",
    "corrected_examples",
    "corrections",
    "evaluate",
    "insights_facts",
    "read_labels",
    "sentiment",
    "ChannelMonth",
    "InsightsError",
    "Measures",
    "Month",
    "OrganisationMonth",
    "Question",
    "Responses",
    "calendar_hours",
    "dashboard_panel",
    "organisation_month",
    "parse_month",
    "public_holidays",
    "question_rule",
    "staffed_hours",
    "this_month",
    "zone_for",
]

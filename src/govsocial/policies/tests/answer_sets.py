"""Answer sets the legal and plain-language tests read every generated document for.

Each is an organisation (name, country, kind) and the answers it gave, as a
person would type them ("1 werkdag"). Together they cover a small Dutch
municipality without weekend staffing, a UK council with round-the-clock
webcare, a Belgian organisation and an organisation with comments closed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from govsocial.documents.model import Document
from govsocial.policies import services


@dataclass(frozen=True)
class AnswerSet:
    id: str
    name: str
    country: str
    kind: str
    raw: dict[str, Any] = field(default_factory=dict)

    def facts(self) -> services.OrganisationFacts:
        return services.organisation_facts(country=self.country, kind=self.kind)

    def answers(self) -> dict[str, Any]:
        known = self.facts().conditions()
        return services.validate_answers({**services.example_answers(), **self.raw}, known=known)

    def document(self, kind: str, language: str, **changes: Any) -> Document:
        return services.build_document(
            kind,
            {**self.answers(), **changes},
            language,
            organisation_name=self.name,
            country=self.country,
            organisation_kind=self.kind,
        )


NL_SMALL = AnswerSet(
    id="nl_small_municipality",
    name="Gemeente Dorpshaven",
    country="NL",
    kind="municipality",
    raw={
        "goals": ["information", "engagement"],
        "stakeholders": ["communications", "hr", "works_council"],
        "reuse_policies": [],
        "spokespeople": "communications_only",
        "response_basis": "office_hours",
        "response_time": "1 werkdag",
        "staffed_days": "weekdays",
        "staffed_hours": "08:30-17:00",
        "monitoring_frequency": "several_daily",
        "posting_window": "evenings_weekends",
        "check_officers": "de communicatieadviseur",
        "comments_open": True,
        "moderation": "post",
        "account_approver": "de gemeentesecretaris",
        "leave_cover": "none",
        "election_periods": True,
        "election_quiet_days": 0,
        "retention_schedule": "de Selectielijst gemeenten en intergemeentelijke organen",
        "adopted_by": "het college van burgemeester en wethouders",
    },
)

UK_COUNCIL = AnswerSet(
    id="uk_council_round_the_clock",
    name="Riverside Borough Council",
    country="GB",
    kind="municipality",
    raw={
        "goals": ["information", "engagement", "customer_service", "crisis"],
        "stakeholders": ["communications", "legal", "it", "hr", "services"],
        "reuse_policies": ["code_of_conduct", "hr", "press", "privacy", "records"],
        "spokespeople": "named_staff",
        "response_basis": "around_the_clock",
        "response_time": "4 hours",
        "monitoring_frequency": "continuous",
        "contact_centre": True,
        "check_officers": "the duty press officer",
        "comments_open": True,
        "moderation": "post",
        "account_approver": "the Head of Communications",
        "leave_cover": "rota",
        "election_periods": True,
        "election_quiet_days": 35,
        "retention_schedule": "the council's records retention schedule",
        "adopted_by": "the Chief Executive",
    },
)

BE_ORGANISATION = AnswerSet(
    id="be_organisation",
    name="Gemeente Zonnedaal",
    country="BE",
    kind="municipality",
    raw={
        "goals": ["information", "customer_service"],
        "stakeholders": ["communications", "legal", "dpo"],
        "reuse_policies": ["privacy"],
        "spokespeople": "all_staff",
        "response_basis": "office_hours",
        "response_time": "2 werkdagen",
        "staffed_days": "weekdays",
        "staffed_hours": "09:00-16:00",
        "monitoring_frequency": "several_daily",
        "contact_centre": True,
        "posting_window": "staffed",
        "comments_open": True,
        "moderation": "reactive",
        "leave_cover": "named_deputy",
        "election_periods": True,
        "election_quiet_days": 90,
        "retention_schedule": "de selectielijst van ons archief",
        "adopted_by": "het college van burgemeester en schepenen",
    },
)

COMMENTS_CLOSED = AnswerSet(
    id="comments_closed",
    name="Dienst Wegen en Water",
    country="NL",
    kind="agency",
    raw={
        "goals": ["information", "crisis"],
        "stakeholders": ["communications", "legal", "it", "works_council"],
        "reuse_policies": ["code_of_conduct", "records"],
        "spokespeople": "communications_only",
        "response_basis": "office_hours",
        "response_time": "8 uur",
        "staffed_days": "all_week",
        "staffed_hours": "07:00-19:00",
        "monitoring_frequency": "hourly",
        "posting_window": "staffed",
        "comments_open": False,
        "leave_cover": "rota",
        "election_periods": False,
        "adopted_by": "de directeur-generaal",
    },
)

ANSWER_SETS = (NL_SMALL, UK_COUNCIL, BE_ORGANISATION, COMMENTS_CLOSED)


def every_document() -> Iterator[tuple[AnswerSet, str, str, Document]]:
    """Every answer set's staff policy and house rules, in English and in Dutch."""
    for answer_set in ANSWER_SETS:
        for kind in services.DOCUMENT_KINDS:
            for language in services.LANGUAGES:
                yield answer_set, kind, language, answer_set.document(kind, language)

"""What the organisation decides about the text, besides the answers: country and kind.

A Dutch municipality has a legal duty to keep its records, needs its works
council's consent for rules on staff conduct and observes no statutory
pre-election period; a UK council has a duty under different acts and must
follow the Code of Recommended Practice on Local Authority Publicity. Texts and
references name these as conditions (`country`, `public_body`,
`local_authority`, see content.CONTEXT_CONDITIONS).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from govsocial.core.models import Organisation

from .. import duration
from .promise import public_promise

JURISDICTIONS = ("NL", "BE", "GB")
# Bodies under public records law and the duties of a public employer. A UK
# health trust is an NHS body (Public Records Act 1958); a Dutch or Belgian
# hospital or a housing association is not a public body.
PUBLIC_BODY_KINDS = frozenset({"municipality", "province", "agency"})
LOCAL_AUTHORITY_KINDS = frozenset({"municipality", "province"})
DEFAULT_KIND = "municipality"


@dataclass(frozen=True)
class OrganisationFacts:
    country: str  # NL, BE, GB or "other"
    kind: str

    @property
    def public_body(self) -> bool:
        return self.kind in PUBLIC_BODY_KINDS or (
            self.kind == "health_trust" and self.country == "GB"
        )

    @property
    def local_authority(self) -> bool:
        return self.kind in LOCAL_AUTHORITY_KINDS

    def conditions(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "public_body": self.public_body,
            "local_authority": self.local_authority,
            # Bound by the Local Government Act 1986 and the publicity code.
            "uk_council": self.country == "GB" and self.local_authority,
        }


def jurisdiction(country: str | None) -> str:
    code = (country or "NL").upper()
    code = "GB" if code == "UK" else code
    return code if code in JURISDICTIONS else "other"


def organisation_facts(
    organisation: Organisation | None = None,
    *,
    country: str | None = None,
    kind: str | None = None,
) -> OrganisationFacts:
    """The organisation's facts; `country` and `kind` override it (the command line)."""
    return OrganisationFacts(
        country=jurisdiction(country or (organisation.country if organisation else None)),
        kind=kind or (organisation.kind if organisation else DEFAULT_KIND),
    )


def conditions(answers: Mapping[str, Any], facts: OrganisationFacts) -> dict[str, Any]:
    """Every context condition for these answers and this organisation."""
    promise = public_promise(answers)
    dutch_public_employer = facts.country == "NL" and facts.public_body
    return {
        **facts.conditions(),
        "records_duty": facts.public_body or answers.get("archiving_duty") is True,
        # A Dutch public employer must have one (art. 4 Ambtenarenwet 2017).
        "code_of_conduct": dutch_public_employer
        or "code_of_conduct" in (answers.get("reuse_policies") or []),
        "promise_in_hours": promise is not None and promise.unit == duration.HOURS,
        "consultation_open": bool(not_yet_consulted(answers)),
    }


def not_yet_consulted(answers: Mapping[str, Any]) -> list[str]:
    """Who must be involved (stakeholders) and has not been yet (consulted), in content order."""
    consulted = set(answers.get("consulted") or [])
    return [v for v in answers.get("stakeholders") or [] if v not in consulted]


def with_conditions(answers: Mapping[str, Any], facts: OrganisationFacts) -> dict[str, Any]:
    """The answers with the context conditions beside them, for `matches`."""
    return {**answers, **conditions(answers, facts)}

"""The register's limits: from the organisation's published policy, or the defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

from govsocial.core.models import Organisation
from govsocial.policies import services as policy_services

DEFAULT_LIMITS = {"password_change_days": 180, "dormant_after_days": 90, "report_day": 1}


@dataclass(frozen=True)
class Limits:
    password_change_days: int = DEFAULT_LIMITS["password_change_days"]
    dormant_after_days: int = DEFAULT_LIMITS["dormant_after_days"]
    report_day: int = DEFAULT_LIMITS["report_day"]
    from_policy: bool = False
    policy_url: str = field(default="", compare=False)  # where staff read the policy that set them


def limits_for(organisation: Organisation) -> Limits:
    """The limits of the organisation's published policy, or the defaults."""
    policy = policy_services.published_policy(organisation)
    if policy is None:
        return Limits()
    values = {}
    for key, default in DEFAULT_LIMITS.items():
        try:
            values[key] = int(policy.answers.get(key, default))
        except (TypeError, ValueError):
            values[key] = default
    values["report_day"] = min(max(values["report_day"], 1), 28)
    return Limits(**values, from_policy=True, policy_url=policy.url)

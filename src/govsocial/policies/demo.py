"""Demo data: a published policy for the demo organisation and an interview in progress."""

from __future__ import annotations

from govsocial.core.models import Membership, Organisation

from . import services
from .models import PolicyVersion

DEMO_ANSWERS = {
    "goals": ["information", "engagement", "customer_service", "crisis"],
    "stakeholders": ["communications", "legal", "it", "hr", "services", "works_council"],
    "reuse_policies": ["code_of_conduct", "hr", "press", "privacy", "records"],
    "spokespeople": "named_staff",
    "response_basis": "office_hours",
    "response_time": "4 hours",
    "staffed_days": "weekdays",
    "staffed_hours": "08:30-17:00",
    "monitoring_frequency": "several_daily",
    "contact_centre": True,
    "posting_window": "staffed",
    "check_officers": "de dienstdoende communicatieadviseur en de beleidsadviseur van het betrokken team",
    "comments_open": True,
    "moderation": "post",
    "account_approver": "het hoofd Communicatie en Dienstverlening",
    "password_location": "password_manager",
    "password_change_days": 90,
    "leave_cover": "rota",
    "dormant_after_days": 90,
    "report_day": 5,
    "election_periods": True,
    "election_quiet_days": 42,
    "retention_schedule": "de Selectielijst gemeenten en intergemeentelijke organen",
    "adopted_by": "het college van burgemeester en wethouders",
    "review_interval_months": 12,
}

# The team is working on the next version: a faster answer, checked continuously,
# and posts in the evening and at the weekend, which the interview flags as a conflict.
INTERVIEW_CHANGES = {
    "response_time": "2 hours",
    "monitoring_frequency": "continuous",
    "posting_window": "evenings_weekends",
}


def seed(organisation: Organisation) -> None:
    """Idempotent: one published version and one interview, however often it runs."""
    membership = (
        Membership.objects.filter(organisation=organisation, role=Membership.Role.LEAD)
        .select_related("person")
        .order_by("created_at", "id")
        .first()
    )
    lead = membership.person if membership else None
    if not PolicyVersion.objects.filter(organisation=organisation).exists():
        version = services.generate_draft(organisation, lead, DEMO_ANSWERS)
        if lead is not None:
            services.approve(version, lead)
        else:
            services.publish(version, None)
    if services.get_interview(organisation) is None:
        services.save_answers(
            organisation, lead, {**DEMO_ANSWERS, **INTERVIEW_CHANGES}, page="publishing"
        )

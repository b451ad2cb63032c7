"""Demo data: a published policy for the demo organisation and an interview in progress."""

from __future__ import annotations

from govsocial.core.models import Membership, Organisation

from . import services
from .models import PolicyVersion

DEMO_ANSWERS = {
    "goals": ["information", "engagement", "customer_service", "crisis"],
    "stakeholders": ["communications", "legal", "it", "hr", "services"],
    "reuse_policies": ["code_of_conduct", "hr", "press", "privacy", "records"],
    "spokespeople": "named_staff",
    "response_basis": "office_hours",
    "response_time_hours": 4,
    "staffed_days": "weekdays",
    "staffed_hours": "08:30-17:00",
    "hours_on_profile": True,
    "monitoring_frequency": "several_daily",
    "posts_per_week": 14,
    "posting_times": "op werkdagen tussen 07.30 en 21.00 uur, in het weekend alleen bij calamiteiten",
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
    "archiving_duty": True,
    "retention_years": 10,
    "review_interval_months": 12,
}

# The team is working on the next version: a faster answer, checked continuously.
INTERVIEW_CHANGES = {
    "response_time_hours": 2,
    "monitoring_frequency": "continuous",
    "posts_per_week": 20,
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

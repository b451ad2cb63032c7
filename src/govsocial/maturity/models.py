import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    """An unguessable key for an anonymous assessment's link (256 bits)."""
    return secrets.token_urlsafe(32)


class Assessment(models.Model):
    """One round of the self-assessment: an organisation's (several respondents)
    or an anonymous visitor's (one respondent, reached only through `token`)."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="maturity_assessments",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.IN_PROGRESS)
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, default="en")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Filled in when the round is completed: the combined answers and their scores.
    answers = models.JSONField(default=dict, blank=True)
    theme_scores = models.JSONField(default=dict, blank=True)
    overall_score = models.FloatField(null=True, blank=True)
    overall_stage = models.PositiveSmallIntegerField(null=True, blank=True)
    respondent_count = models.PositiveIntegerField(default=0)
    # The organisation's latest completed assessment: the one the benchmark uses.
    is_latest = models.BooleanField(default=False)
    # Anonymous tests only: a keyed hash of the client's address for the hourly limit
    # (never the address itself), blanked after a day.
    client_hash = models.CharField(max_length=32, blank=True, default="", editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["is_latest", "status"], name="maturity_latest_idx"),
            models.Index(fields=["client_hash", "created_at"], name="maturity_anon_client_idx"),
        ]

    def __str__(self) -> str:
        return f"Assessment {self.pk} ({self.status})"

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED


class Response(models.Model):
    """One respondent's answers in a round, saved as they go."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    answers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "respondent"],
                condition=models.Q(respondent__isnull=False),
                name="maturity_one_response_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} to assessment {self.assessment_id}"


class BenchmarkSet(models.Model):
    """Benchmark aggregates imported from another installation (CSV).

    organisation is empty for a set imported on the command line, which every
    organisation on this installation can compare with.
    """

    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="maturity_benchmark_sets",
    )
    label = models.CharField(_("label"), max_length=200)
    source = models.CharField(_("source"), max_length=300)
    rows = models.JSONField(default=list)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.label

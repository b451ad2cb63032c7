from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Interview(models.Model):
    """An organisation's answers in progress: saved page by page, resumed later."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    answers = models.JSONField(default=dict, blank=True)
    last_page = models.CharField(max_length=32, blank=True)
    # Fingerprints of the conflicts between answers the person chose to keep
    # (services/checks.py); a changed answer gives a new fingerprint.
    confirmed_checks = models.JSONField(default=list, blank=True)
    # One higher on every save of the answers: a page opened on an older revision is
    # out of date, and saving it shows what the other person changed (core.concurrency).
    revision = models.PositiveIntegerField(default=1, editable=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="policies_one_interview_per_org")
        ]
        verbose_name = _("policy interview")

    def __str__(self) -> str:
        return f"{self.organisation.slug} interview"


class PolicyVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded")

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="policies_version_number_per_org"
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status="published"),
                name="policies_one_published_per_org",
            ),
        ]
        verbose_name = _("policy version")

    def __str__(self) -> str:
        return f"{self.organisation.slug} v{self.number} ({self.status})"

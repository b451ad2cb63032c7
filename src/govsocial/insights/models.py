"""Insights keep one thing of their own: the sentiment labels people corrected.
Everything else is worked out from the archive and the policy when asked."""

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy


class SentimentLabel(models.TextChoices):
    POSITIVE = "positive", pgettext_lazy("sentiment", "Positive")
    NEUTRAL = "neutral", pgettext_lazy("sentiment", "Neutral")
    NEGATIVE = "negative", pgettext_lazy("sentiment", "Negative")


class SentimentCorrection(models.Model):
    """A person's label for one archived comment: shown instead of the method's,
    and used as a labelled example by the next evaluation."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="sentiment_corrections"
    )
    item_id = models.PositiveBigIntegerField()  # the archive item (read via its contract)
    channel_id = models.PositiveBigIntegerField()
    label = models.CharField(max_length=10, choices=SentimentLabel.choices)
    method_label = models.CharField(max_length=10, choices=SentimentLabel.choices)
    language = models.CharField(max_length=2)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "item_id"], name="insights_correction_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.label}"


class MonthlyReport(models.Model):
    """The monthly report as it was made and sent: a version kept, whatever the
    archive holds later. One per organisation and month."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="monthly_reports"
    )
    month = models.CharField(max_length=7)  # YYYY-MM
    made_at = models.DateTimeField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "month"], name="insights_one_report_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.month}"


class MonthlyReportFile(models.Model):
    """The report's PDF in one language, exactly as it was sent."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(max_length=2)
    pdf = models.BinaryField()
    size = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "language"], name="insights_one_file_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.language}"

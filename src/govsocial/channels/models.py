"""The channel register: the organisation's social media accounts and their governance.

Tables only; the rules (who may do what, which transitions exist, health) live in
services.py. No password is ever stored: custody is recorded as facts
(credentials in the password manager, date of the last change, two-factor
sign-in, recovery address owned by the organisation).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.Model):
    class Platform(models.TextChoices):
        X = "x", _("X (Twitter)")
        FACEBOOK = "facebook", _("Facebook")
        INSTAGRAM = "instagram", _("Instagram")
        LINKEDIN = "linkedin", _("LinkedIn")
        YOUTUBE = "youtube", _("YouTube")
        TIKTOK = "tiktok", _("TikTok")
        MASTODON = "mastodon", _("Mastodon")
        BLUESKY = "bluesky", _("Bluesky")
        WHATSAPP = "whatsapp_channel", _("WhatsApp channel")
        OTHER = "other", pgettext_lazy("platform", "Other")

    class Status(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("channel status", "Requested")
        APPROVED = "approved", pgettext_lazy("channel status", "Approved")
        REJECTED = "rejected", pgettext_lazy("channel status", "Rejected")
        ACTIVE = "active", pgettext_lazy("channel status", "Active")
        DORMANT = "dormant", pgettext_lazy("channel status", "Dormant")
        CLOSED = "closed", pgettext_lazy("channel status", "Closed")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="channels"
    )
    platform = models.CharField(_("platform"), max_length=32, choices=Platform.choices)
    name = models.CharField(_("name"), max_length=200)
    handle = models.CharField(_("handle"), max_length=200, blank=True)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    owning_team = models.CharField(_("owning team"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    audience = models.TextField(_("audience"), blank=True)
    staffed_hours = models.CharField(_("staffed hours"), max_length=200, blank=True)
    hours_on_profile = models.BooleanField(_("the profile states the staffed hours"), default=False)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("primary owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_channels",
    )
    cover = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cover person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="covered_channels",
    )

    # Custody: facts only, never a password.
    credentials_in_password_manager = models.BooleanField(
        _("the communications team holds the credentials in the password manager"), default=False
    )
    credentials_changed_on = models.DateField(
        _("credentials last changed on"), null=True, blank=True
    )
    two_factor_enabled = models.BooleanField(_("two-factor sign-in is on"), default=False)
    recovery_address_owned_by_organisation = models.BooleanField(
        _("the recovery address is owned by the organisation"), default=False
    )
    recovery_mailbox = models.EmailField(_("recovery mailbox"), blank=True)
    custody_checked_on = models.DateField(_("custody last checked on"), null=True, blank=True)
    custody_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    closed_reason = models.TextField(_("reason for closing"), blank=True)
    activated_on = models.DateField(_("active since"), null=True, blank=True)
    last_activity_on = models.DateField(_("last activity on"), null=True, blank=True)

    # The business case of a request.
    why_not_corporate = models.TextField(_("why the corporate account does not serve"), blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True, blank=True)
    posters = models.TextField(_("who will post"), blank=True)
    content_plan = models.TextField(_("content plan"), blank=True)
    success_measures = models.TextField(_("how success will be measured"), blank=True)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # One higher on every save: an edit form opened on an older revision is out of date.
    revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "platform", "handle"],
                condition=~models.Q(handle=""),
                name="channels_one_handle_per_platform",
            )
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_platform_display()})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            # Counted in SQL, so two saves at the same moment both count.
            self.revision = models.F("revision") + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
        super().save(*args, **kwargs)
        if isinstance(self.revision, models.expressions.Combinable):
            del self.revision  # read from the database when next asked for

    @property
    def custody_confirmed(self) -> bool:
        return bool(
            self.credentials_in_password_manager
            and self.credentials_changed_on
            and self.two_factor_enabled
            and self.recovery_address_owned_by_organisation
        )


class ChannelReport(models.Model):
    """The monthly report of one channel for one month, as received by the team."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="reports")
    month = models.DateField(_("month"))  # always the first day of the month reported on
    received_on = models.DateField(_("received on"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "month"], name="channels_one_report_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel.name} {self.month:%Y-%m}"


class ReminderSent(models.Model):
    """One reminder item e-mailed to one person on one day, so it is never sent twice that day."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="reminders")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    sent_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "person", "kind", "sent_on"], name="channels_one_reminder_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.sent_on}"


# Channel.custody_confirmed as a condition, for counting in SQL.
CUSTODY_CONFIRMED = models.Q(
    credentials_in_password_manager=True,
    credentials_changed_on__isnull=False,
    two_factor_enabled=True,
    recovery_address_owned_by_organisation=True,
)

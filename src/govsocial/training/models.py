import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ElectionPeriod(models.Model):
    """A period, set by a lead, in which posts must stay politically neutral."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="election_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on} – {self.ends_on})"


class Acknowledgement(models.Model):
    """A person confirms they have read one published version of the policy."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version_id = models.CharField(max_length=64)
    version_number = models.PositiveIntegerField()
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "version_id"],
                name="one_acknowledgement_per_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} read version {self.version_number}"


class QuizAttempt(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(max_length=2)
    version_number = models.PositiveIntegerField(null=True, blank=True)  # None: example answers
    score = models.PositiveIntegerField()
    total = models.PositiveIntegerField()
    answers = models.JSONField(default=dict)  # question id → {chosen, correct, right}
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.person}: {self.score}/{self.total}"

    @property
    def percentage(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0


class GameSession(models.Model):
    class State(models.TextChoices):
        PLAYING = "playing", _("Playing")
        FINISHED = "finished", _("Finished")

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    language = models.CharField(
        _("language of the cards"), max_length=2, choices=settings.LANGUAGES
    )
    game_master = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The option order (game/order.py) and the country's words of the cards on
    # screen; the deck and guide printed with the same code and country match.
    # Blank in sessions from before: the options keep the order of the YAML.
    deck_code = models.CharField(_("deck code"), max_length=12, blank=True)
    country = models.CharField(_("country of the cards"), max_length=2, blank=True)
    players = models.JSONField(default=dict, blank=True)  # role id → player name
    # Role id → the claim a player's own browser holds (services/players.py).
    claimed_roles = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PLAYING)
    scores = models.JSONField(default=dict)  # score id → value
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class GameRound(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE)
    session = models.ForeignKey(GameSession, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField()
    challenge_id = models.CharField(max_length=64)
    choices = models.JSONField(default=dict, blank=True)  # role id → option key
    effects = models.JSONField(default=dict, blank=True)  # score id → change this round
    revealed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "number"], name="one_round_number_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} round {self.number}"

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

COUNTRIES = [
    ("NL", _("Netherlands")),
    ("BE", _("Belgium")),
    ("GB", _("United Kingdom")),
    ("DE", _("Germany")),
    ("DK", _("Denmark")),
    ("NO", _("Norway")),
    ("SE", _("Sweden")),
    ("FR", _("France")),
    ("IE", _("Ireland")),
    ("LU", _("Luxembourg")),
]


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        PROVINCE = "province", _("Province")
        AGENCY = "agency", _("Agency")
        HOUSING = "housing_association", _("Housing association")
        HEALTH = "health_trust", _("Health trust")
        OTHER = "other", _("Other")

    class Audience(models.TextChoices):
        RESIDENTS = "residents", _("residents")
        CUSTOMERS = "customers", _("customers")
        PATIENTS = "patients", _("patients")
        TENANTS = "tenants", _("tenants")

    class SizeBand(models.TextChoices):
        SMALL = "small", _("Small (fewer than 250 staff)")
        MEDIUM = "medium", _("Medium (250 to 1,000 staff)")
        LARGE = "large", _("Large (more than 1,000 staff)")

    slug = models.SlugField(unique=True)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_nl = models.CharField(_("name in Dutch"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=32, choices=Kind.choices, default=Kind.MUNICIPALITY
    )
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES, default="NL")
    size_band = models.CharField(
        _("size"), max_length=16, choices=SizeBand.choices, default=SizeBand.MEDIUM
    )
    default_language = models.CharField(
        _("default language"), max_length=2, choices=settings.LANGUAGES, default="nl"
    )
    audience = models.CharField(
        _("the public is called"),
        max_length=16,
        choices=Audience.choices,
        default=Audience.RESIDENTS,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the installation's host: members cannot sign in, and are told why.
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    disabled_reason = models.CharField(_("reason for disabling"), max_length=300, blank=True)
    # Leads (and the installation's host, when a member) sign in with a second factor.
    two_factor_required = models.BooleanField(
        _("Communications leads must use two-factor sign-in"), default=False
    )
    # The organisation's own details, one a line, which a post may show:
    # "Can I post this?" does not flag them (its allow-list).
    own_ibans = models.TextField(_("bank account numbers (IBAN)"), blank=True)
    own_phone_numbers = models.TextField(_("phone numbers"), blank=True)
    own_addresses = models.TextField(_("addresses"), blank=True)
    own_email_domains = models.TextField(_("e-mail domains"), blank=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        language = (language or get_language() or "en")[:2]
        return self.name_nl if language == "nl" else self.name_en

    @property
    def is_disabled(self) -> bool:
        return self.disabled_at is not None

    def own_details(self) -> dict[str, list[str]]:
        """The allow-list, each kind a list of lines."""
        return {
            kind: [
                line.strip() for line in getattr(self, f"own_{kind}").splitlines() if line.strip()
            ]
            for kind in ("ibans", "phone_numbers", "addresses", "email_domains")
        }


class Person(AbstractUser):
    """Someone who signs in. Their organisation comes from their memberships."""

    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, blank=True)
    # The installation's host creates, disables and deletes organisations; not Django's admin.
    is_host = models.BooleanField(_("host of this installation"), default=False)

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Communications lead")
        EDITOR = "editor", _("Editor")
        STAFF = "staff", _("Staff")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], name="one_membership_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organisation.slug} ({self.role})"


class AuditEvent(models.Model):
    """Who changed what, and when. Written only through services.record_event.

    An event without an organisation belongs to the installation (the host's
    administration of organisations); it outlives the organisation it names."""

    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audit_events",
    )
    actor = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL)
    # Stands in for a removed member: the trail still tells their actions apart.
    actor_pseudonym = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.summary}"


class Invitation(models.Model):
    """A lead's invitation to join by e-mail. Only the token's SHA-256 is stored."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=16, choices=Membership.Role.choices, default=Membership.Role.STAFF
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} @ {self.organisation.slug} ({self.role})"


class SignInPurge(models.Model):
    """A removed person's sign-in record (django-axes) to delete once it has been kept long enough."""

    username = models.CharField(max_length=150)
    purge_after = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.username} after {self.purge_after:%Y-%m-%d}"


class SingleSignOn(models.Model):
    """An organisation's OpenID Connect provider, set by a lead on the web page.

    The client secret is stored encrypted (core.encryption) and never shown again.
    The endpoints come from the issuer's .well-known/openid-configuration, read
    each time the configuration is saved."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="single_sign_on"
    )
    enabled = models.BooleanField(_("Single sign-on is on"), default=True)
    issuer = models.URLField(_("Issuer"), max_length=500)
    client_id = models.CharField(_("Client id"), max_length=255)
    client_secret_encrypted = models.TextField(blank=True)
    email_claim = models.CharField(_("Claim with the e-mail address"), max_length=100)
    role_claim = models.CharField(_("Claim with groups or roles"), max_length=100, blank=True)
    lead_values = models.TextField(_("Values for a communications lead"), blank=True)
    editor_values = models.TextField(_("Values for an editor"), blank=True)
    sso_only = models.BooleanField(_("Single sign-on only"), default=False)
    trusted_for_two_factor = models.BooleanField(
        _("The provider's sign-in counts as two-factor sign-in"), default=False
    )
    authorization_endpoint = models.URLField(max_length=500, blank=True)
    token_endpoint = models.URLField(max_length=500, blank=True)
    userinfo_endpoint = models.URLField(max_length=500, blank=True)
    jwks_uri = models.URLField(max_length=500, blank=True)
    # The provider takes the secret only in an Authorization header (client_secret_basic).
    token_auth_basic = models.BooleanField(default=False)
    discovered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.organisation.slug}: {self.issuer}"

    @staticmethod
    def values(text: str) -> set[str]:
        return {line.strip() for line in text.splitlines() if line.strip()}


class SingleSignOnIdentity(models.Model):
    """Which account a provider's subject is: later sign-ins find the person by
    (issuer, subject), never again by e-mail address."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="sso_identities")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="sso_identities"
    )
    issuer = models.CharField(max_length=500)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "issuer", "subject"], name="one_person_per_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} = {self.subject} @ {self.issuer}"

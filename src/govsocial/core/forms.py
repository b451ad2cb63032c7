from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordMixin
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Membership, Organisation, Person, SingleSignOn

# What each role may do, in one line, wherever a lead chooses one.
ROLE_EXPLANATIONS = {
    Membership.Role.LEAD: _(
        "manages people and the organisation's details, approves the policy and decides on channels"
    ),
    Membership.Role.EDITOR: _(
        "writes the policy and imports or exports the channel register; otherwise as staff"
    ),
    Membership.Role.STAFF: _(
        "reads the policy, answers the maturity self-assessment, requests channels and takes the training"
    ),
}


def role_choices() -> list[tuple[str, str]]:
    from django.utils.text import format_lazy

    return [
        (value, format_lazy("{}: {}", label, ROLE_EXPLANATIONS[value]))
        for value, label in Membership.Role.choices
    ]


class RoleField(forms.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Role"))
        kwargs.setdefault("initial", Membership.Role.STAFF)
        kwargs.setdefault("widget", forms.RadioSelect)
        super().__init__(choices=role_choices, **kwargs)


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("User name or e-mail"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def confirm_login_allowed(self, user):
        # Told only to someone who typed the right password: the organisation is disabled,
        # or signs its members in only through its own provider.
        super().confirm_login_allowed(user)
        from .access import disabled_membership
        from .services import password_sign_in_refused

        sso_only = password_sign_in_refused(user)
        if sso_only is not None:
            raise forms.ValidationError(
                _(
                    "%(organisation)s signs you in with your organisation's account: use “Sign in with your organisation's account” below."
                )
                % {"organisation": sso_only.name()},
                code="single_sign_on_only",
            )

        refused = disabled_membership(user)
        if refused is not None:
            organisation = refused.organisation
            message = _("%(organisation)s is disabled on this installation.") % {
                "organisation": organisation.name()
            }
            if organisation.disabled_reason:
                message = f"{message} {organisation.disabled_reason}"
            raise forms.ValidationError(message, code="organisation_disabled")


# Names an organisation cannot give a member: they look like the system's own.
RESERVED_USERNAMES = frozenset(
    """
    admin administrator root system support helpdesk security govsocial postmaster webmaster noreply
    no-reply info test demo anonymous nobody beheer beheerder
    """.split()
)


class NewUsernameMixin:
    def clean_username(self):
        # User names are one namespace for every organisation (a person signs in
        # with just the name), so any refusal tells that a name is unavailable.
        # It tells no more: the same words for a name used here, one used in
        # another organisation and a reserved one nobody has, never "taken",
        # never where or whose. Accepting the name silently instead would leave
        # the lead with a person who cannot sign in.
        username = self.cleaned_data["username"]
        if (
            username.lower() in RESERVED_USERNAMES
            or Person.objects.filter(username__iexact=username).exists()
        ):
            raise forms.ValidationError(
                _("This user name cannot be used. Choose another one, for example with initials.")
            )
        return username


def username_field() -> forms.RegexField:
    return forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Letters, digits and @ . + - _ only."),
    )


class MemberForm(NewUsernameMixin, forms.Form):
    username = username_field()
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    role = RoleField()

    def clean_email(self):
        from .services import email_in_use

        email = self.cleaned_data["email"]
        if email and email_in_use(email):
            raise forms.ValidationError(
                _("This e-mail address cannot be used here; invite the person by e-mail instead.")
            )
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = RoleField()
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, organisation: Organisation | None = None, **kwargs):
        super().__init__(*args, prefix="invite", **kwargs)
        if organisation is not None:
            self.fields["language"].initial = organisation.default_language


def member_labels(people) -> dict[int, str]:
    """Each person by name; the user name only where two people share a name."""
    names = {person.pk: person.display_name() for person in people}
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name] = counts.get(name, 0) + 1
    return {
        person.pk: names[person.pk]
        if counts[names[person.pk]] == 1 or names[person.pk] == person.username
        else f"{names[person.pk]} ({person.username})"
        for person in people
    }


class MemberChoiceField(forms.ModelChoiceField):
    """Members by name, each once; the user name only tells apart two with the same name."""

    def label_from_instance(self, obj):
        if getattr(self, "_labels", None) is None:
            self._labels = member_labels(list(self.queryset))
        return self._labels.get(obj.pk) or obj.display_name()

    def _set_queryset(self, queryset):
        self._labels = None
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)


class RemoveForm(forms.Form):
    successor = MemberChoiceField(
        label=_("Who takes over"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Choose a member"),
    )

    def __init__(self, *args, successors=None, needs_successor: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["successor"]
        field.queryset = Person.objects.filter(
            pk__in=[m.person_id for m in successors or []]
        ).order_by("username")
        field.required = needs_successor


class AcceptInvitationForm(NewUsernameMixin, SetPasswordMixin, forms.Form):
    username = username_field()
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("Password"), label2=_("Password again")
    )

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        self.validate_passwords()
        data = self.cleaned_data
        person = Person(
            username=data.get("username", ""),
            email=self.email,
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
        )
        self.validate_password_for_user(person)
        return data


class PersonalPasswordResetForm(PasswordResetForm):
    """Django's reset form, the e-mail in the recipient's own language."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        user = context.get("user")
        language = getattr(user, "language", "") or translation.get_language() or "en"
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name_en",
            "name_nl",
            "kind",
            "country",
            "size_band",
            "default_language",
            "audience",
        ]


# -- the installation's host -----------------------------------------------------


class NewOrganisationForm(forms.ModelForm):
    first_lead = forms.EmailField(
        label=_("E-mail address of the first communications lead"),
        required=False,
        help_text=_("They receive an invitation in the organisation's language."),
    )

    class Meta:
        model = Organisation
        fields = ["slug", *OrganisationForm.Meta.fields]
        help_texts = {"slug": _("Letters, digits, - and _; part of no address, but of commands.")}

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Organisation.objects.filter(slug__iexact=slug).exists():
            raise forms.ValidationError(_("There is already an organisation with this short name."))
        return slug


class LeadInvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="invite", **kwargs)


class DisableForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, shown to its members when they sign in"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeleteOrganisationForm(forms.Form):
    confirm = forms.CharField(label=_("Type the organisation's short name to confirm"))

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip() != self.organisation.slug:
            raise forms.ValidationError(_("This is not the organisation's short name."))
        return self.cleaned_data["confirm"]


# -- single sign-on and two-factor sign-in ------------------------------------------


class SingleSignOnStartForm(forms.Form):
    organisation = forms.SlugField(
        label=_("Your organisation's short name"),
        max_length=50,
        help_text=_("Your communications lead can tell you, or give you a direct link."),
    )


class SingleSignOnForm(forms.ModelForm):
    issuer = forms.URLField(
        label=_("Issuer"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "For example https://login.microsoftonline.com/<tenant id>/v2.0 or https://sso.example.org/realms/<realm>. GovSocial reads the rest from its /.well-known/openid-configuration."
        ),
    )
    client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
    )

    class Meta:
        model = SingleSignOn
        fields = [
            "enabled",
            "issuer",
            "client_id",
            "client_secret",
            "email_claim",
            "role_claim",
            "lead_values",
            "editor_values",
            "trusted_for_two_factor",
            "sso_only",
        ]
        widgets = {
            "lead_values": forms.Textarea(attrs={"rows": 3}),
            "editor_values": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "email_claim": _(
                "Usually email; for Microsoft Entra ID without the optional claim, preferred_username."
            ),
            "role_claim": _("For example groups or roles. Empty: everyone joins as staff."),
            "lead_values": _(
                "One group id or role per line. Roles are given at a person's first sign-in; after that you change them on the People page."
            ),
            "editor_values": _("One group id or role per line."),
            "trusted_for_two_factor": _(
                "Switch on only if your provider itself asks for a second factor (for example Entra ID with multi-factor authentication). Otherwise GovSocial asks for its own code after single sign-on."
            ),
            "sso_only": _(
                "Members of this organisation can then no longer sign in with a password. You can switch this on once you have signed in with single sign-on yourself."
            ),
        }

    def __init__(self, *args, may_require_sso: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_require_sso = may_require_sso
        self.fields["email_claim"].initial = "email"
        self.fields["role_claim"].initial = "groups"
        stored = bool(self.instance.pk and self.instance.client_secret_encrypted)
        self.fields["client_secret"].help_text = (
            _(
                "A secret is stored (encrypted). It is never shown; type a new one only to replace it."
            )
            if stored
            else _("Stored encrypted and never shown again.")
        )

    def clean_client_secret(self):
        secret = self.cleaned_data["client_secret"]
        if not secret and not (self.instance.pk and self.instance.client_secret_encrypted):
            raise forms.ValidationError(_("Enter the client secret."))
        return secret

    def clean_sso_only(self):
        wanted = self.cleaned_data["sso_only"]
        already = bool(self.instance.pk and self.instance.sso_only)
        if wanted and not already and not self.may_require_sso:
            raise forms.ValidationError(
                _(
                    "Sign in with single sign-on yourself first, so that you know it works for your members."
                )
            )
        return wanted


class TwoFactorRequiredForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["two_factor_required"]
        help_texts = {
            "two_factor_required": _(
                "They set up an authenticator app at their next sign-in. The installation's host too, when a member here."
            ),
        }


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class AuditFilterForm(forms.Form):
    """Narrows the audit trail; a GET form, so the address can be shared and bookmarked."""

    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind of change"), required=False)
    since = forms.DateField(
        label=pgettext_lazy("audit period", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=pgettext_lazy("audit period", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, people=(), kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        everyone = [("", _("Everyone"))]
        labels = member_labels(people)
        self.fields["person"].choices = everyone + [(p.pk, labels[p.pk]) for p in people]
        self.fields["kind"].choices = [("", _("Every kind"))] + list(kinds)

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date must be on or after the start date."))
        return data

    def filters(self) -> dict:
        """The chosen filters, ready for services.audit_trail.events."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "person": self.people.get(data.get("person")),
            "kind": data.get("kind") or "",
            "since": data.get("since"),
            "until": data.get("until"),
        }

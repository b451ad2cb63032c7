from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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


# Names an organisation cannot give a member: they look like the system's own.
RESERVED_USERNAMES = frozenset(
    """
    admin administrator root system support helpdesk security govsocial postmaster webmaster noreply
    no-reply info test demo anonymous nobody beheer beheerder
    """.split()
)


class MemberForm(forms.Form):
    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Letters, digits and @ . + - _ only."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[])

    def __init__(self, *args, **kwargs):
        from .models import Membership

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Membership.Role.choices

    def clean_username(self):
        from .models import Person

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


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[])

    def __init__(self, *args, **kwargs):
        from .models import Membership

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Membership.Role.choices


class OrganisationForm(forms.ModelForm):
    class Meta:
        from .models import Organisation

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

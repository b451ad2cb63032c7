from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govsocial.core.dates import add_months
from govsocial.core.forms import MemberChoiceField

from . import services, spreadsheet
from .models import Channel

DESCRIPTION_FIELDS = [
    "name",
    "platform",
    "handle",
    "url",
    "owning_team",
    "purpose",
    "objectives",
    "audience",
    "staffed_hours",
    "hours_on_profile",
]
CASE_FIELDS = ["why_not_corporate", "hours_per_week", "posters", "content_plan", "success_measures"]
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class ChannelForm(forms.ModelForm):
    """The request form (with the business case) and, for an existing channel, the edit form."""

    url = forms.URLField(
        required=False,
        max_length=500,
        assume_scheme="https",
        label=_("Web address"),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    owner = MemberChoiceField(queryset=None, required=False, label=_("Primary owner"))
    cover = MemberChoiceField(queryset=None, required=False, label=_("Cover person"))
    hours_per_week = forms.IntegerField(
        required=False, min_value=0, max_value=168, label=_("Hours per week")
    )

    class Meta:
        model = Channel
        fields = DESCRIPTION_FIELDS + ["owner", "cover"] + CASE_FIELDS
        widgets = {
            "purpose": TEXTAREA,
            "objectives": TEXTAREA,
            "audience": TEXTAREA,
            "why_not_corporate": TEXTAREA,
            "posters": TEXTAREA,
            "content_plan": TEXTAREA,
            "success_measures": TEXTAREA,
        }
        help_texts = {
            "handle": _("The account name on the platform, e.g. @examplecouncil."),
            "staffed_hours": _(
                "When someone reads and answers messages, e.g. Mon–Fri 08:30–17:00."
            ),
            "why_not_corporate": _(
                "What this account can do that the organisation's main account cannot."
            ),
            "hours_per_week": _("How many hours a week the team will spend on it."),
            "posters": _("The people or team who will write and answer."),
            "success_measures": _("How you will know after a year whether it works."),
        }

    def __init__(
        self,
        *args,
        organisation,
        can_change_owner=True,
        requesting=False,
        requester=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        people = services.members(organisation)
        # Requesting, "Me" stands for the requester: they are not listed a second time.
        owners = people.exclude(pk=requester.pk) if requesting and requester else people
        self.fields["owner"].queryset = owners
        self.fields["cover"].queryset = people
        self.fields["cover"].help_text = _("Who takes over when the owner is on leave or ill.")
        self.fields["platform"].choices = [("", _("Choose a platform"))] + list(
            Channel.Platform.choices
        )
        self.fields["owner"].empty_label = _("No one yet")
        self.fields["cover"].empty_label = _("No one yet")
        if requesting:
            self.fields["owner"].help_text = _("Keep “Me” if you will own it yourself.")
            self.fields["owner"].empty_label = _("Me")
            for name in ["purpose", "audience"] + CASE_FIELDS:
                self.fields[name].required = True
            # Say which fields may stay empty, so nobody learns it from an error message.
            for name, form_field in self.fields.items():
                if not form_field.required and name not in ("hours_on_profile", "owner"):
                    form_field.label = _("%(label)s (optional)") % {"label": form_field.label}
        if not can_change_owner:
            self.fields["owner"].disabled = True
            self.fields["owner"].help_text = _(
                "Only a communications lead can hand the channel to someone else."
            )

    def clean(self):
        cleaned = super().clean()
        owner, cover = cleaned.get("owner"), cleaned.get("cover")
        if owner and cover and owner.pk == cover.pk:
            self.add_error(
                "cover", _("The cover person must be someone other than the primary owner.")
            )
        return cleaned

    def validate_unique(self):
        # The instance has no organisation yet while requesting; check the handle ourselves.
        handle = self.cleaned_data.get("handle")
        platform = self.cleaned_data.get("platform")
        if handle and platform:
            clash = Channel.objects.filter(
                organisation=self.organisation, platform=platform, handle=handle
            )
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "handle", _("This handle is already in the register for this platform.")
                )


class CustodyForm(forms.Form):
    credentials_in_password_manager = forms.BooleanField(
        required=False,
        label=_(
            "The communications team holds the credentials in the organisation's password manager"
        ),
    )
    credentials_changed_on = forms.DateField(
        required=False,
        label=_("The password was last changed on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only the date. Never type a password into GovSocial."),
    )
    two_factor_enabled = forms.BooleanField(required=False, label=_("Two-factor sign-in is on"))
    recovery_address_owned_by_organisation = forms.BooleanField(
        required=False,
        label=_("The recovery e-mail address belongs to the organisation, not to a person"),
    )
    recovery_mailbox = forms.EmailField(
        required=False,
        label=_("Recovery mailbox (optional)"),
        help_text=_("A shared mailbox of the organisation, e.g. socialmedia@example.org."),
    )

    def clean_credentials_changed_on(self):
        value = self.cleaned_data.get("credentials_changed_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class TransitionForm(forms.Form):
    comment = forms.CharField(required=False, widget=TEXTAREA, max_length=2000)

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["comment"]
        field.required = action in services.COMMENT_REQUIRED
        field.label = {
            "close": _("Reason for closing"),
            "approve": _("Comment for the requester"),
            "reject": _("Comment for the requester"),
        }.get(action, _("Note (optional)"))
        if action == "close":
            field.help_text = _(
                "For example: the project has ended, or the audience is better served elsewhere."
            )


class ActivityForm(forms.Form):
    on = forms.DateField(
        label=_("Date of the latest post or reply"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_on(self):
        value = self.cleaned_data["on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class ReportForm(forms.Form):
    month = forms.ChoiceField(label=_("Month the report covers"))
    note = forms.CharField(
        required=False, widget=TEXTAREA, label=_("Note (optional)"), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_month = services.first_of_month(timezone.localdate())
        months = [add_months(this_month, -n) for n in range(0, 13)]
        self.fields["month"].choices = [(m.isoformat(), m.strftime("%Y-%m")) for m in months]
        self.fields["month"].initial = months[1].isoformat()

    def clean_month(self):
        return date.fromisoformat(self.cleaned_data["month"])


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 text, comma or semicolon separated, with the column names in the first row."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        # Refused on its size alone: the file is not read.
        upload = self.cleaned_data["file"]
        if upload.size > spreadsheet.max_import_bytes():
            raise forms.ValidationError(spreadsheet.too_large(upload.size).message)
        return upload


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[("", _("All statuses"))] + list(Channel.Status.choices),
    )
    platform = forms.ChoiceField(
        required=False,
        label=_("Platform"),
        choices=[("", _("All platforms"))] + list(Channel.Platform.choices),
    )

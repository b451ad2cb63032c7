from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from govsocial.core.i18n import current_language

from . import content, game
from .checker import platforms
from .drafts import MAX_ALT_TEXT_LENGTH, MAX_TEXT_LENGTH, DraftInput, DraftInvalid, draft_input
from .models import ElectionPeriod

KIND_CHOICES = [
    (
        "already_public",
        _("It shares information that is already public (a press release, a published decision)"),
    ),
    ("points_elsewhere", _("It only points to another resource (a link, a share)")),
    ("new_content", _("It gives new guidance or content, or expresses a view")),
    ("unsure", _("I am not sure")),
]


def platform_choices():
    language = current_language()
    return [("", _("Any platform"))] + [
        (key, p["name"].get(language)) for key, p in platforms().items()
    ]


class CheckForm(forms.Form):
    text = forms.CharField(
        label=_("Your draft post"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    platform = forms.ChoiceField(label=_("Platform"), required=False, choices=platform_choices)
    language = forms.ChoiceField(
        label=_("Language of the post"),
        required=False,
        choices=[("", _("Detect it for me")), ("en", _("English")), ("nl", _("Dutch"))],
    )
    kind = forms.ChoiceField(
        label=_("What does the post do?"),
        choices=KIND_CHOICES,
        initial="unsure",
        required=False,
        widget=forms.RadioSelect,
    )
    has_image = forms.BooleanField(label=_("The post has an image"), required=False)
    alt_text = forms.CharField(
        label=_("Alt text of the image"),
        required=False,
        max_length=MAX_ALT_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Describe the image for people who cannot see it."),
    )

    draft: DraftInput | None = None

    def clean(self):
        data = super().clean()
        if (
            not self.errors
        ):  # the shared rules of a draft, as the JSON API and the command apply them
            try:
                self.draft = draft_input(data)
            except DraftInvalid as error:
                self.add_error(error.field if error.field in self.fields else None, error.message())
        return data


class ElectionPeriodForm(forms.ModelForm):
    class Meta:
        model = ElectionPeriod
        fields = ["name", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"name": _("For example: municipal elections 2026")}

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date must be on or after the start date."))
        return data


class QuizForm(forms.Form):
    scenarios = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.fields["scenarios"].initial = ",".join(
            q.id for q in self.questions if not q.from_policy
        )
        for number, question in enumerate(self.questions, start=1):
            self.fields[f"q_{question.id}"] = forms.ChoiceField(
                label=_("%(number)s. %(prompt)s") % {"number": number, "prompt": question.prompt},
                choices=question.options,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )

    def chosen(self) -> dict[str, str]:
        return {q.id: self.cleaned_data.get(f"q_{q.id}", "") for q in self.questions}


class GameSessionForm(forms.Form):
    name = forms.CharField(label=_("Name of the session"), max_length=120)
    language = forms.ChoiceField(label=_("Language of the cards"), choices=settings.LANGUAGES)

    def __init__(self, *args, language="en", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language
        for role in game.localised_roles(language):
            self.fields[f"player_{role['id']}"] = forms.CharField(
                label=_("Player for %(role)s") % {"role": role["name"]},
                required=False,
                max_length=80,
            )

    def players(self) -> dict[str, str]:
        return {
            role: self.cleaned_data.get(f"player_{role}", "").strip() for role in content.ROLE_IDS
        }


class DealForm(forms.Form):
    challenge = forms.ChoiceField(label=_("Challenge card"), required=False)

    def __init__(self, *args, language="en", played=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenge"].choices = [("", _("Deal a card at random"))] + [
            (c["id"], c["title"].get(language)) for c in game.challenges() if c["id"] not in played
        ]


class ChoicesForm(forms.Form):
    def __init__(self, *args, card=None, language="en", **kwargs):
        super().__init__(*args, **kwargs)
        options = [
            (o["key"], f"{o['key'].upper()}. {o['text'].get(language)}") for o in card["options"]
        ]
        for role in game.localised_roles(language):
            self.fields[role["id"]] = forms.ChoiceField(
                label=_("Choice of %(role)s") % {"role": role["name"]},
                choices=options,
                widget=forms.RadioSelect,
                error_messages={"required": _("Record this role's choice.")},
            )

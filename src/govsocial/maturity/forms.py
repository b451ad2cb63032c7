from django import forms
from django.utils.translation import gettext_lazy as _

from . import services
from .content import Theme
from .scoring import DONT_KNOW


class ThemeForm(forms.Form):
    """One theme's questions: five levels of practice or "don't know" each."""

    def __init__(self, theme: Theme, language: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme = theme
        for question in theme.questions:
            choices = [(str(i), level.get(language)) for i, level in enumerate(question.levels, 1)]
            choices.append((DONT_KNOW, _("Don't know")))
            self.fields[question.id] = forms.ChoiceField(
                label=f"{question.number}. {question.text.get(language)}",
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict:
        out = {}
        for qid, value in self.cleaned_data.items():
            if value in ("", None):
                out[qid] = None
            else:
                out[qid] = value if value == DONT_KNOW else int(value)
        return out


class AnswersUploadForm(forms.Form):
    answers_file = forms.FileField(
        label=_("Answers file (YAML or JSON)"),
        help_text=_("A file you downloaded from this test earlier."),
    )

    def clean_answers_file(self):
        upload = self.cleaned_data["answers_file"]
        # By its size alone: a file over the limit is never read.
        if upload.size > services.MAX_ANSWERS_BYTES:
            raise forms.ValidationError(services.too_large())
        return upload


class BenchmarkImportForm(forms.Form):
    csv_file = forms.FileField(label=_("Benchmark file (CSV)"))
    label = forms.CharField(
        label=_("Label"), max_length=200, help_text=_("For example: National benchmark 2025")
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("Where the figures come from, e.g. the association that published them"),
    )

    def clean_csv_file(self):
        upload = self.cleaned_data["csv_file"]
        if upload.size > services.MAX_BENCHMARK_BYTES:
            raise forms.ValidationError(services.benchmark_too_large())
        return upload

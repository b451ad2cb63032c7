"""Forms built from questions.yaml: one form per interview page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from govsocial.core import concurrency

from . import services
from .content import Question

BOOL_CHOICES = [("yes", _("Yes")), ("no", _("No"))]


def _to_bool(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def field_for(question: Question, language: str) -> forms.Field:
    label = question.text[language]
    help_text = question.help[language] if question.help else ""
    attrs: dict[str, Any] = {}
    if question.type == "list":
        return forms.MultipleChoiceField(
            label=label,
            help_text=help_text,
            required=False,
            choices=[(c.value, c.label[language]) for c in question.choices],
            widget=forms.CheckboxSelectMultiple,
        )
    if question.type == "choice":
        return forms.ChoiceField(
            label=label,
            help_text=help_text,
            required=False,
            choices=[(c.value, c.label[language]) for c in question.choices],
            widget=forms.RadioSelect,
        )
    if question.type == "bool":
        return forms.TypedChoiceField(
            label=label,
            help_text=help_text,
            required=False,
            choices=BOOL_CHOICES,
            coerce=_to_bool,
            empty_value=None,
            widget=forms.RadioSelect,
        )
    if question.type == "int":
        attrs.update(
            {
                "min": question.min,
                "max": question.max,
                "inputmode": "numeric",
                "class": "gs-input-number",
            }
        )
        return forms.IntegerField(
            label=label, help_text=help_text, required=False, widget=forms.NumberInput(attrs=attrs)
        )
    if question.type == "duration":
        # A text field: "1 werkdag" and "4 hours" are typed as people say them.
        return forms.CharField(
            label=label,
            help_text=help_text,
            required=False,
            strip=True,
            widget=forms.TextInput(attrs={"maxlength": 40, "autocomplete": "off"}),
        )
    attrs["maxlength"] = question.max_length
    if question.max_length > 100:
        widget = forms.Textarea(attrs={**attrs, "rows": 3})
    else:
        widget = forms.TextInput(attrs={**attrs, "autocomplete": "off"})
    return forms.CharField(
        label=label, help_text=help_text, required=False, strip=True, widget=widget
    )


def initial_value(question: Question, value: Any, language: str = "en") -> Any:
    if question.type == "bool" and value is not None:
        return "yes" if value else "no"
    if question.type == "duration" and value is not None:
        return services.display_answer(question, value, language)  # "1 werkdag"
    return value


class PageForm(forms.Form):
    """The questions of one interview page; checked by the same rules as the YAML answers file."""

    def __init__(
        self,
        *args: Any,
        page_id: str,
        stored: dict[str, Any],
        language: str,
        questions: list[Question] | None = None,
        **kwargs: Any,
    ):
        on_page = services.load_content().page_questions(page_id)
        ids = {q.id for q in on_page}
        # A question that branches on this page stays (hidden by CSS until it applies);
        # one that branches on earlier answers or the organisation shows only when it applies.
        # `questions`: the same questions as another form (the other person's version of
        # the page, compared field by field when two people saved it).
        self.questions = (
            questions
            if questions is not None
            else [
                q
                for q in on_page
                if any(k in ids for k in q.show_if) or services.applies(q, stored)
            ]
        )
        self.stored = stored
        self.language = language
        initial = {
            q.id: initial_value(q, stored.get(q.id, q.default_for(language)), language)
            for q in self.questions
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for question in self.questions:
            self.fields[question.id] = field_for(question, language)

    def started_from(self) -> str:
        """The answers this page was opened with, in hidden inputs (see core.concurrency)."""
        return concurrency.started_from_inputs(self)

    def answers(self) -> dict[str, Any]:
        """The values given on this page, as answers (before the cross-question checks)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        values: dict[str, Any] = {}
        for question in self.questions:
            if question.id not in data:
                continue
            value = data[question.id]
            if question.type == "list":
                values[question.id] = list(value or [])
            elif value in ("", None):
                continue
            else:
                values[question.id] = value
        return values

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        values = self.answers()
        merged = {**self.stored, **values}
        for question in self.questions:  # an unanswered question no longer counts as answered
            if question.id not in values:
                merged.pop(question.id, None)
        skipped = {q.id for q in self.questions if not services.applies(q, merged)}
        for qid in skipped:
            # A question that branching hides on this page (for example the staffed hours
            # when the accounts are staffed around the clock) cannot be corrected by the
            # person filling in the form: its value is ignored, not reported as an error.
            invalid = qid in self._errors or (
                qid in values and services.check_answers({qid: values[qid]}, complete=False)[1]
            )
            if invalid:
                self._errors.pop(qid, None)
                cleaned.pop(qid, None)
                values.pop(qid, None)
        _checked, errors = services.check_answers(values, complete=False, known=merged)
        for error in errors:
            if error.question in self.fields:
                self.add_error(error.question, error.message)
        for question in self.questions:
            if question.id in self.errors or question.id in skipped:
                continue
            if question.id not in values:
                self.add_error(question.id, _("Please answer this question."))
        return cleaned

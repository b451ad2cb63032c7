"""Optimistic concurrency for edit forms: two people saving the same thing.

The record keeps a `revision` number, one higher on every save. The edit form
carries it in a hidden field (`track_revision`), and every field carries the
value the person started from (Django's hidden initial values). A save against
an older revision raises `StaleRevision` instead of overwriting; the view then
shows `core/_conflict.html` with a `Conflict`: what the other person changed
(field, their value, your value), and two buttons:

- keep theirs: nothing of this person's is saved (`keeps_theirs(request.POST)`);
- apply mine: the form is sent again against the current revision, with this
  person's changes on top of the other person's version (a field this person did
  not touch keeps the other person's value).

No JavaScript: the conflict page is one ordinary form of hidden inputs.

    form = MyForm(request.POST or None, instance=thing)
    track_revision(form, thing.revision)
    if request.method == "POST" and keeps_theirs(request.POST): ...  # redirect
    ...service raises StaleRevision(current)...
    conflict = form_conflict(form, MyForm(instance=current), current.revision)
    render(request, "app/conflict.html", {"conflict": conflict}, status=409)
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django import forms
from django.db import models
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import GovSocialError

REVISION = "revision"  # the hidden field's name
CHOICE = "conflict"  # the name of the conflict page's two buttons
KEEP_THEIRS, APPLY_MINE = "theirs", "mine"
UNKNOWN = -1  # a missing or garbled revision: never the current one, so always a conflict


class StaleRevision(GovSocialError):
    """Someone else saved since this person opened the form; `current` is what they saved."""

    def __init__(self, current: Any) -> None:
        super().__init__(_("Someone else has saved this in the meantime."))
        self.current = current
        self.conflict: Conflict | None = None  # for the view to fill in, see form_conflict


def check_revision(current: Any, revision: int) -> None:
    """Raise StaleRevision unless `revision` is the current one (lock the row first)."""
    if current.revision != revision:
        raise StaleRevision(current)


class RevisionField(forms.Field):
    """The revision the form was opened on; never a form error (tampering means a conflict)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("Version"))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int:
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            return UNKNOWN
        return number if number >= 0 else UNKNOWN


def track_revision(form: forms.BaseForm, revision: int) -> None:
    """Add the hidden revision, and let every field send back the value it was shown with."""
    for form_field in form.fields.values():
        form_field.show_hidden_initial = True
    form.fields[REVISION] = RevisionField(initial=revision)


def keeps_theirs(data: Any) -> bool:
    """Did the person choose “keep theirs” on the conflict page?"""
    return bool(data) and data.get(CHOICE) == KEEP_THEIRS


@dataclass(frozen=True)
class Difference:
    """One field the other person changed: both values as a person reads them."""

    name: str
    label: str
    theirs: str
    yours: str
    changed_by_you: bool  # False: you left it alone, so theirs stays even if you apply yours


@dataclass(frozen=True)
class Conflict:
    """What core/_conflict.html shows, and the hidden inputs that apply this person's changes."""

    differences: list[Difference]
    resubmit: list[tuple[str, str]] = field(default_factory=list)
    action: str = ""  # where the form goes; "" is the page itself


def display(form_field: forms.Field, value: Any) -> str:
    """A value as a person reads it, in the active language: choice labels, yes/no, dates."""
    if isinstance(form_field, forms.BooleanField):
        return _("yes") if value else _("no")
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(form_field, forms.ModelChoiceField):
        chosen = value
        if not isinstance(chosen, models.Model):
            chosen = form_field.queryset.filter(pk=value).first()
        return form_field.label_from_instance(chosen) if chosen is not None else str(value)
    if isinstance(form_field, forms.ChoiceField):
        values = value if isinstance(value, list | tuple) else [value]  # several ticked
        shown = [_choice_label(form_field, one) for one in values]
        return ", ".join(shown) if shown else "—"
    if isinstance(value, date | datetime):
        return formats.localize(value)
    return str(value)


def _choice_label(form_field: forms.ChoiceField, value: Any) -> str:
    coerce = getattr(form_field, "coerce", None)  # TypedChoiceField: "yes" is stored as True
    for key, label in form_field.choices:
        options = label if isinstance(label, list | tuple) else [(key, label)]  # groups
        for option, option_label in options:
            if str(option) == str(value) or (
                coerce is not None and _coerced(coerce, option) == value
            ):
                return str(option_label)
    return str(value)


def _coerced(coerce: Any, option: Any) -> Any:
    try:
        return coerce(option)
    except (TypeError, ValueError, forms.ValidationError):
        return object()  # equal to nothing


def started_from_inputs(form: forms.BaseForm) -> str:
    """The hidden “started from” inputs of the fields a template draws option by option
    (radio buttons, tick boxes), which `{{ field }}` would otherwise have added."""
    inputs = [
        str(bound.as_hidden(only_initial=True))
        for bound in form
        if bound.field.show_hidden_initial
        and bound.widget_type in ("radioselect", "checkboxselectmultiple")
    ]
    return mark_safe("".join(inputs))  # Django's own widget HTML, values escaped


def _posted(data: Any, name: str) -> list[str]:
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(name)]
    return [str(data[name])] if name in data else []


def _as_hidden(form_field: forms.Field, value: Any) -> str:
    """A value the way Django's hidden inputs carry it, so the field reads it back."""
    shown = form_field.hidden_widget().format_value(value)
    return "" if shown is None else str(shown)


def _theirs_changed(form_field: forms.Field, theirs: Any, started_from: Any) -> bool:
    enabled = copy.copy(form_field)
    enabled.disabled = False  # a field this person may not change can still have moved on
    return enabled.has_changed(theirs, started_from)


def form_conflict(
    yours: forms.BaseForm, theirs: forms.BaseForm, revision: int, action: str = ""
) -> Conflict:
    """The conflict between a valid, bound form that `track_revision` prepared and an
    unbound form of the same class on the stored version (`revision`)."""
    differences: list[Difference] = []
    resubmit: list[tuple[str, str]] = []
    changed_by_you = set(yours.changed_data)
    for name, form_field in yours.fields.items():
        mine = yours[name]
        if name == REVISION:
            resubmit.append((mine.html_name, str(revision)))
            continue
        stored = theirs[name].value()
        started_from = form_field.hidden_widget().value_from_datadict(
            yours.data, yours.files, mine.html_initial_name
        )
        if _theirs_changed(form_field, stored, started_from):
            differences.append(
                Difference(
                    name=name,
                    label=str(form_field.label),
                    theirs=display(form_field, stored),
                    yours=display(form_field, yours.cleaned_data.get(name)),
                    changed_by_you=name in changed_by_you,
                )
            )
        if form_field.disabled:
            continue  # not sent: Django uses the stored value
        if name in changed_by_you:
            resubmit += [(mine.html_name, value) for value in _posted(yours.data, mine.html_name)]
        else:
            resubmit.append((mine.html_name, _as_hidden(form_field, stored)))
        resubmit.append((mine.html_initial_name, _as_hidden(form_field, stored)))
    return Conflict(differences=differences, resubmit=resubmit, action=action)

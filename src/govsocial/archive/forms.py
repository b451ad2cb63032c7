from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from govsocial.channels import services as channels

from . import services
from .models import AuthorKind, Kind

ANY = [("", pgettext_lazy("archive filter", "Any"))]


def channel_field(organisation, required: bool = True, label=None) -> forms.TypedChoiceField:  # type: ignore[no-untyped-def]
    choices = [
        (c.id, f"{c.name} ({c.platform}, {c.handle})")
        for c in channels.channel_choices(organisation)
    ]
    return forms.TypedChoiceField(
        label=label or _("Channel"),
        choices=(choices if required else [*ANY, *choices]),
        coerce=int,
        required=required,
        empty_value=None,
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[*ANY, *Kind.choices], required=False)
    author_kind = forms.ChoiceField(
        label=_("Author"), choices=[*ANY, *AuthorKind.choices], required=False
    )
    language = forms.CharField(
        label=_("Language code"), max_length=8, required=False, help_text=_("for example nl or en")
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    deleted = forms.ChoiceField(
        label=_("Deleted on the platform"),
        required=False,
        choices=[*ANY, ("yes", _("Only deleted items")), ("no", _("No deleted items"))],
    )

    def __init__(self, *args, organisation=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["channel"] = channel_field(organisation, required=False)
        self.order_fields(["q", "channel"])

    def filters(self) -> services.Filters:
        data = self.cleaned_data
        deleted = {"yes": True, "no": False}.get(data.get("deleted") or "")
        return services.Filters(
            channel_id=data.get("channel"),
            kind=data.get("kind") or None,
            author_kind=data.get("author_kind") or None,
            language=(data.get("language") or "").strip().lower() or None,
            since=_moment(data.get("since")),
            until=_moment(data.get("until"), end=True),
            deleted=deleted,
        )


def _moment(day, end: bool = False) -> datetime | None:  # type: ignore[no-untyped-def]
    """The start of the day in UTC; for `until`, the start of the next (the day counts)."""
    if day is None:
        return None
    return datetime.combine(day + timedelta(days=1) if end else day, time.min, tzinfo=UTC)


class UploadForm(forms.Form):
    source = forms.ChoiceField(label=_("The export comes from"))
    export = forms.FileField(
        label=_("Export file"),
        help_text=_("The ZIP as the platform delivers it, or one JSON, JS, CSV or CAR file of it."),
    )
    mapping = forms.CharField(
        label=_("Column mapping (only for a CSV from a webcare tool)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One FIELD=COLUMN per line: conversation, time, direction, author, text, id. "
            "Leave empty to use the columns saved for the channel (on its archive page)."
        ),
    )

    def __init__(self, *args, organisation=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["channel"] = channel_field(organisation)
        self.fields["source"].choices = [
            (name, str(importer.label)) for name, importer in services.sources().items()
        ]
        self.order_fields(["channel", "source", "export", "mapping"])

    def clean_mapping(self) -> dict[str, str]:
        mapping = {}
        for line in (self.cleaned_data.get("mapping") or "").splitlines():
            if not line.strip():
                continue
            field, sep, column = line.partition("=")
            if not sep or not field.strip() or not column.strip():
                raise forms.ValidationError(
                    _("Write each mapping as FIELD=COLUMN, e.g. text=Message (not “%(pair)s”).")
                    % {"pair": line.strip()[:80]}
                )
            mapping[field.strip()] = column.strip()
        return mapping


class DisclosureForm(SearchForm):
    reference = forms.CharField(
        label=_("Reference of the request"), max_length=100, help_text=_("for example WOO-2026-014")
    )
    title = forms.CharField(label=_("What was asked"), max_length=300, required=False)
    package_language = forms.ChoiceField(
        label=_("Language of the package"), choices=settings.LANGUAGES
    )
    redact_public_authors = forms.BooleanField(
        label=_("Blank the names of members of the public"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["q"].help_text = _("Leave empty to take every item of a channel or period.")
        self.order_fields(["reference", "title", "q", "channel"])


class RedactionForm(forms.Form):
    passage = forms.CharField(
        label=_("Passage to blank"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Copy the words exactly. Leave empty to withhold the whole item."),
    )
    ground = forms.ChoiceField(label=_("Ground"))

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = services.ground_choices()


class ScheduleForm(forms.Form):
    basis = forms.CharField(
        label=_("Basis"),
        max_length=300,
        required=False,
        help_text=_("for example the selectielijst or retention schedule and its category"),
    )

    def __init__(self, *args, initial_years=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[f"years_{kind}"] = forms.IntegerField(
                label=format_lazy(_("{kind}: years"), kind=label),
                min_value=1,
                max_value=200,
                required=False,
                initial=(initial_years or {}).get(kind),
                help_text=_("Leave empty to keep permanently."),
            )
        self.order_fields([f"years_{k}" for k in Kind.values] + ["basis"])

    def years(self) -> dict[str, int | None]:
        return {k: self.cleaned_data.get(f"years_{k}") for k in Kind.values}


class HoldForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
    since = forms.DateField(
        label=_("Items from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Items until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, organisation=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["channel"] = channel_field(
            organisation, required=False, label=_("Channel (empty: all channels)")
        )
        self.order_fields(["reason", "channel", "since", "until"])


class DestroyForm(forms.Form):
    ground = forms.CharField(
        label=_("Ground"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The decision or schedule this destruction carries out."),
    )
    confirm = forms.BooleanField(
        label=_("I have checked the list: destroy these items for good."), required=True
    )


class SyncSettingsForm(forms.Form):
    """A channel's API sync settings; the token field is never filled in again."""

    source = forms.ChoiceField(label=_("Platform API"))
    base_url = forms.CharField(
        label=_("Server address"),
        max_length=300,
        required=False,
        help_text=_(
            "For Mastodon the instance, e.g. https://social.example.nl; "
            "leave empty for Bluesky, Facebook and Instagram."
        ),
    )
    account = forms.CharField(
        label=_("Account"),
        max_length=300,
        help_text=_(
            "The Mastodon or Bluesky handle, the Facebook page id or the Instagram account id."
        ),
    )
    token = forms.CharField(
        label=_("Access token"),
        required=False,
        max_length=2000,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    clear_token = forms.BooleanField(label=_("Remove the access token"), required=False)

    def __init__(self, *args, syncers=(), has_token=False, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(s.name, s.label) for s in syncers]
        self.fields["token"].help_text = (
            _("A token is set; leave this empty to keep it.")
            if has_token
            else _(
                "Needed for Facebook and Instagram, and for a Mastodon account's direct messages."
            )
        )
        if not has_token:
            del self.fields["clear_token"]


class SampleForm(forms.Form):
    sample = forms.FileField(
        label=_("A CSV export of the webcare tool"),
        help_text=_("Only its first line, with the column names, is read; the file is not kept."),
    )


MAPPING_LABELS = {
    "conversation": (_("Conversation id"), _("The column that groups the messages of one conversation.")),
    "time": (_("Date and time"), _("When the message was sent or received.")),
    "direction": (_("Direction"), _("In (from the public) or out (from the organisation).")),
    "author": (_("Author"), _("Optional: who wrote the message.")),
    "text": (_("Message text"), ""),
    "id": (_("Message id"), _("Optional: the tool's own id of each message.")),
}  # fmt: skip


class MappingForm(forms.Form):
    """A column picker per field, its choices the sample's header (kept in a hidden field)."""

    columns = forms.CharField(widget=forms.HiddenInput, max_length=80_000)

    def __init__(self, *args, columns=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if columns is None:
            columns = _columns(self.data.get("columns"))
        self.initial["columns"] = json.dumps(columns)
        choices = [("", _("— not in this file —")), *((c, c) for c in columns)]
        for field, (label, help_text) in MAPPING_LABELS.items():
            self.fields[field] = forms.ChoiceField(
                label=label,
                help_text=help_text,
                choices=choices,
                required=field in services.REQUIRED_COLUMNS,
            )

    def mapping(self) -> dict[str, str]:
        return {f: self.cleaned_data[f] for f in MAPPING_LABELS if self.cleaned_data.get(f)}


def _columns(value: str | None) -> list[str]:
    try:
        columns = json.loads(value or "[]")
    except ValueError:
        return []
    if not isinstance(columns, list):
        return []
    return [c[:200] for c in columns if isinstance(c, str) and c][:300]

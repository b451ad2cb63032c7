"""A channel's API sync: its settings (the token never shown again) and "sync now"."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from govsocial.core.access import member_required

from .. import services
from ..forms import SyncSettingsForm
from ..importers.errors import ArchiveError
from ..models import SyncSettings
from .common import can_write


@member_required()
def sync(request, channel_id):
    organisation = request.organisation
    ref = services.channel_ref(organisation, channel_id)  # 404 for another organisation's channel
    found = services.settings_for(organisation, channel_id)
    choices = services.sync_choices(organisation, channel_id) if ref.in_register else []
    initial = (
        {"source": found.source, "base_url": found.base_url, "account": found.account}
        if found
        else {}
    )
    data = (
        request.POST if request.method == "POST" and request.POST.get("action") == "save" else None
    )
    form = SyncSettingsForm(
        data, syncers=choices, has_token=bool(found and found.has_token), initial=initial
    )
    if request.method == "POST":
        if not can_write(request):
            raise PermissionDenied
        if request.POST.get("action") == "sync":
            try:
                services.request_sync(organisation, request.user, channel_id)
            except ArchiveError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request, _("The sync has been started; this page shows its outcome.")
                )
            return redirect("archive:sync", channel_id=channel_id)
        if form.is_valid():
            values = form.cleaned_data
            try:
                services.save_settings(
                    organisation, channel_id, source=values["source"], account=values["account"],
                    base_url=values["base_url"], token=values["token"],
                    clear_token=values.get("clear_token", False), by=request.user.get_username(),
                )  # fmt: skip
            except ArchiveError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The sync settings have been saved."))
                return redirect("archive:sync", channel_id=channel_id)
    busy = found is not None and found.status in (
        SyncSettings.Status.QUEUED,
        SyncSettings.Status.RUNNING,
    )
    not_kept, incomplete = [], ""
    if found is not None and isinstance(found.counts, dict) and found.counts.get("run_id"):
        not_kept = services.media_not_kept(organisation, found.counts["run_id"])
        if found.counts.get("complete") is False:
            incomplete = services.incomplete_sync_text()
    return render(
        request,
        "archive/sync.html",
        {"channel": ref, "settings": found, "form": form, "can_write": can_write(request),
         "busy": busy, "has_choices": bool(choices), "not_kept": not_kept,
         "incomplete": incomplete},
        status=400 if form.errors else 200,
    )  # fmt: skip

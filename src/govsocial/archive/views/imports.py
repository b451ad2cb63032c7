from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from govsocial.core.access import get_for_org, member_required

from .. import services
from ..forms import MAPPING_LABELS, MappingForm, SampleForm, UploadForm
from ..importers.errors import ArchiveError
from ..models import ImportJob
from .common import can_write


def large_upload(view):  # type: ignore[no-untyped-def]
    """The request size cap of this view is GOVSOCIAL_MAX_ARCHIVE_BYTES (core's middleware reads it)."""
    view.request_bytes_setting = "GOVSOCIAL_MAX_ARCHIVE_BYTES"
    return view


@large_upload
@csrf_exempt
@member_required()
def upload(request):
    if not can_write(request):
        raise PermissionDenied
    # Stream the file to the data folder: the handler must be set before the
    # CSRF check reads the body, hence csrf_exempt outside, csrf_protect inside.
    handler = services.ArchiveUploadHandler(request)
    request.upload_handlers = [handler]
    return _upload(request, handler)


@csrf_protect
def _upload(request, handler):  # type: ignore[no-untyped-def]
    organisation = request.organisation
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        organisation=organisation,
        initial={"channel": request.GET.get("channel")},
    )
    keep = ""
    try:
        if request.method == "POST":
            if handler.too_large:
                form.add_error(
                    "export",
                    _("The file is larger than the archive accepts (%(limit)s).")
                    % {"limit": filesizeformat(services.max_archive_bytes())},
                )
            elif form.is_valid():
                data = form.cleaned_data
                try:
                    job = services.start_import(
                        organisation, request.user, data["channel"], data["source"],
                        data["export"], mapping=data["mapping"],
                    )  # fmt: skip
                except ArchiveError as error:
                    form.add_error(None, error.message)
                else:
                    keep = job.path
                    messages.success(request, _("The export is being imported."))
                    return redirect("archive:job", pk=job.pk)
    finally:
        handler.remove_except(keep)
    return render(
        request,
        "archive/upload.html",
        {"form": form, "limit": services.max_archive_bytes()},
        status=400 if form.errors else 200,
    )


@member_required()
def job(request, pk):
    found = get_for_org(ImportJob, request.organisation, pk=pk)
    done, total = services.progress(found)
    percent = min(100, int(done * 100 / total)) if total else 0
    context = {
        "job": found,
        "done": done,
        "total": total,
        "percent": percent,
        "finished": found.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED),
        "channel": services.channel_ref(request.organisation, found.channel_id),
    }
    if request.htmx:
        return render(request, "archive/_job_progress.html", context)
    return render(request, "archive/job.html", context)


@member_required()
def verify(request):
    organisation = request.organisation
    if request.method == "POST":
        if not can_write(request):
            raise PermissionDenied
        services.request_check(organisation, request.user)
        messages.success(request, _("The check has been started; this page shows its outcome."))
        return redirect("archive:verify")
    done, waiting = services.last_checks(organisation)
    return render(
        request,
        "archive/verify.html",
        {"check": done, "waiting": waiting, "can_write": can_write(request)},
    )


@member_required()
def mapping(request, channel_id):
    """The CSV column mapping of a channel: read a sample's header, pick a column per field."""
    organisation = request.organisation
    channel = services.channel_ref(organisation, channel_id)
    if not channel.in_register:
        raise Http404
    saved = services.saved_mapping(organisation, channel_id)
    sample = SampleForm()
    columns = list(dict.fromkeys(saved.values()))
    form = MappingForm(columns=columns, initial=saved) if columns else None
    if request.method == "POST":
        if not can_write(request):
            raise PermissionDenied
        if request.POST.get("action") == "read":
            sample, form = _read_sample(request, saved)
        else:
            form = MappingForm(request.POST)
            if form.is_valid():
                try:
                    services.save_mapping(
                        organisation, channel_id, form.mapping(), by=request.user.get_username()
                    )
                except ArchiveError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(request, _("The column mapping has been saved."))
                    return redirect(f"{reverse('archive:upload')}?channel={channel_id}")
    return render(
        request,
        "archive/mapping.html",
        {"channel": channel, "sample": sample, "form": form, "can_write": can_write(request),
         "saved": [(MAPPING_LABELS[f][0], c) for f, c in saved.items() if f in MAPPING_LABELS]},
        status=400 if (form and form.errors) or sample.errors else 200,
    )  # fmt: skip


def _read_sample(request, saved):  # type: ignore[no-untyped-def]
    sample = SampleForm(request.POST, request.FILES)
    if not sample.is_valid():
        return sample, None
    upload = sample.cleaned_data["sample"]
    try:
        columns = services.columns_in(upload.read(services.HEAD_BYTES), upload.name)
    except ArchiveError as error:
        sample.add_error("sample", error.message)
        return sample, None
    initial = {f: c for f, c in saved.items() if c in columns}
    return SampleForm(), MappingForm(columns=columns, initial=initial)

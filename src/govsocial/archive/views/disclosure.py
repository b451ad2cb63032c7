from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from govsocial.core.access import get_for_org, member_required, scoped

from .. import services
from ..forms import DisclosureForm, RedactionForm
from ..models import Disclosure, Redaction
from .common import WRITERS, page_number

PAGE = 100


@member_required(*WRITERS)
def disclosures(request):
    organisation = request.organisation
    form = DisclosureForm(
        request.POST or None,
        organisation=organisation,
        initial={"package_language": request.LANGUAGE_CODE[:2]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            disclosure = services.create_disclosure(
                organisation, request.user, reference=data["reference"], title=data["title"],
                query=data["q"], filters=form.filters(), language=data["package_language"],
                redact_public_authors=data["redact_public_authors"],
            )  # fmt: skip
        except services.ArchiveError as error:
            form.add_error(None, error.message)
        else:
            return redirect("archive:disclosure", pk=disclosure.pk)
    packages = scoped(Disclosure, organisation).order_by("-created_at", "-pk")[:50]
    return render(request, "archive/disclosures.html", {"form": form, "packages": packages})


@member_required(*WRITERS)
def disclosure(request, pk):
    found = get_for_org(Disclosure, request.organisation, pk=pk)
    page = page_number(request)
    total = found.entries.count()
    chunk = services.entries(found)[(page - 1) * PAGE : page * PAGE]
    rows = [services.shown(found, entry) for entry in chunk]
    media = services.package_media(request.organisation, rows)
    return render(
        request,
        "archive/disclosure.html",
        {
            "disclosure": found,
            "rows": [(row, media.get(row.item.pk)) for row in rows],
            "total": total,
            "page": page,
            "has_next": page * PAGE < total,
        },
    )


@member_required(*WRITERS)
def disclosure_entry(request, pk, entry):
    found = get_for_org(Disclosure, request.organisation, pk=pk)
    one = get_object_or_404(services.entries(found), pk=entry)
    if request.method == "POST" and "release_media" in request.POST:
        release = request.POST["release_media"] == "1"
        services.set_media_release(one, release)
        messages.success(
            request,
            _("The photos and videos of this item will be in the package.")
            if release
            else _("The photos and videos of this item are withheld."),
        )
        return redirect("archive:disclosure_entry", pk=found.pk, entry=one.pk)
    form = RedactionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_redaction(
                one, request.user, form.cleaned_data["ground"], form.cleaned_data["passage"]
            )
        except services.ArchiveError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The redaction has been recorded."))
            return redirect("archive:disclosure_entry", pk=found.pk, entry=one.pk)
    shown = services.shown(found, one)
    return render(
        request,
        "archive/disclosure_entry.html",
        {
            "disclosure": found,
            "entry": one,
            "shown": shown,
            "media": services.package_media(request.organisation, [shown]).get(one.item_id),
            "form": form,
            "redactions": [
                (r, services.GROUNDS[r.ground].label if r.ground in services.GROUNDS else r.ground)
                for r in one.redactions.all()
            ],
        },
    )


@member_required(*WRITERS)
def redaction_remove(request, pk, redaction):
    found = get_for_org(Disclosure, request.organisation, pk=pk)
    target = get_object_or_404(Redaction, pk=redaction, entry__disclosure=found)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    entry = target.entry_id
    target.delete()
    messages.success(request, _("The redaction has been removed."))
    return redirect("archive:disclosure_entry", pk=found.pk, entry=entry)


@member_required(*WRITERS)
def disclosure_download(request, pk):
    found = get_for_org(Disclosure, request.organisation, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    folder = Path(settings.DATA_DIR) / "archive-exports"
    folder.mkdir(mode=0o700, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=folder, suffix=".zip", delete=False)  # noqa: SIM115
    handle.close()
    path = Path(handle.name)
    try:
        services.write_package(found, path, person=request.user)
    except services.ArchiveError as error:  # e.g. a media file no longer matches its SHA-256
        path.unlink(missing_ok=True)
        messages.error(request, error.message)
        return redirect("archive:disclosure", pk=found.pk)
    stream = path.open("rb")
    path.unlink()  # the open handle keeps the bytes until the response is sent
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in found.reference) or "package"
    return FileResponse(stream, as_attachment=True, filename=f"{safe}.zip")

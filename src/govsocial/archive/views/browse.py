from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.http import FileResponse, Http404
from django.shortcuts import render

from govsocial.core.access import LEAD, get_for_org, member_required

from .. import services
from ..forms import SearchForm
from ..models import ImportJob, ItemVersion, MediaFile
from .common import can_write, page_number, role

SEARCH_PAGE = 25


@member_required()
def index(request):
    organisation = request.organisation
    done, waiting = services.last_checks(organisation)
    jobs = ImportJob.objects.filter(organisation=organisation).order_by("-created_at", "-pk")[:5]
    statuses = services.status(organisation)
    facts = services.completeness(organisation, statuses)
    return render(
        request,
        "archive/index.html",
        {
            "statuses": [(s, facts["channels"][s.channel_id]) for s in statuses],
            "facts": facts,
            "check": done,
            "check_waiting": waiting,
            "jobs": jobs,
            "can_write": can_write(request),
            "is_lead": role(request) == LEAD,
            "search_form": SearchForm(organisation=organisation),
        },
    )


@member_required()
def channel(request, channel_id):
    organisation = request.organisation
    ref = services.channel_ref(organisation, channel_id)
    page = services.timeline(organisation, channel_id, page_number(request))
    statuses = services.status(organisation)
    state = next((s for s in statuses if s.channel_id == channel_id), None)
    facts = services.completeness(organisation, statuses)["channels"].get(channel_id)
    schedule = services.schedules(organisation).get(channel_id)
    holds = [
        (hold, ref.name if hold.channel_id else None)
        for hold in services.active_holds(organisation)
        if hold.channel_id in (None, channel_id)
    ]
    return render(
        request,
        "archive/channel.html",
        {
            "channel": ref,
            "timeline": page,
            "state": state,
            "facts": facts,
            "can_write": can_write(request),
            "schedule": schedule,
            "schedule_labels": services.schedule_labels(schedule) if schedule else [],
            "holds": holds,
            "is_lead": role(request) == LEAD,
        },
    )


@member_required()
def item(request, pk):
    organisation = request.organisation
    found, versions = services.item_detail(organisation, pk)
    content = [
        v
        for v in versions
        if v.version.event in (ItemVersion.Event.CAPTURED, ItemVersion.Event.EDITED)
    ]
    media = services.media_listed(organisation, found.pk)
    return render(
        request,
        "archive/item.html",
        {
            "item": found,
            "channel": services.channel_ref(organisation, found.channel_id),
            "versions": versions,
            "content_versions": content,
            "media": media,
        },
    )


def _download_name(found: MediaFile) -> str:
    """The file's name in the export, or in its address on the platform (a media id for
    Graph files; Bluesky's `…@jpeg` as `….jpeg`), with the extension it is kept under
    when the name has none."""
    origin = urlsplit(found.origin).path if "://" in found.origin else found.origin
    name = PurePosixPath(origin).name.replace(":", "-").replace("@", ".") or "media"
    suffix = PurePosixPath(found.storage_name).suffix
    return name if PurePosixPath(name).suffix else name + suffix


@member_required()
def media_file(request, pk, media):
    """One kept photo or video of an item, as a download: never opened as a page of this
    site (the item page's <img> of a photo only decodes it)."""
    found = get_for_org(MediaFile, request.organisation, pk=media, item_id=pk)
    if not found.storage_name:
        raise Http404
    response = FileResponse(
        services.media_storage().open(found.storage_name, "rb"),
        as_attachment=True,
        filename=_download_name(found),
        content_type=found.content_type,
    )
    response["Cache-Control"] = "no-store"
    return response


@member_required()
def search(request):
    organisation = request.organisation
    form = SearchForm(request.GET or None, organisation=organisation)
    results, has_next, page = [], False, page_number(request)
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        found = services.search(
            organisation,
            form.cleaned_data["q"],
            form.filters(),
            limit=SEARCH_PAGE + 1,
            offset=(page - 1) * SEARCH_PAGE,
        )
        results, has_next = found[:SEARCH_PAGE], len(found) > SEARCH_PAGE
    names = {c.channel_id: c.name for c in services.status(organisation)} if results else {}
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "archive/search.html",
        {
            "form": form,
            "results": [(r, names.get(r.channel_id, f"#{r.channel_id}")) for r in results],
            "searched": form.is_bound and form.is_valid() and bool(form.cleaned_data["q"].strip()),
            "page": page,
            "has_next": has_next,
            "query": query.urlencode(),
        },
    )

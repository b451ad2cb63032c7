from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from govsocial.core.access import LEAD, get_for_org, member_required

from .. import services
from ..forms import DestroyForm, HoldForm, ScheduleForm
from ..models import Destruction, Item, LegalHold
from .common import page_number


def _names(organisation) -> dict[int, str]:  # type: ignore[no-untyped-def]
    return {s.channel_id: s.name for s in services.status(organisation)}


def _holds(organisation, names):  # type: ignore[no-untyped-def]
    return [
        (hold, names.get(hold.channel_id) if hold.channel_id else None)
        for hold in services.active_holds(organisation).order_by("-placed_at")
    ]


@member_required(LEAD)
def retention(request):
    organisation = request.organisation
    form = HoldForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.place_hold(
                organisation, request.user, data["reason"], channel_id=data["channel"],
                since=data["since"], until=data["until"],
            )  # fmt: skip
        except services.ArchiveError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The legal hold is in place."))
            return redirect("archive:retention")
    schedules = services.schedules(organisation)
    names = _names(organisation)
    return render(
        request,
        "archive/retention.html",
        {
            "rows": [
                (
                    channel_id,
                    name,
                    schedules.get(channel_id),
                    services.schedule_labels(schedules[channel_id])
                    if channel_id in schedules
                    else [],
                )
                for channel_id, name in names.items()
            ],
            "holds": _holds(organisation, names),
            "names": names,
            "form": form,
            "policy_years": services.policy_years(organisation),
        },
    )


@member_required(LEAD)
def retention_channel(request, channel_id):
    organisation = request.organisation
    channel = services.channel_ref(organisation, channel_id)
    current = services.schedules(organisation).get(channel_id)
    suggestion = services.policy_years(organisation)
    years = current.years if current else dict.fromkeys(services.KINDS, suggestion)
    form = ScheduleForm(
        request.POST or None,
        initial_years=years,
        initial={"basis": current.basis if current else ""},
    )
    if request.method == "POST" and form.is_valid():
        services.set_schedule(
            organisation, request.user, channel_id, form.years(), form.cleaned_data["basis"]
        )
        messages.success(request, _("The retention schedule has been saved."))
        return redirect("archive:retention")
    return render(
        request,
        "archive/retention_channel.html",
        {"channel": channel, "form": form, "current": current, "suggestion": suggestion},
    )


@member_required(LEAD)
def hold_release(request, pk):
    hold = get_for_org(LegalHold, request.organisation, pk=pk, released_at__isnull=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.release_hold(hold, request.user)
    messages.success(request, _("The legal hold has been released."))
    return redirect("archive:retention")


@member_required(LEAD)
def destroy(request):
    organisation = request.organisation
    form = DestroyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = services.destroy(
            organisation, request.user, form.cleaned_data["ground"], by=request.user.get_username()
        )
        messages.success(
            request,
            _("%(count)s items destroyed; the destruction is recorded.")
            % {"count": sum(d.count for d in done)},
        )
        return redirect("archive:destroy")
    names = _names(organisation)
    plans = [(p, names.get(p.channel_id, f"#{p.channel_id}")) for p in services.plan(organisation)]
    return render(
        request,
        "archive/destroy.html",
        {
            "plans": plans,
            "total": sum(p.due for p, _name in plans),
            "form": form,
            "destructions": services.destructions(organisation)[:50],
            "names": names,
        },
    )


@member_required(LEAD)
def destruction(request, pk):
    found = get_for_org(Destruction, request.organisation, pk=pk)
    items = Item.objects.filter(organisation=request.organisation, destruction=found).order_by(
        "published_at", "pk"
    )
    page = Paginator(items, 100).get_page(page_number(request))
    return render(
        request,
        "archive/destruction.html",
        {
            "destruction": found,
            "page": page,
            "channel": _names(request.organisation).get(found.channel_id, f"#{found.channel_id}"),
        },
    )

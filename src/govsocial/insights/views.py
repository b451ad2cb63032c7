"""Thin views: read the month from the query, build the month's document, render."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import get_language

from govsocial.archive import services as archive
from govsocial.core.access import member_required
from govsocial.documents.model import Document
from govsocial.documents.render import render_html_fragment

from . import services
from .services import document as month_document


def _month(request):  # type: ignore[no-untyped-def]
    """The month asked for, or this month with the reason the asked one was refused."""
    asked = request.GET.get("month")
    if not asked:
        return services.this_month(services.zone_for(request.organisation.country)), ""
    try:
        return services.parse_month(asked), ""
    except services.InsightsError as exc:
        return services.this_month(services.zone_for(request.organisation.country)), str(exc)


def _context(request, month, problem, document, label):  # type: ignore[no-untyped-def]
    this = services.this_month(services.zone_for(request.organisation.country))
    return {
        "month": month,
        "month_label": label,
        "previous": month.previous(),
        "following": month.following() if month.slug < this.slug else None,
        "problem": problem,
        "fragment": render_html_fragment(document),
    }


@member_required()
def index(request):
    organisation = request.organisation
    month, problem = _month(request)
    found = services.organisation_month(organisation, month)
    document = Document(
        title="",
        language=get_language() or "en",
        sections=month_document.organisation_sections(found),
    )
    context = _context(request, month, problem, document, month_document.month_label(found))
    context["channels"] = found.channels
    return render(request, "insights/index.html", context)


@member_required()
def channel(request, channel_id):
    organisation = request.organisation
    ref = archive.channel_ref(organisation, channel_id)  # 404 for another organisation's
    month, problem = _month(request)
    found = services.organisation_month(organisation, month)
    part = found.channel(channel_id) or services.ChannelMonth(
        channel_id, ref.name, ref.platform, ref.handle, services.Measures(), services.Responses()
    )
    document = Document(
        title="",
        language=get_language() or "en",
        sections=month_document.channel_sections(found, part),
    )
    context = _context(request, month, problem, document, month_document.month_label(found))
    context["channel"] = ref
    return render(request, "insights/channel.html", context)

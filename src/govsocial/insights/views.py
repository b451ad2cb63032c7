"""Thin views: read the month from the query, build the month's document, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from govsocial.archive import services as archive
from govsocial.core.access import EDITOR, LEAD, member_required
from govsocial.documents.model import Document
from govsocial.documents.render import render_html_fragment

from . import services
from .models import SentimentLabel
from .services import document as month_document
from .services import methods as sentiment_methods
from .services import monthly

MAX_COMMENTS = 100


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
        sections=month_document.channel_sections(
            found, part, completeness=archive.completeness(organisation)["channels"].get(channel_id)
        ),
    )
    context = _context(request, month, problem, document, month_document.month_label(found))
    context["channel"] = ref
    context["platform_name"] = part.platform_name
    return render(request, "insights/channel.html", context)


@member_required()
def comments(request, channel_id):
    """The month's comments with their language and sentiment; leads and editors correct labels."""
    organisation = request.organisation
    ref = archive.channel_ref(organisation, channel_id)
    month, problem = _month(request)
    found = services.organisation_month(organisation, month)
    part = found.channel(channel_id)
    listed = sorted(part.mood.comments, key=lambda c: c.published_at, reverse=True) if part else []
    return render(
        request,
        "insights/comments.html",
        {
            "channel": ref,
            "month": month,
            "month_label": month_document.month_label(found),
            "previous": month.previous(),
            "following": None,
            "problem": problem,
            "comments": listed[:MAX_COMMENTS],
            "more": max(0, len(listed) - MAX_COMMENTS),
            "labels": SentimentLabel.choices,
            "can_correct": request.membership.role in (LEAD, EDITOR),
            "zone": found.zone,
            "method": sentiment_methods.describe(found.mood.methods),
            "method_problems": sentiment_methods.problems(found.mood.methods),
        },
    )


@member_required(LEAD, EDITOR)
def correct(request, channel_id, item_id):
    archive.channel_ref(request.organisation, channel_id)  # 404 before anything else
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    month = request.POST.get("month", "")
    try:
        services.correct_label(
            request.organisation, request.user, item_id, request.POST.get("label", "")
        )
        messages.success(request, _("The label has been corrected."))
    except services.InsightsError as exc:
        messages.error(request, str(exc))
    url = reverse("insights:comments", args=[channel_id])
    return redirect(f"{url}?month={month}" if month[:7].replace("-", "").isdigit() else url)


@member_required()
def reports(request):
    organisation = request.organisation
    return render(
        request,
        "insights/reports.html",
        {
            "reports": monthly.kept_reports(organisation),
            "report_day": monthly.report_day(organisation),
        },
    )


@member_required()
def report_file(request, report_id, language):
    found = monthly.kept_file(request.organisation, report_id, language)
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    name = f"{request.organisation.slug}-{found.report.month}-{found.language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

"""The organisation's audit trail: readable, filterable, and downloadable as CSV."""

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..access import LEAD, member_required
from ..files import download_name
from ..forms import AuditFilterForm
from ..services import audit_trail


def _filter_form(request) -> AuditFilterForm:
    return AuditFilterForm(
        request.GET or None,
        people=audit_trail.actors(request.organisation),
        kinds=audit_trail.kind_choices(),
    )


@member_required(LEAD)
def audit_trail_page(request):
    form = _filter_form(request)
    filters = form.filters()
    found = audit_trail.events(request.organisation, **filters)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "form": form, "query": query.urlencode()}
    return render(request, "core/audit.html", context)


@member_required(LEAD)
def audit_trail_export(request):
    form = _filter_form(request)
    filters = form.filters()
    found = audit_trail.events(request.organisation, **filters)
    audit_trail.record_export(request.organisation, request.user, found.count(), filters)
    response = StreamingHttpResponse(
        audit_trail.csv_lines(found.iterator(chunk_size=500)),
        content_type="text/csv; charset=utf-8",
    )
    day = timezone.localdate().isoformat()
    language = translation.get_language() or "en"
    filename = download_name(request.organisation, language, _("audit-trail"), day, extension="csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response

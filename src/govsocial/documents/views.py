from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govsocial.core.access import LEAD, member_required
from govsocial.core.i18n import current_language

from . import render as renderer
from . import services
from .forms import HouseTemplateForm
from .samples import sample_document


def _sample(request):
    language = current_language()
    return sample_document(language, request.organisation.name(language))


@member_required()
@require_GET
def index(request):
    document = _sample(request)
    return render(
        request,
        "documents/index.html",
        {
            "fragment": renderer.render_html_fragment(document),
            "formats": [
                ("pdf", "PDF"),
                ("docx", "Word (.docx)"),
                ("html", "HTML"),
                ("md", "Markdown"),
            ],
            "is_lead": request.membership.role == LEAD,
        },
    )


@member_required()
@require_GET
def sample(request, fmt):
    if fmt not in renderer.FORMATS:
        raise Http404("Unknown format")
    data = renderer.render(_sample(request), fmt, organisation=request.organisation)
    response = HttpResponse(data, content_type=renderer.content_type(fmt))
    filename = _("sample-document") + "." + renderer.extension(fmt)
    disposition = "inline" if fmt in {"pdf", "html"} else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@member_required(LEAD)
@require_http_methods(["GET", "POST"])
def house_template(request):
    form = HouseTemplateForm()
    status = 200
    if request.method == "POST":
        form = HouseTemplateForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                template = services.store_house_template(
                    request.organisation, request.user, form.cleaned_data["file"]
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(
                    request,
                    _("The house template %(name)s is in use for Word documents from now on.")
                    % {"name": template.filename},
                )
                return redirect("documents:house_template")
        status = 400
    current = services.house_template(request.organisation)
    missing = services.missing_styles(request.organisation) if current else []
    return render(
        request,
        "documents/house_template.html",
        {
            "form": form,
            "current": current,
            "missing_styles": missing,
            "styles_used": services.STYLES_USED,
        },
        status=status,
    )


@member_required(LEAD)
@require_POST
def house_template_remove(request):
    if services.remove_house_template(request.organisation, request.user):
        messages.success(
            request,
            _("The house template has been removed. Word documents use the standard layout again."),
        )
    return redirect("documents:house_template")


@member_required(LEAD)
@require_GET
def house_template_download(request):
    current = services.house_template(request.organisation)
    data = services.house_template_bytes(request.organisation)
    if current is None or data is None:
        raise Http404("No house template")
    services.record_template_download(request.organisation, request.user, current)
    response = HttpResponse(data, content_type=renderer.content_type("docx"))
    safe_name = (
        "".join(c for c in current.filename if c.isalnum() or c in "._- ") or "template.docx"
    )
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    return response

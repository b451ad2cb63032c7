"""The installation's host: organisations created, renamed, disabled and deleted.

Not Django's admin: a host (Person.is_host) is above every organisation and
sees their usage, never their content. Deleting shows first what goes with it.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import hooks, services
from ..access import host_required
from ..forms import (
    DeleteOrganisationForm,
    DisableForm,
    LeadInvitationForm,
    NewOrganisationForm,
    OrganisationForm,
)
from ..models import AuditEvent, Membership, Organisation
from .people import site_url


def _organisation(organisation_id: int) -> Organisation:
    return get_object_or_404(Organisation, pk=organisation_id)


@host_required
def host_organisations(request):
    organisations = Organisation.objects.annotate(members=Count("memberships")).order_by("slug")
    usage = hooks.organisation_usage(organisations)
    rows = [(organisation, usage[organisation.pk]) for organisation in organisations]
    return render(request, "core/host/organisations.html", {"rows": rows})


@host_required
def host_new(request):
    form = NewOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {k: data[k] for k in ("size_band", "audience")}
        try:
            organisation = services.create_organisation(
                data["slug"],
                data["name_en"],
                data["name_nl"],
                actor=request.user,
                language=data["default_language"],
                country=data["country"],
                kind=data["kind"],
                **fields,
            )
        except services.OrganisationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s is created.") % {"name": organisation.name()})
            if data["first_lead"]:
                _invite_lead(request, organisation, data["first_lead"])
            return redirect("core:host")
    return render(request, "core/host/new.html", {"form": form})


def _invite_lead(request, organisation, email) -> bool:
    try:
        services.invite(
            organisation,
            email,
            Membership.Role.LEAD,
            organisation.default_language,
            request.user,
            site_url(request),
        )
    except services.InvitationError as error:
        messages.error(request, str(error))
        return False
    messages.success(
        request,
        _("An invitation is on its way to %(email)s; the link works for %(days)s days.")
        % {"email": email, "days": services.INVITATION_DAYS},
    )
    return True


@host_required
def host_edit(request, organisation_id):
    organisation = _organisation(organisation_id)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.update_organisation(
            organisation, request.user, **{k: form.cleaned_data[k] for k in services.EDITABLE}
        )
        messages.success(request, _("The organisation's details are saved."))
        return redirect("core:host")
    invite_form = LeadInvitationForm()
    context = {"subject": organisation, "form": form, "invite_form": invite_form}
    return render(request, "core/host/edit.html", context)


@host_required
@require_POST
def host_invite(request, organisation_id):
    """The host invites a communications lead (for a new organisation, or a lost one)."""
    organisation = _organisation(organisation_id)
    form = LeadInvitationForm(request.POST)
    if form.is_valid():
        _invite_lead(request, organisation, form.cleaned_data["email"])
    else:
        messages.error(request, _("Give a valid e-mail address."))
    return redirect("core:host_edit", organisation.pk)


@host_required
def host_disable(request, organisation_id):
    organisation = _organisation(organisation_id)
    form = DisableForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.disable_organisation(organisation, form.cleaned_data["reason"], request.user)
        messages.success(
            request,
            _("%(name)s is disabled: its members cannot sign in.") % {"name": organisation.name()},
        )
        return redirect("core:host")
    return render(request, "core/host/disable.html", {"subject": organisation, "form": form})


@host_required
@require_POST
def host_enable(request, organisation_id):
    organisation = _organisation(organisation_id)
    services.enable_organisation(organisation, request.user)
    messages.success(
        request, _("%(name)s is enabled: its members can sign in.") % {"name": organisation.name()}
    )
    return redirect("core:host")


@host_required
def host_delete(request, organisation_id):
    organisation = _organisation(organisation_id)
    form = DeleteOrganisationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        name = organisation.name()
        services.delete_organisation(organisation, request.user)
        messages.success(request, _("%(name)s and all its data are deleted.") % {"name": name})
        return redirect("core:host")
    context = {
        "subject": organisation,
        "form": form,
        "preview": services.deletion_preview(organisation),
    }
    return render(request, "core/host/delete.html", context)


@host_required
def host_audit(request):
    events = AuditEvent.objects.filter(organisation__isnull=True).select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/host/audit.html", {"page": page})

"""The lead's People page: invite, add, change roles, unlock, remove, export."""

import json

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..access import LEAD, get_for_org, member_required, scoped
from ..forms import InviteForm, MemberForm, RemoveForm, RoleForm
from ..models import Membership


def site_url(request) -> str:
    """Where links in e-mails point: GOVSOCIAL_SITE_URL, else the address of this request."""
    return settings.GOVSOCIAL_SITE_URL or request.build_absolute_uri("/")


def _people_page(request, form=None, invite_form=None, status=200):
    members = list(
        scoped(Membership, request.organisation)
        .select_related("person")
        .order_by("person__username")
    )
    locked = services.locked_out_usernames([m.person.username for m in members])
    for member in members:
        member.locked_out = member.person.username in locked
    context = {
        "form": form or MemberForm(),
        "invite_form": invite_form or InviteForm(organisation=request.organisation),
        "members": members,
        "invitations": services.open_invitations(request.organisation),
    }
    return render(request, "core/people.html", context, status=status)


@member_required(LEAD)
def people(request):
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new_password = services.generate_password()
        data = form.cleaned_data
        services.add_member(
            request.organisation,
            data["username"],
            data["role"],
            password=new_password,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            language=request.organisation.default_language,
            actor=request.user,
        )
        messages.success(
            request,
            _(
                "%(user)s can now sign in with the password %(password)s — pass it on safely; it is shown only once."
            )
            % {"user": data["username"], "password": new_password},
        )
        return redirect("core:people")
    return _people_page(request, form=form if request.method == "POST" else None)


@member_required(LEAD)
def invite(request):
    if request.method != "POST":
        return redirect("core:people")
    form = InviteForm(request.POST, organisation=request.organisation)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.invite(
                request.organisation,
                data["email"],
                data["role"],
                data["language"],
                request.user,
                site_url(request),
            )
        except services.InvitationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _("An invitation is on its way to %(email)s; the link works for %(days)s days.")
                % {"email": data["email"], "days": services.INVITATION_DAYS},
            )
            return redirect("core:people")
    return _people_page(request, invite_form=form)


@member_required(LEAD)
@require_POST
def revoke_invitation(request, invitation_id):
    invitation = get_for_org(
        services.open_invitations(request.organisation), request.organisation, pk=invitation_id
    )
    services.revoke(invitation, request.user)
    messages.success(
        request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}
    )
    return redirect("core:people")


@member_required(LEAD)
@require_POST
def change_role(request, membership_id):
    membership = get_for_org(Membership, request.organisation, pk=membership_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.change_role(membership, form.cleaned_data["role"], request.user)
            messages.success(
                request,
                _("The role of %(user)s is changed.") % {"user": membership.person.username},
            )
        except services.LastLeadError:
            messages.error(request, _("An organisation needs at least one communications lead."))
    return redirect("core:people")


@member_required(LEAD)
@require_POST
def unlock(request, membership_id):
    membership = get_for_org(Membership, request.organisation, pk=membership_id)
    services.unlock_sign_in(membership, request.user)
    messages.success(
        request,
        _("%(user)s can sign in again.") % {"user": membership.person.username},
    )
    return redirect("core:people")


@member_required(LEAD)
def remove_member(request, membership_id):
    membership = get_for_org(
        Membership.objects.select_related("person"), request.organisation, pk=membership_id
    )
    holdings = services.holdings(membership)
    form = RemoveForm(
        request.POST if request.method == "POST" else None,
        successors=services.successors(membership),
        needs_successor=bool(holdings),
    )
    if request.method == "POST" and form.is_valid():
        name = membership.person.display_name()
        try:
            services.remove_member(membership, form.cleaned_data["successor"], request.user)
        except services.LastLeadError:
            form.add_error(None, _("An organisation needs at least one communications lead."))
        except services.RemovalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s is no longer a member.") % {"name": name})
            return redirect("core:people")
    context = {"member": membership, "holdings": holdings, "form": form}
    return render(request, "core/remove_member.html", context)


@member_required(LEAD)
def export_member(request, membership_id):
    membership = get_for_org(
        Membership.objects.select_related("person"), request.organisation, pk=membership_id
    )
    data = services.export_person(request.organisation, membership.person)
    services.record_event(
        request.organisation,
        request.user,
        "member.data_exported",
        membership,
        membership.person.username,
    )
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    filename = f"personal-data-{request.organisation.slug}-{membership.person.username}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

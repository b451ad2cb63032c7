"""Thin views for revising and publishing: the older draft's differences (keep or
discard), the confirmation before publishing, and sending a draft for adoption."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from govsocial.core import concurrency
from govsocial.core.access import EDITOR, LEAD, get_for_org, member_required
from govsocial.core.i18n import current_language

from . import services
from .models import PolicyVersion

EDIT_ROLES = (LEAD, EDITOR)


def _language(request) -> str:
    return current_language(getattr(request, "LANGUAGE_CODE", None))


def _site_url(request) -> str:
    """Where links in e-mails point: GOVSOCIAL_SITE_URL, else the address of this request."""
    return settings.GOVSOCIAL_SITE_URL or request.build_absolute_uri("/")


def _revision(request) -> int:
    value = request.POST.get(concurrency.REVISION, "")
    return int(value) if value.isdigit() and len(value) < 10 else concurrency.UNKNOWN


@member_required(*EDIT_ROLES)
@require_http_methods(["GET", "POST"])
def older_draft(request):
    """Answers that differ from the version in force: shown, then kept or discarded."""
    organisation = request.organisation
    if request.method == "POST":
        keep = request.POST.get("choice") == "keep"
        try:
            services.settle_older_draft(organisation, request.user, keep, _revision(request))
        except concurrency.StaleRevision:
            messages.error(
                request,
                _("Someone changed these answers while you were reading. Look at them again."),
            )
            return redirect("policies:older_draft")
        if keep:
            messages.success(request, _("You kept the draft answers. Continue where it was left."))
        else:
            messages.success(
                request, _("The draft is discarded. You start again from the published answers.")
            )
        return redirect(services.page_url(services.revision_page(organisation, request.user)))
    draft = services.older_draft(organisation, _language(request))
    if draft is None:
        return redirect("policies:interview")
    return render(request, "policies/older_draft.html", {"draft": draft})


def _lead_draft(request, pk: int) -> PolicyVersion:
    version = get_for_org(PolicyVersion, request.organisation, pk=pk)  # another org's id: 404
    if request.membership.role != LEAD:
        raise PermissionDenied
    return version


def _confirm_page(request, version: PolicyVersion, address: str = "", error: str = ""):
    context = {
        "confirm": services.confirmation(version, _language(request)),
        "address": address or version.sent_for_adoption_to,
        "address_error": error,
    }
    return render(request, "policies/publish.html", context, status=400 if error else 200)


@member_required(*EDIT_ROLES)
@require_http_methods(["GET", "POST"])
def approve(request, pk: int):
    """GET: what will be published, to confirm. POST: publish, and tell the members."""
    version = _lead_draft(request, pk)
    if version.status != PolicyVersion.Status.DRAFT:
        messages.info(
            request,
            _("Version %(number)s is not a draft: there is nothing to publish.")
            % {"number": version.number},
        )
        return redirect("policies:version", pk=version.pk)
    if request.method == "GET":
        return _confirm_page(request, version)
    notify = request.POST.get("notify", "yes") != "no"
    try:
        version, sent = services.approve_and_announce(
            version, request.user, notify, _site_url(request)
        )
    except services.PolicyError as exc:
        messages.error(request, str(exc))
        return redirect("policies:version", pk=version.pk)
    text = _(
        "Version %(number)s is published. Every member of staff can read it at the policy page."
    ) % {"number": version.number}
    if notify:
        text += " " + ngettext(
            "We e-mailed %(count)s member.", "We e-mailed %(count)s members.", sent
        ) % {"count": sent}
    messages.success(request, text)
    return redirect("policies:published")


@member_required(*EDIT_ROLES)
def send_for_adoption(request, pk: int):
    version = _lead_draft(request, pk)  # another organisation's id: 404 before 405
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    address = request.POST.get("address", "")[:300]
    try:
        version = services.send_for_adoption(version, request.user, address, _site_url(request))
    except services.PolicyError as exc:
        return _confirm_page(request, version, address, str(exc))
    when = date_format(timezone.localtime(version.sent_for_adoption_at), "j F Y")
    messages.success(
        request,
        _("Draft %(number)s was sent for adoption to %(address)s on %(date)s.")
        % {"number": version.number, "address": version.sent_for_adoption_to, "date": when},
    )
    return redirect("policies:approve", pk=version.pk)

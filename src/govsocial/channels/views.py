"""Thin views over services.py: validate a form, call a service, render or redirect."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from govsocial.core import concurrency
from govsocial.core.access import EDITOR, LEAD, get_for_org, member_required, scoped
from govsocial.core.files import download_name
from govsocial.core.models import AuditEvent

from . import services, spreadsheet
from .forms import (
    ActivityForm,
    ChannelForm,
    CustodyForm,
    FilterForm,
    ImportForm,
    ReportForm,
    TransitionForm,
)
from .models import Channel

STATUS_BADGE = {
    "requested": "warning",
    "approved": "ok",
    "rejected": "danger",
    "active": "ok",
    "dormant": "warning",
    "closed": "",
}
TRANSITION_SLUGS = {
    "approve": "approve",
    "reject": "reject",
    "activate": "activate",
    "dormant": "mark_dormant",
    "close": "close",
}
SLUG_FOR_ACTION = {action: slug for slug, action in TRANSITION_SLUGS.items()}


def _channel(request, pk: int) -> Channel:
    return get_for_org(
        Channel.objects.select_related("owner", "cover", "requested_by", "decided_by"),
        request.organisation,
        pk=pk,
    )


def _role(request) -> str:
    return request.membership.role


def _require(request, channel: Channel, action: str) -> None:
    owner = services.is_owner(request.user, channel)
    if not services.can(_role(request), owner, action, channel.status):
        raise PermissionDenied


@member_required()
def index(request):
    form = FilterForm(request.GET or None)
    channels = scoped(Channel, request.organisation).select_related("owner", "cover")
    if form.is_valid():
        if form.cleaned_data["status"]:
            channels = channels.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["platform"]:
            channels = channels.filter(platform=form.cleaned_data["platform"])
    report = services.health(request.organisation)
    issues = {item.channel.pk: item.issue_labels for item in report.channels}
    rows = [
        {"channel": c, "issues": issues.get(c.pk, []), "badge": STATUS_BADGE[c.status]}
        for c in channels
    ]
    context = {
        "form": form,
        "rows": rows,
        "filtered": bool(request.GET.get("status") or request.GET.get("platform")),
    }
    if request.htmx:
        return render(request, "channels/_register_table.html", context)
    return render(request, "channels/index.html", context)


@member_required()
def request_channel(request):
    form = ChannelForm(
        request.POST or None,
        organisation=request.organisation,
        requesting=True,
        requester=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            channel = services.request_channel(
                request.organisation, request.user, form.cleaned_data
            )
        except services.NotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            if _role(request) == LEAD:  # no one to send it to: she decides herself
                sent = _(
                    "Your request is recorded. As a communications lead, you decide on it here."
                )
            else:
                sent = _("Your request has been sent to the communications lead.")
            messages.success(request, sent)
            return redirect("channels:detail", pk=channel.pk)
    return render(request, "channels/form.html", {"form": form, "requesting": True})


def _history(channel: Channel):
    events = (
        scoped(AuditEvent, channel.organisation)
        .filter(object_type=Channel._meta.label_lower, object_id=str(channel.pk))
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
    rows = []
    for event in events:
        detail = event.detail or {}
        note = detail.get("comment") or ""
        if event.action == "channel.updated":
            labels = [
                str(Channel._meta.get_field(f).verbose_name) for f in detail.get("fields", []) if f
            ]
            note = ", ".join(labels)
        elif event.action == "channel.report_received":
            note = detail.get("month", "")
        elif event.action == "channel.activity_recorded":
            note = detail.get("on", "")
        elif event.action == "channel.custody_confirmed":
            note = _("custody confirmed") if detail.get("confirmed") else _("custody incomplete")
        rows.append(
            {
                "when": event.created_at,
                "who": event.actor.display_name() if event.actor else _("the command line"),
                "what": str(services.EVENT_LABELS.get(event.action, event.action)),
                "note": note,
            }
        )
    return rows


@member_required()
def detail(request, pk):
    channel = _channel(request, pk)
    actions = services.allowed_actions(request.user, _role(request), channel)
    report = services.health(request.organisation)
    item = next((c for c in report.channels if c.channel.pk == channel.pk), None)
    context = {
        "channel": channel,
        "badge": STATUS_BADGE[channel.status],
        "actions": actions,
        "transitions": [
            {
                "slug": SLUG_FOR_ACTION[a],
                "label": services.ACTION_LABELS[a],
                "primary": a in ("approve", "activate"),
            }
            for a in services.TRANSITIONS
            if a in actions
        ],
        "issues": item.issue_labels if item else [],
        "report_status": item.report if item else None,
        "activation_problems": services.activation_problems(channel)
        if channel.status in ("approved", "dormant")
        else [],
        "history": _history(channel),
        "reports": channel.reports.all()[:12],
        "limits": report.limits,
        "credentials_change_due": channel.credentials_changed_on
        + timedelta(days=report.limits.password_change_days)
        if channel.credentials_changed_on and channel.status in ("approved", "active", "dormant")
        else None,
    }
    return render(request, "channels/detail.html", context)


def _edit_form(request, channel: Channel, data=None) -> ChannelForm:
    form = ChannelForm(
        data,
        instance=channel,
        organisation=request.organisation,
        can_change_owner=_role(request) == LEAD,
    )
    concurrency.track_revision(form, channel.revision)
    return form


def _save_edit(request, channel: Channel, form: ChannelForm) -> list[str]:
    """Save the edit form. When someone saved first, StaleRevision with a conflict to show;
    unless they changed nothing on this form (a decision, custody): then nothing of theirs
    can be lost, and the edit is saved on their version."""
    data = dict(form.cleaned_data)
    revision = data.pop(concurrency.REVISION)
    for attempt in range(3):
        try:
            return services.update_channel(channel, request.user, data, revision)
        except concurrency.StaleRevision as stale:
            current = stale.current
            stale.conflict = concurrency.form_conflict(
                form, _edit_form(request, current), current.revision
            )
            if stale.conflict.differences or attempt == 2:
                raise
            revision = current.revision
    raise AssertionError("unreachable")


@member_required()
def edit(request, pk):
    channel = _channel(request, pk)
    _require(request, channel, "edit")
    if request.method == "POST" and concurrency.keeps_theirs(request.POST):
        messages.info(
            request, _("Your changes were not saved; the channel keeps the other version.")
        )
        return redirect("channels:detail", pk=channel.pk)
    form = _edit_form(request, channel, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = _save_edit(request, channel, form)
        except concurrency.StaleRevision as stale:
            context = {"channel": stale.current, "conflict": stale.conflict}
            return render(request, "channels/conflict.html", context, status=409)
        except services.NotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            if changed:
                messages.success(request, _("The channel has been updated."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("channels:detail", pk=channel.pk)
    return render(
        request, "channels/form.html", {"form": form, "channel": channel, "requesting": False}
    )


@member_required()
def transition(request, pk, slug):
    action = TRANSITION_SLUGS.get(slug)
    channel = _channel(request, pk)
    if action is None:
        raise Http404
    owner = services.is_owner(request.user, channel)
    if channel.status not in services.RULES[action].from_states and any(
        services.can(_role(request), owner, action, state)
        for state in services.RULES[action].from_states
    ):
        # A stale link or a form sent twice: someone (perhaps this person) already moved it on.
        messages.warning(
            request,
            _("This channel is now “%(status)s”; nothing was changed.")
            % {"status": channel.get_status_display()},
        )
        return redirect("channels:detail", pk=channel.pk)
    _require(request, channel, action)
    form = TransitionForm(request.POST or None, action=action)
    problems = services.activation_problems(channel) if action == "activate" else []
    if request.method == "POST" and form.is_valid():
        try:
            services.transition(channel, request.user, action, form.cleaned_data["comment"])
        except services.NotAllowed as exc:
            form.add_error(None, exc.message)
            problems = exc.problems
        else:
            done = {
                "approve": _("The request has been approved."),
                "reject": _("The request has been rejected."),
                "activate": _("The channel is now active."),
                "mark_dormant": _("The channel has been marked as dormant."),
                "close": _("The channel has been closed."),
            }[action]
            messages.success(request, done)
            return redirect("channels:detail", pk=channel.pk)
    return render(
        request,
        "channels/transition.html",
        {
            "form": form,
            "channel": channel,
            "action": action,
            "label": services.ACTION_LABELS[action],
            "problems": problems,
        },
    )


@member_required()
def custody(request, pk):
    channel = _channel(request, pk)
    _require(request, channel, "confirm_custody")
    initial = {
        key: getattr(channel, key)
        for key in (
            "credentials_in_password_manager",
            "credentials_changed_on",
            "two_factor_enabled",
            "recovery_address_owned_by_organisation",
            "recovery_mailbox",
        )
    }
    form = CustodyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_custody(channel, request.user, **form.cleaned_data)
        except services.NotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            channel.refresh_from_db()
            if channel.custody_confirmed:
                messages.success(request, _("Custody is confirmed."))
            else:
                messages.warning(request, _("Custody has been recorded but is not complete yet."))
            return redirect("channels:detail", pk=channel.pk)
    return render(request, "channels/custody.html", {"form": form, "channel": channel})


@member_required()
def activity(request, pk):
    channel = _channel(request, pk)
    _require(request, channel, "record_activity")
    form = ActivityForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_activity(channel, request.user, form.cleaned_data["on"])
        except services.NotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The activity has been recorded."))
            return redirect("channels:detail", pk=channel.pk)
    return render(
        request,
        "channels/small_form.html",
        {
            "form": form,
            "channel": channel,
            "heading": services.ACTION_LABELS["record_activity"],
            "intro": _(
                "Record the date of the latest post or reply, so the register knows the channel is alive."
            ),
        },
    )


@member_required()
def report(request, pk):
    channel = _channel(request, pk)
    _require(request, channel, "record_report")
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_report(
                channel, request.user, form.cleaned_data["month"], form.cleaned_data["note"]
            )
        except services.NotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The monthly report has been recorded."))
            return redirect("channels:detail", pk=channel.pk)
    return render(
        request,
        "channels/small_form.html",
        {
            "form": form,
            "channel": channel,
            "heading": services.ACTION_LABELS["record_report"],
            "intro": _("Record that the monthly report of this channel has come in."),
        },
    )


@member_required()
def governance(request):
    report = services.health(request.organisation)
    sections = [
        (
            "without-owner",
            _("Without an owner"),
            report.without_owner,
            _("Every live channel needs a primary owner who answers for it."),
        ),
        (
            "without-cover",
            _("Without a cover person"),
            report.without_cover,
            _("Who keeps the channel going when the owner is on leave?"),
        ),
        (
            "custody",
            _("Custody not confirmed"),
            report.custody_unconfirmed,
            _(
                "Credentials in the password manager, two-factor sign-in on, a recovery address of the organisation."
            ),
        ),
        (
            "credentials",
            _("Credentials not changed in time"),
            report.credentials_overdue,
            _("The password has not been changed for more than %(days)s days.")
            % {"days": report.limits.password_change_days},
        ),
        (
            "inactive",
            _("No recent activity: propose dormant"),
            report.inactive,
            _("No activity recorded for more than %(days)s days.")
            % {"days": report.limits.dormant_after_days},
        ),
        (
            "dormant",
            _("Dormant: review or close"),
            report.dormant,
            _("Decide whether to bring these back to life or close them."),
        ),
    ]
    return render(
        request,
        "channels/governance.html",
        {"report": report, "sections": sections},
    )


@member_required(LEAD)
def import_channels(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    file_error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read(spreadsheet.max_import_bytes() + 1)
        try:
            result = spreadsheet.import_channels(request.organisation, request.user, data)
        except spreadsheet.SpreadsheetError as exc:
            file_error = exc.message
        else:
            if result.ok:
                count = len(result.created)
                messages.success(
                    request,
                    ngettext(
                        "%(count)s channel has been added to the register.",
                        "%(count)s channels have been added to the register.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect("channels:index")
    return render(
        request,
        "channels/import.html",
        {
            "form": form,
            "result": result,
            "file_error": file_error,
            "columns": spreadsheet.column_help(),
        },
    )


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@member_required(LEAD)
def import_template(request):
    language = translation.get_language() or "en"
    return _download(
        spreadsheet.template_csv(language), "channels-template.csv", "text/csv; charset=utf-8"
    )


@member_required(LEAD, EDITOR)
def export_page(request):
    return render(request, "channels/export.html")


@member_required(LEAD, EDITOR)
def export_download(request, fmt):
    if fmt not in ("csv", "json"):
        raise Http404
    language = translation.get_language() or "en"
    content = spreadsheet.export(
        request.organisation, fmt, language, person=request.user, via="web"
    )
    day = timezone.localdate().isoformat()
    name = download_name(request.organisation, language, _("channel-register"), day, extension=fmt)
    kind = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return _download(content, name, kind)

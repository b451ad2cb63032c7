"""Thin views over policies.services: the interview, versions, downloads and diffs."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govsocial.core import concurrency
from govsocial.core.access import EDITOR, LEAD, get_for_org, member_required
from govsocial.core.i18n import current_language
from govsocial.documents import render as doc_render

from . import services
from .forms import PageForm
from .models import PolicyVersion

EDIT_ROLES = (LEAD, EDITOR)
CHECKS = "checks"  # the page with the conflicts between answers


def _language(request) -> str:
    return current_language(getattr(request, "LANGUAGE_CODE", None))


def _choice(request, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = request.GET.get(name, default)
    return value if value in allowed else default


def _can_edit(request) -> bool:
    return request.membership is not None and request.membership.role in EDIT_ROLES


# --- overview -------------------------------------------------------------------


@member_required()
def index(request):
    organisation = request.organisation
    interview = services.get_interview(organisation)
    stored = services.with_facts(interview.answers if interview else {}, organisation)
    answered, applicable = services.progress(stored)
    all_versions = list(services.versions(organisation)[:5]) if _can_edit(request) else []
    return render(
        request,
        "policies/index.html",
        {
            "published": services.published_version(organisation),
            "drafts": [v for v in all_versions if v.status == PolicyVersion.Status.DRAFT],
            "recent": all_versions,
            "interview": interview,
            "answered": answered,
            "applicable": applicable,
            "can_edit": _can_edit(request),
            "resume_url": reverse("policies:interview"),
        },
    )


# --- the interview ----------------------------------------------------------------


@member_required(*EDIT_ROLES)
def interview_start(request):
    """Resume where the interview was left, or start at the first page."""
    interview = services.get_interview(request.organisation)
    facts = services.organisation_facts(request.organisation).conditions()
    return redirect(services.page_url(services.resume_page(interview, facts)))


def _conditional_css(page_questions) -> str:
    """Hide a question whose condition, on the same page, is answered otherwise (no JavaScript needed)."""
    on_page = {q.id for q in page_questions}
    rules = []
    for question in page_questions:
        for qid, spec in question.show_if.items():
            if qid in on_page and not isinstance(spec, (dict, list)):
                value = ("yes" if spec else "no") if isinstance(spec, bool) else str(spec)
                rules.append(
                    f'.gs-interview-form:has(input[name="{qid}"]:checked:not([value="{value}"])) '
                    f"#q-{question.id} {{ display: none; }}"
                )
    return "\n".join(rules)


def _valid_values(form: PageForm) -> dict[str, Any]:
    """The answers on a page that passed their own checks (for Back and the preview)."""
    if not hasattr(form, "cleaned_data"):
        form.is_valid()
    values = form.answers()
    return {k: v for k, v in values.items() if k not in form.errors}


def _after_the_pages(request, return_to: str) -> str:
    """The conflicts between answers come before the review, until each is fixed or confirmed."""
    language = _language(request)
    if return_to == CHECKS or services.unconfirmed_conflicts(request.organisation, language):
        return reverse("policies:checks")
    return services.page_url(services.REVIEW)


def _page_form(request, page_id: str, interview, data=None, like: PageForm | None = None):
    """A page's form on the interview as stored, carrying its revision (core.concurrency);
    `like`: with the same questions as that form (to compare the two field by field)."""
    stored = services.with_facts(interview.answers if interview else {}, request.organisation)
    form = PageForm(
        data,
        page_id=page_id,
        stored=stored,
        language=_language(request),
        questions=like.questions if like is not None else None,
    )
    concurrency.track_revision(form, interview.revision if interview else 0)
    return form


def _save_on_revision(request, form: PageForm, values: dict[str, Any], page_id: str):
    """Save a page's answers unless someone saved this page's questions since it was
    opened: then StaleRevision with the conflict to show. When they changed only
    other pages, nothing of theirs can be lost and the answers are saved on their version."""
    revision = form.cleaned_data.get(concurrency.REVISION, concurrency.UNKNOWN)
    for attempt in range(3):
        try:
            return services.save_answers(
                request.organisation, request.user, values, page=page_id, revision=revision
            )
        except concurrency.StaleRevision as stale:
            current = stale.current
            theirs = _page_form(request, page_id, current, like=form)
            stale.conflict = concurrency.form_conflict(form, theirs, current.revision)
            if stale.conflict.differences or attempt == 2:
                raise
            revision = current.revision
    raise AssertionError("unreachable")


def _conflict_page(request, form: PageForm, page, stale, action: str, return_to: str):
    conflict = stale.conflict
    resubmit = [*conflict.resubmit, ("page", page.id), ("action", action)]
    if return_to:
        resubmit.append(("from", return_to))
    context = {
        "page": page,
        "page_title": page.title[_language(request)],
        "conflict": dataclasses.replace(conflict, resubmit=resubmit),
    }
    return render(request, "policies/conflict.html", context, status=409)


def _save_page(request, form: PageForm, page, return_to: str):
    """A posted page: Back saves what is valid; Next and Later save all of it or show errors."""
    organisation = request.organisation
    page_id = page.id
    action = request.POST.get("action", "next")
    if action not in ("back", "later"):
        action = "next"
    try:
        if action == "back":
            values = _valid_values(form)
            stored = form.stored
            if values:
                saved = _save_on_revision(request, form, values, page_id)
                stored = services.with_facts(saved.answers, organisation)
            return HttpResponseRedirect(services.place(page_id, stored).back_url())
        if not form.is_valid():
            return None
        interview = _save_on_revision(request, form, form.answers(), page_id)
    except concurrency.StaleRevision as stale:
        return _conflict_page(request, form, page, stale, action, return_to)
    except services.AnswersInvalid as exc:
        for error in exc.errors:
            field = error.question if error.question in form.fields else None
            form.add_error(field, error.message)
        return None
    if action == "later":
        messages.success(
            request,
            _("Your answers are saved. You can continue where you left off at any time."),
        )
        return redirect("policies:index")
    place = services.place(page_id, services.with_facts(interview.answers, organisation))
    if return_to or place.is_last:
        return HttpResponseRedirect(_after_the_pages(request, return_to))
    return HttpResponseRedirect(place.next_url())


@member_required(*EDIT_ROLES)
@require_http_methods(["GET", "POST"])
def interview_page(request, page_id: str):
    page = services.load_content().page(page_id)
    if page is None:
        raise Http404("No such page")
    language = _language(request)
    organisation = request.organisation
    interview = services.get_interview(organisation)
    stored = services.with_facts(interview.answers if interview else {}, organisation)
    # Opened from a "Change" link on the review or the conflicts page: saving returns there.
    came_from = (request.POST if request.method == "POST" else request.GET).get("from")
    return_to = came_from if came_from in (services.REVIEW, CHECKS) else ""

    fields_html = None
    if request.method == "POST":
        if concurrency.keeps_theirs(request.POST):
            messages.info(
                request,
                _("Your answers on this page were not saved: the other person's answers stay."),
            )
            url = services.page_url(page_id)
            return HttpResponseRedirect(f"{url}?from={return_to}" if return_to else url)
        form = _page_form(request, page_id, interview, request.POST)
        response = _save_page(request, form, page, return_to)
        if response is not None:
            return response
        preview_answers = {**stored, **_valid_values(form)}
    else:
        form = _page_form(request, page_id, interview)
        preview_answers = stored
        fields_html = services.page_fields_html(
            page_id,
            language,
            stored,
            lambda: render_to_string("policies/_page_fields.html", {"form": form}),
            revision=interview.revision if interview else 0,
        )
    place = services.place(page_id, stored)
    return render(
        request,
        "policies/interview_page.html",
        {
            "page": page,
            "page_title": page.title[language],
            "page_intro": page.intro[language],
            "form": form,
            "fields_html": fields_html,
            "steps": services.steps(page_id, stored, language),
            "step_number": place.number,
            "step_count": place.count,
            "previous_page": place.previous_page,
            "is_last": place.is_last,
            "from_review": bool(return_to),
            "return_to": return_to,
            "conditional_css": _conditional_css(form.questions),
            "preview_html": services.preview_html(preview_answers, language, organisation),
        },
    )


@member_required(*EDIT_ROLES)
@require_POST
def preview(request):
    """The policy for the answers on screen (not saved); an htmx partial."""
    page_id = request.POST.get("page", "")
    if services.load_content().page(page_id) is None:
        raise Http404("No such page")
    language = _language(request)
    stored = services.interview_context(request.organisation)
    form = PageForm(request.POST, page_id=page_id, stored=stored, language=language)
    html = services.preview_html({**stored, **_valid_values(form)}, language, request.organisation)
    if not request.htmx:
        return redirect("policies:page", page_id=page_id)
    return render(request, "policies/_preview.html", {"preview_html": html, "updated": True})


@member_required(*EDIT_ROLES)
def review(request):
    language = _language(request)
    organisation = request.organisation
    interview = services.get_interview(organisation)
    saved = dict(interview.answers) if interview else {}
    stored = services.with_facts(saved, organisation)
    sections, missing = services.review_sections(stored, language)
    pages = services.interview_pages(stored)
    found = services.interview_conflicts(organisation, language, saved)
    open_conflicts = services.unconfirmed(found, interview.confirmed_checks if interview else [])
    return render(
        request,
        "policies/review.html",
        {
            "sections": sections,
            "missing": missing,
            "conflicts": found,
            "open_conflicts": open_conflicts,
            "steps": services.steps(services.REVIEW, stored, language),
            "step_number": len(pages) + 1,
            "step_count": len(pages) + 1,
            "last_page": pages[-1].id,
        },
    )


def _confirmed(organisation) -> list[str]:
    interview = services.get_interview(organisation)
    return list(interview.confirmed_checks) if interview else []


def _conflict_rows(conflicts, stored, confirmed, language) -> list[dict[str, Any]]:
    rows = []
    for conflict in conflicts:
        questions = services.question_labels(conflict, stored, language)
        for question in questions:
            question["change_url"] = (
                services.page_url(question["page"]) + f"?from={CHECKS}#q-{question['id']}"
            )
        rows.append(
            {
                "conflict": conflict,
                "questions": questions,
                "confirmed": conflict.fingerprint in confirmed,
            }
        )
    return rows


@member_required(*EDIT_ROLES)
@require_http_methods(["GET", "POST"])
def checks(request):
    """Conflicts between answers, before the review: change an answer, or keep it."""
    organisation = request.organisation
    language = _language(request)
    interview = services.get_interview(organisation)
    saved = dict(interview.answers) if interview else {}
    stored = services.with_facts(saved, organisation)
    found = services.interview_conflicts(organisation, language, saved)
    confirmed = list(interview.confirmed_checks) if interview else []
    errors = []
    if request.method == "POST":
        chosen = [f for f in request.POST.getlist("confirm") if isinstance(f, str)]
        services.confirm_conflicts(organisation, request.user, chosen)
        confirmed = _confirmed(organisation)
        errors = services.unconfirmed(found, confirmed)
        if not errors:
            return redirect("policies:review")
    pages = services.interview_pages(stored)
    return render(
        request,
        "policies/checks.html",
        {
            "rows": _conflict_rows(found, stored, confirmed, language),
            "errors": errors,
            "steps": services.steps(services.REVIEW, stored, language),
            "step_number": len(pages) + 1,
            "step_count": len(pages) + 1,
        },
    )


@member_required(*EDIT_ROLES)
@require_POST
def generate(request):
    if services.unconfirmed_conflicts(request.organisation, _language(request)):
        messages.error(
            request, _("Some answers conflict. Change them or confirm them before writing.")
        )
        return redirect("policies:checks")
    try:
        version = services.generate_draft(request.organisation, request.user)
    except services.AnswersInvalid as exc:
        for error in exc.errors[:5]:
            question = services.load_content().questions.get(error.question)
            label = question.text[_language(request)] if question else error.question
            messages.error(request, f"{label}: {error.message}")
        return redirect("policies:review")
    messages.success(
        request,
        _("Draft %(number)s is ready. Read it, then a communications lead can approve it.")
        % {"number": version.number},
    )
    return redirect("policies:version", pk=version.pk)


# --- versions -----------------------------------------------------------------------


def _document_context(request, version: PolicyVersion, download_view: str) -> dict[str, Any]:
    language = _choice(request, "lang", services.LANGUAGES, _language(request))
    kind = _choice(request, "doc", services.DOCUMENT_KINDS, "policy")
    title, html = services.version_html(version, kind, language)
    kinds = [
        ("policy", _("Staff policy")),
        ("house_rules", _("House rules for the public")),
        *services.companion_labels(),
    ]
    languages = [("en", "English"), ("nl", "Nederlands")]
    formats = [("html", "HTML"), ("md", "Markdown"), ("docx", "Word (DOCX)"), ("pdf", "PDF")]
    downloads = []
    for kind_id, kind_label in kinds:
        for lang_id, lang_label in languages:
            links = []
            for fmt, fmt_label in formats:
                kwargs = {"kind": kind_id, "lang": lang_id, "fmt": fmt}
                if download_view == "policies:download":
                    kwargs["pk"] = version.pk
                links.append(
                    {"label": fmt_label, "url": reverse(download_view, kwargs=kwargs), "fmt": fmt}
                )
            downloads.append(
                {"kind": kind_label, "language": lang_label, "lang": lang_id, "links": links}
            )
    return {
        "version": version,
        "document_title": title,
        "document_html": html,
        "kind": kind,
        "kinds": kinds,
        "doc_language": language,
        "languages": languages,
        "downloads": downloads,
        "status_label": services.status_label(version.status),
    }


@member_required(*EDIT_ROLES)
def version_detail(request, pk: int):
    version = get_for_org(
        PolicyVersion.objects.select_related("created_by", "approved_by"),
        request.organisation,
        pk=pk,
    )
    context = _document_context(request, version, "policies:download")
    context["can_approve"] = (
        request.membership.role == LEAD and version.status == PolicyVersion.Status.DRAFT
    )
    return render(request, "policies/version.html", context)


@member_required(*EDIT_ROLES)
def approve(request, pk: int):
    version = get_for_org(
        PolicyVersion, request.organisation, pk=pk
    )  # another organisation's id: 404 first
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.membership.role != LEAD:
        raise PermissionDenied
    try:
        version = services.approve(version, request.user)
    except services.PolicyError as exc:
        messages.error(request, str(exc))
        return redirect("policies:version", pk=version.pk)
    messages.success(
        request,
        _("Version %(number)s is published. Every member of staff can read it at the policy page.")
        % {"number": version.number},
    )
    return redirect("policies:published")


def _download(version: PolicyVersion, kind: str, lang: str, fmt: str) -> HttpResponse:
    data = services.render_version(version, kind, lang, fmt)
    response = HttpResponse(data, content_type=doc_render.content_type(fmt))
    name = services.download_name(version, kind, lang, fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@member_required(*EDIT_ROLES)
def download(request, pk: int, kind: str, lang: str, fmt: str):
    version = get_for_org(PolicyVersion, request.organisation, pk=pk)
    return _download(version, kind, lang, fmt)


@member_required()
def published(request):
    version = services.published_version(request.organisation)
    context: dict[str, Any] = {"version": version, "can_edit": _can_edit(request)}
    if version is not None:
        context.update(_document_context(request, version, "policies:published_download"))
    return render(request, "policies/published.html", context)


@member_required()
def published_download(request, kind: str, lang: str, fmt: str):
    version = services.published_version(request.organisation)
    if version is None:
        raise Http404("No published policy")
    return _download(version, kind, lang, fmt)


@member_required(*EDIT_ROLES)
def history(request):
    all_versions = list(services.versions(request.organisation))
    return render(
        request,
        "policies/history.html",
        {
            "versions": all_versions,
            "status_labels": {v.pk: services.status_label(v.status) for v in all_versions},
        },
    )


@member_required(*EDIT_ROLES)
def diff(request):
    organisation = request.organisation
    all_versions = list(services.versions(organisation))
    language = _choice(request, "lang", services.LANGUAGES, _language(request))
    old_id, new_id = request.GET.get("old"), request.GET.get("new")
    result = None
    if old_id and new_id:
        old = get_for_org(PolicyVersion, organisation, pk=old_id)
        new = get_for_org(PolicyVersion, organisation, pk=new_id)
        result = services.diff_versions(old, new, language)
    elif len(all_versions) >= 2:
        # Opened without a choice: show what changed in the latest version straight away.
        old, new = all_versions[1], all_versions[0]
        old_id, new_id = str(old.pk), str(new.pk)
        result = services.diff_versions(old, new, language)
    return render(
        request,
        "policies/diff.html",
        {
            "versions": all_versions,
            "old_id": str(old_id or ""),
            "new_id": str(new_id or ""),
            "doc_language": language,
            "result": result,
        },
    )

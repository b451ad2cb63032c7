"""Thin views over policies.services: the interview, versions, downloads and diffs."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govsocial.core.access import EDITOR, LEAD, get_for_org, member_required
from govsocial.documents import render as doc_render

from . import services
from .forms import PageForm
from .models import PolicyVersion

EDIT_ROLES = (LEAD, EDITOR)


def _language(request) -> str:
    return services.current_language(getattr(request, "LANGUAGE_CODE", None))


def _choice(request, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = request.GET.get(name, default)
    return value if value in allowed else default


def _pages() -> list:
    return list(services.load_content().pages)


def _steps(current: str, language: str) -> list[dict[str, Any]]:
    pages = _pages()
    steps = [
        {"id": p.id, "title": p.title[language], "url": reverse("policies:page", args=[p.id])}
        for p in pages
    ]
    steps.append({"id": "review", "title": None, "url": reverse("policies:review")})
    for index, step in enumerate(steps, start=1):
        step["number"] = index
        step["current"] = step["id"] == current
    return steps


def _can_edit(request) -> bool:
    return request.membership is not None and request.membership.role in EDIT_ROLES


# --- overview -------------------------------------------------------------------


@member_required()
def index(request):
    organisation = request.organisation
    interview = services.get_interview(organisation)
    stored = dict(interview.answers) if interview else {}
    questions = services.load_content().questions
    applicable = [q for q in questions.values() if services.applies(q, stored)]
    answered = [q for q in applicable if q.id in stored]
    all_versions = list(services.versions(organisation)[:5]) if _can_edit(request) else []
    return render(
        request,
        "policies/index.html",
        {
            "published": services.published_version(organisation),
            "drafts": [v for v in all_versions if v.status == PolicyVersion.Status.DRAFT],
            "recent": all_versions,
            "interview": interview,
            "answered": len(answered),
            "applicable": len(applicable),
            "can_edit": _can_edit(request),
            "resume_url": reverse("policies:interview"),
        },
    )


# --- the interview ----------------------------------------------------------------


@member_required(*EDIT_ROLES)
def interview_start(request):
    """Resume where the interview was left, or start at the first page."""
    interview = services.get_interview(request.organisation)
    pages = [p.id for p in _pages()]
    if interview and not services.missing_questions(interview.answers):
        target = "review"  # every question is answered: check the answers, write the draft
    elif interview and interview.last_page in pages:
        following = pages.index(interview.last_page) + 1
        target = pages[following] if following < len(pages) else "review"
    else:
        target = pages[0]
    if target == "review":
        return redirect("policies:review")
    return redirect("policies:page", page_id=target)


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


def _cached(key_parts: tuple, build) -> Any:
    """A rendered fragment from the cache: documents are pure functions of their inputs."""
    digest = hashlib.sha256(json.dumps(key_parts, sort_keys=True, default=str).encode()).hexdigest()
    key = f"policies:fragment:{digest}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, 3600)
    return value


def _preview_html(stored: dict[str, Any], language: str, organisation) -> str:
    answers = services.fill_defaults(stored, language)

    def build() -> str:
        document = services.build_document("policy", answers, language, organisation=organisation)
        return doc_render.render_html_fragment(document)

    key = (
        "preview",
        answers,
        language,
        organisation.pk,
        organisation.name(language),
        organisation.audience,
        organisation.country,
    )
    return _cached(key, build)


def _valid_values(form: PageForm) -> dict[str, Any]:
    """The answers on a page that passed their own checks (for Back and the preview)."""
    if not hasattr(form, "cleaned_data"):
        form.is_valid()
    values = form.answers()
    return {k: v for k, v in values.items() if k not in form.errors}


@member_required(*EDIT_ROLES)
@require_http_methods(["GET", "POST"])
def interview_page(request, page_id: str):
    content = services.load_content()
    page = content.page(page_id)
    if page is None:
        raise Http404("No such page")
    language = _language(request)
    organisation = request.organisation
    stored = services.interview_answers(organisation)
    pages = [p.id for p in content.pages]
    index = pages.index(page_id)
    previous_page = pages[index - 1] if index > 0 else None
    next_url = (
        reverse("policies:page", args=[pages[index + 1]])
        if index + 1 < len(pages)
        else reverse("policies:review")
    )

    # Opened from a "Change" link on the review page: saving returns there.
    from_review = (request.POST if request.method == "POST" else request.GET).get(
        "from"
    ) == "review"
    if from_review:
        next_url = reverse("policies:review")

    if request.method == "POST":
        form = PageForm(request.POST, page_id=page_id, stored=stored, language=language)
        action = request.POST.get("action", "next")
        if action == "back":
            values = _valid_values(form)
            if values:
                services.save_answers(organisation, request.user, values, page=page_id)
            target = (
                reverse("policies:page", args=[previous_page])
                if previous_page
                else reverse("policies:index")
            )
            return HttpResponseRedirect(target)
        if form.is_valid():
            try:
                services.save_answers(organisation, request.user, form.answers(), page=page_id)
            except services.AnswersInvalid as exc:
                for error in exc.errors:
                    form.add_error(
                        error.question if error.question in form.fields else None, error.message
                    )
            else:
                if action == "later":
                    messages.success(
                        request,
                        _(
                            "Your answers are saved. You can continue where you left off at any time."
                        ),
                    )
                    return redirect("policies:index")
                return HttpResponseRedirect(next_url)
        preview_answers = {**stored, **_valid_values(form)}
    else:
        form = PageForm(page_id=page_id, stored=stored, language=language)
        preview_answers = stored

    fields_html = None
    if not form.is_bound:
        # An unbound page is a pure function of the stored answers: Django renders every
        # radio button through its own template, which costs more than the rest of the page.
        fields_html = _cached(
            ("fields", page_id, language, stored),
            lambda: render_to_string("policies/_page_fields.html", {"form": form}),
        )
    return render(
        request,
        "policies/interview_page.html",
        {
            "page": page,
            "page_title": page.title[language],
            "page_intro": page.intro[language],
            "form": form,
            "fields_html": fields_html,
            "steps": _steps(page_id, language),
            "step_number": index + 1,
            "step_count": len(pages) + 1,
            "previous_page": previous_page,
            "is_last": index + 1 == len(pages),
            "from_review": from_review,
            "conditional_css": _conditional_css(form.questions),
            "preview_html": _preview_html(preview_answers, language, organisation),
        },
    )


@member_required(*EDIT_ROLES)
@require_POST
def preview(request):
    """The policy for the answers on screen (not saved); an htmx partial."""
    page_id = request.POST.get("page", "")
    content = services.load_content()
    if content.page(page_id) is None:
        raise Http404("No such page")
    language = _language(request)
    stored = services.interview_answers(request.organisation)
    form = PageForm(request.POST, page_id=page_id, stored=stored, language=language)
    html = _preview_html({**stored, **_valid_values(form)}, language, request.organisation)
    if not request.htmx:
        return redirect("policies:page", page_id=page_id)
    return render(request, "policies/_preview.html", {"preview_html": html, "updated": True})


@member_required(*EDIT_ROLES)
def review(request):
    language = _language(request)
    content = services.load_content()
    stored = services.interview_answers(request.organisation)
    sections = []
    missing = 0
    for page in content.pages:
        rows = []
        for question in content.page_questions(page.id):
            if not services.applies(question, stored):
                continue
            answered = question.id in stored
            missing += 0 if answered else 1
            rows.append(
                {
                    "id": question.id,
                    "question": question.text[language],
                    "answer": services.display_answer(question, stored.get(question.id), language)
                    if answered
                    else "",
                    "answered": answered,
                    "change_url": reverse("policies:page", args=[page.id])
                    + f"?from=review#q-{question.id}",
                }
            )
        sections.append({"id": page.id, "title": page.title[language], "rows": rows})
    pages = [p.id for p in content.pages]
    return render(
        request,
        "policies/review.html",
        {
            "sections": sections,
            "missing": missing,
            "steps": _steps("review", language),
            "step_number": len(pages) + 1,
            "step_count": len(pages) + 1,
            "last_page": pages[-1],
        },
    )


@member_required(*EDIT_ROLES)
@require_POST
def generate(request):
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

    def build() -> tuple[str, str]:
        document = services.version_document(version, kind, language)
        return document.title, doc_render.render_html_fragment(document)

    organisation = version.organisation
    key = (
        "version",
        version.pk,
        version.status,
        version.published_at,
        version.review_due,
        version.approved_by_id,
        kind,
        language,
        organisation.name(language),
        organisation.audience,
        organisation.country,
    )
    title, html = _cached(key, build)
    kinds = [("policy", _("Staff policy")), ("house_rules", _("House rules for the public"))]
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

"""Test factories for the policy builder, and the scoping contract for core's test."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from govsocial.core.models import Organisation, Person
from govsocial.policies import services
from govsocial.policies.models import PolicyVersion

# The interview page's slug names a page of questions.yaml (the same for every
# organisation), not an organisation's object: each person sees their own interview.
public_url_names = {"policies:page"}


def answers(**changes: Any) -> dict[str, Any]:
    """A complete valid answer set with some answers changed."""
    return services.validate_answers({**services.example_answers(), **changes})


def make_version(
    organisation: Organisation, person: Person | None = None, publish: bool = False, **changes: Any
) -> PolicyVersion:
    version = services.generate_draft(organisation, person, answers(**changes))
    if publish:
        version = services.publish(version, person)
    return version


def scoping_urls(organisation: Organisation) -> list[str]:
    """Every URL of the policies app that takes an id, for one object of `organisation`."""
    version = make_version(organisation)
    newer = make_version(organisation, response_time="4 hours")
    urls = [
        reverse("policies:version", args=[version.pk]),
        reverse("policies:approve", args=[version.pk]),
        reverse("policies:diff") + f"?old={version.pk}&new={newer.pk}",
    ]
    for kind in services.DOCUMENT_KINDS:
        for lang in services.LANGUAGES:
            for fmt in services.FORMATS:
                urls.append(
                    reverse(
                        "policies:download",
                        kwargs={"pk": version.pk, "kind": kind, "lang": lang, "fmt": fmt},
                    )
                )
    return urls


def post_page(client: Any, page_id: str, data: dict[str, Any], **query: str) -> Any:
    """Post an interview page the way a browser does: opened first, so the post carries
    the revision and the answers the page showed (hidden inputs) with `data` on top."""
    from govsocial.core.tests.forms import form_data

    url = reverse("policies:page", args=[page_id])
    opened = client.get(url, query)
    if opened.status_code != 200:  # not allowed to open it: post it as it is
        return client.post(url, data)
    shown = form_data(opened, index=_interview_form(opened))
    hidden = {k: v for k, v in shown.items() if k == "revision" or k.startswith("initial-")}
    return client.post(url, {**hidden, **data})


def _interview_form(response: Any) -> int:
    """The index of the interview's form on the page (the shell has a language form)."""
    from govsocial.core.tests.forms import _Form

    forms = _Form(response.content.decode()).forms
    return next(i for i, fields in enumerate(forms) if any(n == "revision" for n, _ in fields))

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


def open_page(client: Any, page_id: str, **query: str) -> dict[str, list[str]] | None:
    """What a browser would send for an interview page as it opens (None: not allowed)."""
    from govsocial.core.tests.forms import _Form

    opened = client.get(reverse("policies:page", args=[page_id]), query)
    if opened.status_code != 200:
        return None
    forms = _Form(opened.content.decode()).forms
    fields = next(f for f in forms if any(name == "revision" for name, _value in f))
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


def post_page(client: Any, page_id: str, data: dict[str, Any], **query: str) -> Any:
    """Post an interview page the way a browser does: opened first, so the post carries
    the revision and the answers the page showed (hidden inputs) with `data` on top."""
    url = reverse("policies:page", args=[page_id])
    shown = open_page(client, page_id, **query)
    if shown is None:  # not allowed to open it: post it as it is
        return client.post(url, data)
    hidden = {k: v for k, v in shown.items() if k == "revision" or k.startswith("initial-")}
    return client.post(url, {**hidden, **data})

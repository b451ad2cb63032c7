import pytest
from django.urls import reverse

from .factories import make_version

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "lang", "fmt", "expected"),
    [
        ("policy", "nl", "docx", "gemeente-voorbeeld-socialemediabeleid-v1-nl.docx"),
        ("policy", "en", "pdf", "example-council-social-media-policy-v1-en.pdf"),
        ("house_rules", "nl", "md", "gemeente-voorbeeld-huisregels-v1-nl.md"),
    ],
)
def test_policy_downloads_are_named_after_organisation_document_version_and_language(
    lead_client, organisation, lead, kind, lang, fmt, expected
):
    version = make_version(organisation, lead)
    url = reverse(
        "policies:download", kwargs={"pk": version.pk, "kind": kind, "lang": lang, "fmt": fmt}
    )
    response = lead_client.get(url)
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "gemeente-voorbeeld-kanalenregister"), ("en", "example-council-channel-register")],
)
def test_the_register_download_is_named_after_the_organisation(client, lead, language, expected):
    lead.language = language
    lead.save(update_fields=["language"])
    client.force_login(lead)
    response = client.get(reverse("channels:export_csv"))
    day = timezone.localdate().isoformat()
    name = f"{expected}-{day}-{language}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'

import pytest
from django.urls import reverse

from govsocial.core.models import AuditEvent
from govsocial.core.services import record_event
from govsocial.core.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(lead):
    assert lead.password.startswith("argon2")


def test_sign_in_with_the_right_password_reaches_the_dashboard(client, lead):
    response = client.post(reverse("core:login"), {"username": "lead", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    assert "Welcome, Example Council" in client.get(reverse("core:dashboard")).content.decode()


def test_wrong_password_shows_an_error_summary(client, lead):
    response = client.post(reverse("core:login"), {"username": "lead", "password": "nope"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_lockout_after_five_failures_even_with_the_right_password(client, lead):
    for _ in range(5):
        client.post(reverse("core:login"), {"username": "lead", "password": "wrong password"})
    response = client.post(reverse("core:login"), {"username": "lead", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_pages_need_sign_in(client):
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_language_switch_is_remembered_per_person(client, lead):
    client.force_login(lead)
    response = client.post(reverse("core:language"), {"language": "nl", "next": "/"})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.language == "nl"
    # A new session (another browser) still gets Dutch.
    client.logout()
    client.cookies.clear()
    client.force_login(lead)
    assert "Welkom, Gemeente Voorbeeld" in client.get("/").content.decode()


def test_language_switch_refuses_unknown_languages_and_foreign_redirects(client):
    assert client.post(reverse("core:language"), {"language": "xx"}).status_code == 400
    response = client.post(
        reverse("core:language"), {"language": "nl", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_anonymous_language_choice_uses_a_cookie(client):
    client.post(reverse("core:language"), {"language": "nl", "next": "/sign-in/"})
    assert "Inloggen" in client.get(reverse("core:login")).content.decode()


def test_sign_in_page_escapes_the_next_parameter(client):
    response = client.get(reverse("core:login") + '?next="><script>alert(1)</script>')
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_audit_trail_is_for_leads_and_scoped(
    client, organisation, other_organisation, lead, staff, other_lead
):
    record_event(organisation, lead, "policy.approved", summary="Version 3 approved")
    record_event(other_organisation, other_lead, "policy.approved", summary="Secret of elsewhere")
    client.force_login(lead)
    page = client.get(reverse("core:audit")).content.decode()
    assert "Version 3 approved" in page
    assert "Secret of elsewhere" not in page
    client.force_login(staff)
    assert client.get(reverse("core:audit")).status_code == 403
    # force_login signs in too, and sign-ins are audited; those aside, nothing else was written.
    assert AuditEvent.objects.exclude(action__startswith="sign_in.").count() == 2


def test_a_person_without_membership_is_refused(client, django_user_model):
    loner = django_user_model.objects.create_user("loner", password=PASSWORD)
    client.force_login(loner)
    assert client.get(reverse("core:dashboard")).status_code == 403


def test_a_person_without_a_choice_reads_the_organisations_language(client, organisation, staff):
    staff.language = ""
    staff.save()
    client.force_login(staff)
    assert "Welkom" in client.get("/").content.decode()  # the demo organisation's default is Dutch
    organisation.default_language = "en"
    organisation.save()
    assert "Welcome" in client.get("/").content.decode()

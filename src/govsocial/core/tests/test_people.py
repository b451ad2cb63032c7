import pytest
from django.urls import reverse

from govsocial.core.models import AuditEvent, Membership, Person

pytestmark = pytest.mark.django_db


def test_lead_adds_a_person_and_sees_the_password_once(lead_client, organisation):
    response = lead_client.post(
        reverse("core:people"),
        {
            "username": "jan",
            "first_name": "Jan",
            "last_name": "Jansen",
            "email": "jan@example.org",
            "role": "editor",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "jan can now sign in with the password" in page
    person = Person.objects.get(username="jan")
    assert Membership.objects.get(person=person).role == "editor"
    assert person.language == organisation.default_language
    assert AuditEvent.objects.filter(action="member.added", organisation=organisation).exists()


def test_duplicate_user_name_is_refused_with_a_message(lead_client, staff):
    response = lead_client.post(reverse("core:people"), {"username": "STAFF", "role": "staff"})
    assert "This user name is already taken." in response.content.decode()


def test_last_lead_cannot_be_demoted(lead_client, lead):
    membership = Membership.objects.get(person=lead)
    response = lead_client.post(
        reverse("core:change_role", args=[membership.id]), {"role": "staff"}, follow=True
    )
    assert "at least one communications lead" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "lead"


def test_staff_cannot_manage_people(staff_client):
    assert staff_client.get(reverse("core:people")).status_code == 403
    assert staff_client.get(reverse("core:organisation")).status_code == 403


def test_lead_updates_the_organisation_and_the_audience_word(lead_client, organisation):
    data = {
        "name_en": "Example Housing",
        "name_nl": "Woonstichting Voorbeeld",
        "kind": "housing_association",
        "country": "BE",
        "size_band": "small",
        "default_language": "nl",
        "audience": "tenants",
    }
    lead_client.post(reverse("core:organisation"), data)
    organisation.refresh_from_db()
    assert (organisation.country, organisation.audience, organisation.name("nl")) == (
        "BE",
        "tenants",
        "Woonstichting Voorbeeld",
    )
    bad = lead_client.post(reverse("core:organisation"), {**data, "country": "XX"})
    assert "Select a valid choice" in bad.content.decode()

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


REFUSED = "This user name cannot be used. Choose another one, for example with initials."


def test_duplicate_user_name_is_refused_with_a_message(lead_client, staff):
    response = lead_client.post(reverse("core:people"), {"username": "STAFF", "role": "staff"})
    assert REFUSED in response.content.decode()


def _refusal(client, username):
    response = client.post(reverse("core:people"), {"username": username, "role": "staff"})
    assert response.status_code == 200, f"{username} was accepted"
    page = response.content.decode()
    start = page.index('<div class="utrecht-form-field-error')
    return page[start : page.index("</div>", start)]


def test_people_form_does_not_tell_a_name_of_another_organisation_from_a_reserved_one(
    lead_client, staff, other_lead
):
    # otherlead is a member of another organisation, staff of this one, admin of none.
    refusals = {name: _refusal(lead_client, name) for name in ("otherlead", "staff", "admin")}
    assert len(set(refusals.values())) == 1, refusals
    assert REFUSED in refusals["otherlead"]
    assert "taken" not in refusals["otherlead"] and "Elsewhere" not in refusals["otherlead"]
    assert not Membership.objects.filter(person=other_lead, organisation__slug="example").exists()


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

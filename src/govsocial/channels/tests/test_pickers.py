"""People pickers list each person once, by name; a lead's own request is not "sent" to her."""

import pytest
from django.urls import reverse

from govsocial.channels import demo as channels_demo
from govsocial.core.models import Membership
from govsocial.core.tests.factories import make_person
from govsocial.training import demo as training_demo

pytestmark = pytest.mark.django_db

REQUEST = {
    "name": "Youth work",
    "platform": "tiktok",
    "handle": "@youth",
    "purpose": "Reach teenagers",
    "audience": "12 to 18",
    "why_not_corporate": "They do not follow us",
    "hours_per_week": "6",
    "posters": "Two youth workers",
    "content_plan": "Two videos a week",
    "success_measures": "Visitors",
}


def _options(form, name):
    return [str(label) for value, label in form.fields[name].choices]


def test_requesting_lists_me_once_and_names_without_user_names(client, organisation, lead, staff):
    lead.first_name, lead.last_name = "Sam", "de Vries"
    lead.save()
    client.force_login(lead)
    form = client.get(reverse("channels:request")).context["form"]
    owners, covers = _options(form, "owner"), _options(form, "cover")
    assert owners[0] == "Me" and "Sam de Vries" not in owners
    assert staff.display_name() in owners
    assert "Sam de Vries" in covers  # as cover, she may be named
    assert not any("(" in label for label in owners + covers)


def test_two_members_with_one_name_are_told_apart_by_user_name(client, organisation, lead):
    make_person(organisation, username="kim.a", first_name="Kim", last_name="Jansen")
    make_person(organisation, username="kim.b", first_name="Kim", last_name="Jansen")
    client.force_login(lead)
    covers = _options(client.get(reverse("channels:request")).context["form"], "cover")
    assert "Kim Jansen (kim.a)" in covers and "Kim Jansen (kim.b)" in covers


@pytest.mark.parametrize(
    ("role", "said", "not_said"),
    [
        ("lead", "As a communications lead, you decide on it here.", "has been sent"),
        ("staff", "Your request has been sent to the communications lead.", "you decide"),
    ],
)
def test_the_request_message_fits_who_asked(client, organisation, role, said, not_said):
    client.force_login(make_person(organisation, role=role))
    page = client.post(reverse("channels:request"), REQUEST, follow=True).content.decode()
    assert said in page and not_said not in page


def test_the_demo_has_each_colleague_once(organisation, lead):
    # an organisation seeded by an earlier demo, with its doubles
    double = make_person(
        organisation, username="demo.fatima", first_name="Fatima", last_name="El Amrani"
    )
    double.set_unusable_password()
    double.save()
    channels_demo.seed(organisation)
    training_demo.seed(organisation)
    training_demo.seed(organisation)  # idempotent
    names = [
        m.person.display_name()
        for m in Membership.objects.filter(organisation=organisation).select_related("person")
    ]
    assert names.count("Fatima El Amrani") == 1
    assert len(names) == len(set(names))

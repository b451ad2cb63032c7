"""403, 404 and 500 in the site's layout and the person's language, with a way back;
and signing out says so."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from govsocial.core.tests.factories import PASSWORD
from govsocial.core.views.errors import server_error

pytestmark = pytest.mark.django_db


def _set_language(person, language):
    person.language = language
    person.save(update_fields=["language"])


@pytest.mark.parametrize(
    ("language", "heading", "back"),
    [
        ("en", "Page not found", "Go to the dashboard"),
        ("nl", "Pagina niet gevonden", "Naar het overzicht"),
    ],
)
def test_404_is_in_the_layout_and_the_persons_language(client, staff, language, heading, back):
    _set_language(staff, language)
    client.force_login(staff)
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}"' in body
    assert heading in body and back in body
    assert 'class="gs-header"' in body and 'href="/"' in body


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "You may not see this page"), ("nl", "U mag deze pagina niet zien")],
)
def test_403_for_a_lead_only_page_explains_and_leads_back(client, staff, language, heading):
    _set_language(staff, language)
    client.force_login(staff)
    response = client.get(reverse("core:audit"))
    body = response.content.decode()
    assert response.status_code == 403
    assert heading in body
    assert reverse("core:dashboard") in body


def test_404_for_someone_not_signed_in_follows_the_browser(client, db):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Something went wrong"), ("nl", "Er ging iets mis")]
)
def test_500_needs_no_request_context_and_is_translated(
    language, heading, django_assert_num_queries
):
    request = RequestFactory().get("/")
    with translation.override(language), django_assert_num_queries(0):
        response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}"' in body and heading in body
    assert "component-library.css" in body and 'href="/"' in body


@pytest.mark.parametrize(
    ("language", "message"), [("en", "You are signed out."), ("nl", "U bent afgemeld.")]
)
def test_signing_out_says_so_on_the_sign_in_page(client, lead, language, message):
    _set_language(lead, language)
    client.post(reverse("core:login"), {"username": "lead", "password": PASSWORD})
    response = client.post(reverse("core:logout"), follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("core:login")
    assert message in body
    assert f'<html lang="{language}"' in body
    assert "_auth_user_id" not in client.session


def test_signing_out_twice_says_nothing_the_second_time(client, db):
    response = client.post(reverse("core:logout"), follow=True)
    assert "signed out" not in response.content.decode()

"""Passwords: change your own, reset by e-mail without telling who exists, and sign in
with a user name or an e-mail address, the lockout counting both ways together."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from govsocial.core.models import AuditEvent
from govsocial.core.tests.factories import PASSWORD, make_person

pytestmark = pytest.mark.django_db

NEW = "another long passphrase 8"


def _sign_in(client, username, password=PASSWORD):
    return client.post(reverse("core:login"), {"username": username, "password": password})


def test_sign_in_with_the_e_mail_address_in_any_case(client, lead):
    response = _sign_in(client, "LEAD@Example.ORG")
    assert response.status_code == 302 and response["Location"] == reverse("core:dashboard")
    client.logout()
    assert _sign_in(client, "Lead").status_code == 302  # user names in any case too


def test_a_shared_e_mail_address_signs_nobody_in(client, organisation):
    make_person(organisation, username="twin1", email="twins@example.org")
    make_person(organisation, username="twin2", email="twins@example.org")
    assert _sign_in(client, "twins@example.org").status_code == 200
    assert _sign_in(client, "twin1").status_code == 302


def test_the_lockout_counts_user_name_and_e_mail_address_together(client, lead):
    for typed in ("lead", "LEAD@example.org", "Lead", "lead@EXAMPLE.org"):
        assert _sign_in(client, typed, "wrong password").status_code == 200
    assert _sign_in(client, "Lead@Example.org", "wrong password").status_code == 429  # the fifth
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"lead"}
    locked = _sign_in(client, "lead@example.org")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_failed_try_by_e_mail_is_in_the_members_audit_trail(client, lead, organisation):
    _sign_in(client, "Lead@example.org", "wrong password")
    event = AuditEvent.objects.get(action="sign_in.failed")
    assert event.organisation == organisation and event.detail["username"] == "Lead@example.org"


def test_change_your_own_password(client, staff):
    client.force_login(staff)
    page = client.get(reverse("core:password_change")).content.decode()
    assert "Change your password" in page and 'class="gs-header"' in page
    wrong = client.post(
        reverse("core:password_change"),
        {"old_password": "nope", "new_password1": NEW, "new_password2": NEW},
    )
    assert "Your old password was entered incorrectly" in wrong.content.decode()
    response = client.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response["Location"] == reverse("core:password_change_done")
    staff.refresh_from_db()
    assert staff.check_password(NEW)
    assert client.get("/").status_code == 200, "still signed in here"
    assert AuditEvent.objects.filter(action="sign_in.password_changed", actor=staff).exists()


def test_the_account_page_links_to_the_password_change(client, staff):
    client.force_login(staff)
    page = client.get(reverse("core:account")).content.decode()
    assert reverse("core:password_change") in page and "staff@example.org" in page


def test_reset_by_e_mail_in_the_persons_language_and_the_link_works_once(client, staff):
    staff.language = "nl"
    staff.save()
    response = client.post(reverse("core:password_reset"), {"email": "STAFF@example.org"})
    assert response["Location"] == reverse("core:password_reset_done")
    message = mail.outbox[0]
    assert message.to == ["staff@example.org"]
    assert "Een nieuw wachtwoord" in message.subject
    link = re.search(r"http://testserver(/password-reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == reverse("core:password_reset_complete")
    staff.refresh_from_db()
    assert staff.check_password(NEW)
    again = client.get(link, follow=True).content.decode()
    assert "This link is not valid" in again
    assert AuditEvent.objects.filter(action="sign_in.password_reset").exists()


def test_reset_tells_nothing_about_who_exists(client, staff, settings):
    settings.GOVSOCIAL_SITE_URL = "https://govsocial.example.org"
    known = client.post(reverse("core:password_reset"), {"email": "staff@example.org"})
    unknown = client.post(reverse("core:password_reset"), {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1
    assert "https://govsocial.example.org/password-reset/" in mail.outbox[0].body
    page = client.get(reverse("core:password_reset_done")).content.decode()
    assert "If the address belongs to an account" in page


def test_the_sign_in_page_offers_the_reset(client):
    page = client.get(reverse("core:login")).content.decode()
    assert reverse("core:password_reset") in page

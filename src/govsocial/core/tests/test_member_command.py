import pytest
from django.core.management import CommandError, call_command

from govsocial.core.models import Membership

pytestmark = pytest.mark.django_db


def test_member_add_prints_a_password_that_works(organisation, capsys):
    call_command("member", "add", "--org", "example", "--username", "piet", "--role", "editor")
    out = capsys.readouterr().out
    password = out.strip().split()[-1]
    membership = Membership.objects.get(person__username="piet")
    assert membership.role == "editor"
    assert membership.person.check_password(password)


def test_unknown_organisation_and_role_exit_2_in_dutch(organisation):
    with pytest.raises(CommandError) as error:
        call_command("member", "--lang", "nl", "add", "--org", "nowhere", "--username", "x")
    assert error.value.returncode == 2
    assert "Er is geen organisatie" in str(error.value)
    with pytest.raises(CommandError) as error:
        call_command("member", "add", "--org", "example", "--username", "x", "--role", "king")
    assert "Unknown role king" in str(error.value)
    assert not Membership.objects.filter(person__username="x").exists()


def test_an_e_mail_address_of_another_account_is_refused(organisation, lead):
    with pytest.raises(CommandError) as error:
        call_command(
            "member", "add", "--org", "example", "--username", "x", "--email", "LEAD@example.org"
        )
    assert error.value.returncode == 2 and "already has this e-mail address" in str(error.value)
    assert not Membership.objects.filter(person__username="x").exists()

"""`govsocial org` and `govsocial host`: the host's work on the command line."""

import json

import pytest
from django.core.management import CommandError, call_command

from govsocial.core.models import AuditEvent, Membership, Organisation, Person
from govsocial.core.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _refused(*args) -> str:
    with pytest.raises(CommandError) as error:
        call_command(*args)
    assert error.value.returncode == 2
    return str(error.value)


def test_org_create_with_every_option(capsys):
    call_command(
        "org", "create", "--slug", "leeds", "--name", "Leeds City Council",
        "--language", "en", "--country", "GB", "--kind", "agency",
    )  # fmt: skip
    organisation = Organisation.objects.get(slug="leeds")
    assert (organisation.name_en, organisation.name_nl) == ("Leeds City Council",) * 2
    assert (organisation.default_language, organisation.country, organisation.kind) == (
        "en",
        "GB",
        "agency",
    )
    assert "leeds is created" in capsys.readouterr().out
    assert AuditEvent.objects.filter(organisation=None, action="organisation.created").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--slug", "bad slug", "--name", "X"], "no valid short name"),
        (["--slug", "example", "--name", "X"], "already an organisation"),
        (["--slug", "EXAMPLE", "--name", "X"], "already an organisation"),
        (["--slug", "new", "--name", "X", "--language", "de"], "Unknown language"),
        (["--slug", "new", "--name", "X", "--country", "XX"], "Unknown country"),
        (["--slug", "new", "--name", "X", "--kind", "castle"], "Unknown kind"),
        (["--slug", "new", "--name", "  "], "needs a name"),
    ],
)
def test_org_create_refuses_bad_input_and_writes_nothing(organisation, args, message):
    before = (Organisation.objects.count(), AuditEvent.objects.count())
    assert message in _refused("org", "create", *args)
    assert (Organisation.objects.count(), AuditEvent.objects.count()) == before


def test_org_messages_in_dutch_before_or_after_the_sub_command(organisation):
    assert "Er is al een organisatie" in _refused(
        "org", "--lang", "nl", "create", "--slug", "example", "--name", "X"
    )
    assert "Er is al een organisatie" in _refused(
        "org", "create", "--slug", "example", "--name", "X", "--lang", "nl"
    )
    assert "Er is geen organisatie" in _refused("org", "disable", "--slug", "nope", "--lang", "nl")


def test_org_list_as_text_and_json(organisation, lead, capsys):
    call_command("org", "list")
    text = capsys.readouterr().out
    assert text.startswith("example\tExample Council\tactive\tMembers 1")
    call_command("org", "list", "--format", "json")
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["slug"] == "example" and rows[0]["usage"]["members"] == 1
    assert {"channels", "policy_versions", "audit_trail_events"} <= set(rows[0]["usage"])
    assert "Unknown format" in _refused("org", "list", "--format", "xml")


def test_org_disable_and_enable(organisation, lead, client, capsys):
    call_command("org", "disable", "--slug", "example", "--reason", "Contract ended.")
    organisation.refresh_from_db()
    assert organisation.is_disabled and organisation.disabled_reason == "Contract ended."
    call_command("org", "enable", "--slug", "example")
    organisation.refresh_from_db()
    assert not organisation.is_disabled
    actions = set(AuditEvent.objects.filter(organisation=None).values_list("action", flat=True))
    assert {"organisation.disabled", "organisation.enabled"} <= actions


def test_org_delete_refuses_without_yes_and_deletes_with_it(
    organisation, other_organisation, lead, staff, capsys
):
    both = make_person(organisation, username="both")
    Membership.objects.create(person=both, organisation=other_organisation, role="staff")
    message = _refused("org", "delete", "--slug", "example")
    assert "add --yes" in message
    assert "accounts deleted (in no other organisation): 2" in capsys.readouterr().out
    assert Organisation.objects.filter(slug="example").exists()
    assert Person.objects.filter(username__in=["lead", "staff"]).count() == 2

    call_command("org", "delete", "--slug", "example", "--yes")
    assert not Organisation.objects.filter(slug="example").exists()
    assert not Person.objects.filter(username__in=["lead", "staff"]).exists()
    assert Person.objects.filter(username="both").exists()
    event = AuditEvent.objects.get(organisation=None, action="organisation.deleted")
    assert event.detail["slug"] == "example" and event.detail["accounts_deleted"] == 2
    assert "no organisation" in _refused("org", "delete", "--slug", "example", "--yes")


def test_host_add_prints_a_password_once_and_refuses_a_taken_name(capsys, lead):
    call_command("host", "add", "--username", "hostess", "--email", "hostess@example.org")
    password = capsys.readouterr().out.split("password ")[1].split()[0]
    host = Person.objects.get(username="hostess")
    assert host.is_host and host.check_password(password)
    assert not host.memberships.exists()
    call_command("host", "list")
    assert "hostess" in capsys.readouterr().out
    before = Person.objects.count()
    assert "already taken" in _refused("host", "add", "--username", "LEAD")
    assert "no valid user name" in _refused("host", "add", "--username", "a b")
    assert "no valid e-mail" in _refused("host", "add", "--username", "h2", "--email", "nope")
    assert "al in gebruik" in _refused("host", "add", "--username", "lead", "--lang", "nl")
    assert Person.objects.count() == before

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from govsocial.channels import demo, spreadsheet
from govsocial.channels.models import Channel
from govsocial.channels.tests.factories import make_channel, make_member
from govsocial.core import services as core_services
from govsocial.core.models import AuditEvent, Membership

pytestmark = pytest.mark.django_db

HEADER = "Platform,Name,Handle,Primary owner,Cover person,Status,Reason for closing,Credentials changed on\n"


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(rows) + "\n").encode("utf-8")


def _cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def people(organisation):
    return make_member(organisation, username="anna", email="Anna@Example.org"), make_member(
        organisation, username="bram"
    )


def test_round_trip_from_one_organisation_to_another(organisation, other_organisation, lead):
    demo.seed(organisation)
    for membership in Membership.objects.filter(organisation=organisation):
        core_services.add_member(other_organisation, membership.person.username, membership.role)
    exported = spreadsheet.export(organisation, "csv", "nl")
    result = spreadsheet.import_channels(other_organisation, None, exported)
    assert result.ok, [str(p) for p in result.problems]
    assert len(result.created) == Channel.objects.filter(organisation=organisation).count() >= 12
    assert spreadsheet.export(other_organisation, "csv", "nl") == exported
    assert spreadsheet.export(other_organisation, "csv", "en") == spreadsheet.export(
        organisation, "csv", "en"
    )
    assert AuditEvent.objects.filter(
        organisation=other_organisation, action="channel.imported"
    ).count() == len(result.created)


def test_json_export_has_codes_and_iso_dates(organisation):
    make_channel(
        organisation, name="=Sneaky", platform="whatsapp_channel", credentials_changed_on=None
    )
    payload = json.loads(spreadsheet.export(organisation, "json"))
    assert payload["organisation"] == "example"
    record = payload["channels"][0]
    assert record["platform"] == "whatsapp_channel" and record["status"] == "active"
    assert record["name"] == "=Sneaky" and record["credentials_changed_on"] == ""


def test_a_wrong_header_names_the_unknown_and_missing_columns(organisation):
    with pytest.raises(spreadsheet.SpreadsheetError) as caught:
        spreadsheet.import_channels(organisation, None, b"Account,Site,Name\nfoo,bar,baz\n")
    message = caught.value.message
    assert (
        "“Account”" in message
        and "“Site”" in message
        and "“Platform”" in message
        and "“Status”" in message
    )
    assert not Channel.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_with_a_clear_message(organisation, people):
    data = (
        _csv("facebook,Gemeente Súdwest-Fryslân,@sudwest,anna,bram,active,,")
        .decode()
        .encode("cp1252")
    )
    with pytest.raises(spreadsheet.SpreadsheetError, match="not UTF-8") as caught:
        spreadsheet.import_channels(organisation, None, data)
    assert "CSV UTF-8" in caught.value.message
    with translation.override("nl"):
        with pytest.raises(spreadsheet.SpreadsheetError, match="geen UTF-8"):
            spreadsheet.import_channels(organisation, None, data)
    assert not Channel.objects.exists()


def test_utf8_with_bom_and_semicolons_as_dutch_excel_saves_them(organisation, people):
    text = "Platform;Naam;Handle;Hoofdbeheerder;Vervanger;Status\nFacebook;Gemeente Súdwest-Fryslân;@sudwest;anna@example.org;BRAM;Actief\n"
    result = spreadsheet.import_channels(organisation, None, text.encode("utf-8-sig"))
    assert result.ok, [str(p) for p in result.problems]
    channel = Channel.objects.get()
    assert channel.name == "Gemeente Súdwest-Fryslân" and channel.status == "active"
    assert channel.owner.username == "anna" and channel.cover.username == "bram"


def test_formula_injection_is_stored_as_text_and_neutralised_on_export(organisation, people):
    evil = '=HYPERLINK("http://evil.example","Click")'
    data = _csv(
        f'facebook,"{evil.replace(chr(34), chr(34) * 2)}",@a,anna,bram,active,,',
        "x,+31 20 555 0000,@b,anna,bram,active,,",
        "instagram,-Minus,@c,anna,bram,active,,",
    )
    result = spreadsheet.import_channels(organisation, None, data)
    assert result.ok, [str(p) for p in result.problems]
    assert Channel.objects.get(handle="@a").name == evil  # kept as text, never evaluated
    make_channel(organisation, name="\tTabbed", handle="@d", owning_team="\rCarriage")
    exported = spreadsheet.export(organisation, "csv", "en")
    names = {row[1] for row in _cells(exported)[1:]}
    assert names == {"'" + evil, "'+31 20 555 0000", "'-Minus", "'\tTabbed"}
    handles = {row[2] for row in _cells(exported)[1:]}
    assert handles == {"'@a", "'@b", "'@c", "'@d"}
    for row in _cells(exported):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_every_row_is_checked_and_errors_name_row_and_column_in_dutch(organisation, people):
    data = _csv(
        "facebook,Goed kanaal,@goed,anna,bram,active,,2026-01-01",
        "myspace,,@fout,nobody,bram,closed,,01-13-2026",
        "x,Zelfde,@same,anna,anna,active,,",
        "x,Nog een,@same,,,sleeping,,",
    )
    with translation.override("nl"):
        result = spreadsheet.import_channels(organisation, None, data)
        messages = [str(p) for p in result.problems]
    assert not Channel.objects.exists()
    by_place = {(p.row, p.column): p.message for p in result.problems}
    assert "geen platform" in by_place[(3, "Platform")]
    assert "verplicht" in by_place[(3, "Naam")]
    assert "nobody" in by_place[(3, "Hoofdbeheerder")]
    assert "geen datum" in by_place[(3, "Wachtwoord gewijzigd op")]
    assert "reden" in by_place[(3, "Reden van opheffen")]
    assert "iemand anders" in by_place[(4, "Vervanger")]
    assert "geen status" in by_place[(5, "Status")]
    assert "rij 4" in by_place[(5, "Accountnaam")]
    assert all(m.startswith("Rij ") for m in messages)
    assert (2, "Platform") not in by_place  # the good row has no problems


def test_nothing_is_imported_if_writing_fails_halfway(organisation, people, monkeypatch):
    data = _csv(*[f"facebook,Kanaal {n},@k{n},anna,bram,active,," for n in range(5)])
    calls = []
    real = spreadsheet.record_event

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(spreadsheet, "record_event", failing)
    with pytest.raises(RuntimeError):
        spreadsheet.import_channels(organisation, None, data)
    assert not Channel.objects.exists()


def test_an_existing_handle_is_an_error_not_an_overwrite(organisation, people):
    make_channel(organisation, platform="facebook", handle="@taken", name="Original")
    result = spreadsheet.import_channels(
        organisation, None, _csv("facebook,Copy,@taken,anna,bram,active,,")
    )
    assert not result.ok and result.problems[0].row == 2
    assert Channel.objects.get(handle="@taken").name == "Original"


def test_the_template_has_only_the_documented_header(organisation):
    rows = _cells(spreadsheet.template_csv("nl"))
    assert len(rows) == 1 and rows[0][:3] == ["Platform", "Naam", "Accountnaam"]
    assert spreadsheet.template_csv("en").startswith(b"\xef\xbb\xbfPlatform,Name,Handle")


# --- the command line ---------------------------------------------------------


def test_cli_import_and_export(tmp_path, organisation, people, capsys):
    source = tmp_path / "register.csv"
    source.write_bytes(
        _csv("facebook,Gemeente,@gem,anna,bram,active,,", "x,=1+1,@calc,anna,bram,dormant,,")
    )
    call_command("channels", "import", "--org", "example", str(source))
    assert Channel.objects.count() == 2
    out = tmp_path / "out.csv"
    call_command("channels", "export", "--org", "example", "--format", "csv", "--out", str(out))
    rows = _cells(out.read_bytes())
    assert rows[0][0] == "Platform" and ["'=1+1"] == [r[1] for r in rows[1:] if r[2] == "'@calc"]
    capsys.readouterr()
    call_command("channels", "export", "--org", "example", "--format", "json")
    assert json.loads(capsys.readouterr().out)["channels"][0]["handle"] in {"@gem", "@calc"}
    assert not list(tmp_path.glob(".*.tmp"))


def test_cli_bad_input_exits_with_2_and_writes_nothing(tmp_path, organisation, people, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv("facebook,Goed,@a,anna,bram,active,,", "tiktok,Fout,@b,anna,bram,gone,,"))
    with pytest.raises(CommandError) as caught:
        call_command("channels", "import", "--org", "example", str(bad), "--lang", "nl")
    assert caught.value.returncode == 2 and "Er is niets geïmporteerd" in str(caught.value)
    assert "Rij 3, kolom “Status”" in capsys.readouterr().err
    assert not Channel.objects.exists()

    latin = tmp_path / "latin.csv"
    latin.write_bytes("Platform,Name,Status\nfacebook,Café,active\n".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8") as caught:
        call_command("channels", "import", "--org", "example", str(latin))
    assert caught.value.returncode == 2

    for args in (
        ["import", "--org", "nowhere", str(bad)],
        ["import", "--org", "example", str(tmp_path / "missing.csv")],
        ["export", "--org", "nowhere", "--format", "csv"],
        [
            "export",
            "--org",
            "example",
            "--format",
            "csv",
            "--out",
            str(tmp_path / "no" / "such" / "dir.csv"),
        ],
    ):
        with pytest.raises(CommandError) as caught:
            call_command("channels", *args)
        assert caught.value.returncode == 2, args
    assert not (tmp_path / "no").exists()


def test_cli_health_and_remind(organisation, capsys):
    make_channel(organisation, name="Lonely", cover=None)
    call_command("channels", "health", "--org", "example", "--lang", "nl")
    out = capsys.readouterr().out
    assert "Lonely" in out and "Geen vervanger" in out
    call_command("channels", "remind", "--org", "example")
    assert "1 reminder e-mail sent." in capsys.readouterr().out

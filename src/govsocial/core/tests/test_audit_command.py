import csv

import pytest
from django.core.management import CommandError, call_command

from govsocial.core.models import AuditEvent
from govsocial.core.services import record_event

pytestmark = pytest.mark.django_db


def test_audit_export_writes_the_trail_in_sentences_and_records_it(tmp_path, organisation, lead):
    record_event(organisation, lead, "policy.approved", summary="v3", number=3)
    record_event(organisation, lead, "training.quiz.taken", summary="quiz", score=2, total=5)
    out = tmp_path / "trail.csv"
    call_command("audit", "export", "--org", "example", "--kind", "policy", "--out", str(out),
                 "--lang", "nl")  # fmt: skip
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0][3] == "Wat" and [row[3] for row in rows[1:]] == [
        "Versie 3 van het beleid gepubliceerd"
    ]
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.actor is None and exported.detail["filters"] == {"kind": "policy", "via": "cli"}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--kind", "weather"], "“weather” is geen soort wijziging"),
        (["--person", "nobody"], "“nobody” is geen lid van example"),
        (["--since", "2026-13-01"], "is geen datum"),
    ],
)
def test_audit_export_refuses_bad_input_in_the_chosen_language(
    tmp_path, organisation, arguments, message
):
    out = tmp_path / "trail.csv"
    with pytest.raises(CommandError) as refused:
        call_command("audit", "export", "--org", "example", *arguments, "--out", str(out),
                     "--lang", "nl")  # fmt: skip
    assert refused.value.returncode == 2 and message in str(refused.value)
    assert not out.exists() and not AuditEvent.objects.filter(action="audit.exported").exists()

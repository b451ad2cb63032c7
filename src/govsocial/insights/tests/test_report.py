"""The monthly report on the command line: HTML and PDF, both languages, bad input refused."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from govsocial.insights.tests.factories import make_month

pytestmark = pytest.mark.django_db


def test_the_html_report_has_the_organisation_and_each_channel(organisation, tmp_path):
    make_month(organisation, threads=2, answer_after=None, name="Zwembad")
    out = tmp_path / "report.html"
    call_command("insights", "report", "--org", organisation.slug, "--month", "2025-03",
                 "--format", "html", "--out", str(out), "--lang", "nl")  # fmt: skip
    html = out.read_text(encoding="utf-8")
    assert "Maandrapportage: maart 2025" in html and "Zwembad (Mastodon)" in html
    assert "Vragen die na de beloofde tijd onbeantwoord zijn" in html and "<svg" in html


def test_the_pdf_report_is_a_pdf(organisation, tmp_path):
    make_month(organisation, threads=1)
    out = tmp_path / "report.pdf"
    call_command("insights", "report", "--org", organisation.slug, "--month", "2025-03",
                 "--out", str(out))  # fmt: skip
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--month", "2025-13"], "is not a month"),
        (["--month", "2025-03", "--org", "nobody"], "There is no organisation"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(organisation, tmp_path, arguments, message):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "report.html"
    base = {"--org": organisation.slug, "--format": "html", "--out": str(out)}
    pairs = dict(zip(arguments[::2], arguments[1::2], strict=True))
    flat = [x for key, value in {**base, **pairs}.items() for x in (key, value)]
    with pytest.raises(CommandError, match=message) as refused:
        call_command("insights", "report", *flat)
    assert refused.value.returncode == 2 and list(folder.iterdir()) == []


def test_a_missing_folder_is_refused(organisation, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("insights", "report", "--org", organisation.slug, "--month", "2025-03",
                     "--out", str(tmp_path / "nowhere" / "r.pdf"))  # fmt: skip

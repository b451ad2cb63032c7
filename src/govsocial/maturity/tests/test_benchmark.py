import pytest
from django.urls import reverse

from govsocial.core.tests.factories import make_organisation
from govsocial.maturity import services
from govsocial.maturity.models import BenchmarkSet

from .factories import all_answers, make_completed

pytestmark = pytest.mark.django_db


def _peers(count: int, **fields):
    peers = []
    for n in range(count):
        org = make_organisation(**fields)
        make_completed(org, all_answers(1 + n % 5))
        peers.append(org)
    return peers


def test_four_peers_show_no_figures_and_say_why(organisation):
    _peers(4)
    result = services.benchmark(organisation, "all")
    assert result["available"] is False
    assert result["organisations"] == 4
    assert all(v is None for v in result["themes"].values())
    assert "at least 5 other organisations" in result["reason"]


def test_five_peers_show_median_and_interquartile_range(organisation):
    _peers(5)  # scores 0, 25, 50, 75, 100
    make_completed(organisation, all_answers(5))  # the organisation itself is not its own peer
    result = services.benchmark(organisation, "all")
    assert result["available"] is True
    assert result["organisations"] == 5
    assert result["themes"]["strategy"] == {
        "organisations": 5,
        "median": 50.0,
        "q1": 25.0,
        "q3": 75.0,
    }


def test_only_each_peers_latest_completed_assessment_counts(organisation):
    peers = _peers(5)
    make_completed(peers[0], all_answers(5))  # a retake replaces the peer's older result
    result = services.benchmark(organisation, "all")
    assert result["organisations"] == 5
    # 100 (retake), 25, 50, 75, 100 — the peer's old 0 is gone
    assert result["themes"]["policy"] == {
        "organisations": 5,
        "median": 75.0,
        "q1": 50.0,
        "q3": 100.0,
    }


def test_peer_groups_filter_by_kind_size_and_country(organisation):
    _peers(5, kind="agency", size_band="large", country="BE")
    assert services.benchmark(organisation, "all")["available"] is True
    assert (
        services.benchmark(organisation, "kind")["available"] is False
    )  # organisation is a municipality
    organisation.country = "BE"
    assert services.benchmark(organisation, "country")["available"] is True
    assert services.benchmark(organisation, "country")["label"].startswith("Same country")


def test_csv_export_and_import_round_trip_with_a_source_label(organisation, lead):
    _peers(5, kind="agency")
    text = services.export_benchmark_csv()
    lines = text.strip().splitlines()
    assert lines[0] == "group,value,theme,organisations,median,q1,q3"
    assert "all,,leadership,5,50.0,25.0,75.0" in lines
    assert not any(",municipality," in line for line in lines)  # fewer than five: not exported
    imported = services.import_benchmark_csv(
        text, "National 2025", "Association X", organisation, lead
    )
    result = services.benchmark(organisation, "all", imported)
    assert result["available"] and result["themes"]["governance"]["median"] == 50.0
    assert "Association X" in result["source"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("a,b\n1,2\n", "The first line must be"),
        (
            "group,value,theme,organisations,median,q1,q3\nall,,nonsense,9,50,40,60\n",
            "Line 2: unknown theme",
        ),
        (
            "group,value,theme,organisations,median,q1,q3\nall,,strategy,4,50,40,60\n",
            "at least 5 organisations",
        ),
        (
            "group,value,theme,organisations,median,q1,q3\nall,,strategy,9,50,60,40\n",
            "q1 ≤ median ≤ q3",
        ),
    ],
)
def test_a_bad_csv_is_refused_and_nothing_is_imported(text, message):
    with pytest.raises(services.BenchmarkImportError, match=message):
        services.import_benchmark_csv(text, "x", "y")
    assert BenchmarkSet.objects.count() == 0


def test_the_benchmark_page_shows_figures_only_for_groups_of_five(lead_client, organisation):
    _peers(5, kind="agency")
    page = lead_client.get(reverse("maturity:benchmark")).content.decode()
    assert "5 organisations" in page
    assert "This peer group has 0." in page  # same kind: municipalities


def test_import_through_the_page_needs_a_lead(client, staff, lead, organisation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = "group,value,theme,organisations,median,q1,q3\nall,,strategy,9,50,40,60\n"
    data = {
        "label": "Nat",
        "source": "Assoc",
        "csv_file": SimpleUploadedFile("b.csv", text.encode()),
    }
    client.force_login(staff)
    assert client.post(reverse("maturity:benchmark_import"), data).status_code == 403
    client.force_login(lead)
    data["csv_file"] = SimpleUploadedFile("b.csv", text.encode())
    assert client.post(reverse("maturity:benchmark_import"), data).status_code == 302
    assert BenchmarkSet.objects.get().organisation == organisation

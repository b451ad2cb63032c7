"""Personal-data detection on a corpus the tests build (see corpus.py)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsocial.training.detect import find_personal_data

from . import corpus


def score(samples):
    tp = fp = fn = 0
    missed, false_alarms = [], []
    for sample in samples:
        found = [f.kind for f in find_personal_data(sample.text)]
        for kind in sample.expected:
            if kind in found:
                tp += 1
                found.remove(kind)
            else:
                fn += 1
                missed.append(sample.text)
        fp += len(found)
        false_alarms += [sample.text] * len(found)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, missed, false_alarms


def test_precision_and_recall_on_the_built_corpus(capsys):
    samples = corpus.build(seed=2024, per_kind=40)
    positives = sum(1 for s in samples if s.expected)
    negatives = len(samples) - positives
    assert positives >= 250 and negatives >= 150
    precision, recall, missed, false_alarms = score(samples)
    with capsys.disabled():
        print(
            f"\npersonal data: {positives} positives, {negatives} negatives; "
            f"precision {precision:.3f}, recall {recall:.3f}"
        )
    assert precision >= 0.95, false_alarms
    assert recall >= 0.95, missed


@pytest.mark.parametrize("kind", ["bsn", "be_nn", "nhs", "iban", "nino", "email", "phone"])
def test_every_kind_is_found_on_its_own(kind):
    samples = [s for s in corpus.build(seed=7, per_kind=15) if s.expected == (kind,)]
    found = sum(1 for s in samples if kind in [f.kind for f in find_personal_data(s.text)])
    assert found >= len(samples) - 1, kind


def test_broken_checksums_dates_amounts_and_references_raise_no_alarm():
    negatives = [s for s in corpus.build(seed=11, per_kind=20) if not s.expected]
    alarms = [(s.text, [f.kind for f in find_personal_data(s.text)]) for s in negatives]
    alarms = [a for a in alarms if a[1]]
    assert len(alarms) <= len(negatives) * 0.03, alarms


def test_a_labelled_number_is_personal_even_next_to_reference_words():
    found = find_personal_data("Zaak: mijn BSN 111222333, kenmerk 2024-001")
    assert [f.kind for f in found] == ["bsn"]


def test_findings_are_masked_when_shown():
    finding = find_personal_data("mail jan.jansen@example.nl")[0]
    assert finding.masked() == "j…@example.nl"
    finding = find_personal_data("BSN 111222333")[0]
    assert "111222" not in finding.masked()


@settings(max_examples=30, deadline=None)
@given(
    st.randoms(use_true_random=False),
    st.sampled_from(["Hallo, ", "Re: ", "", "Dit is "]),
    st.sampled_from([".", "!", " graag snel", ""]),
)
def test_a_valid_bsn_anywhere_in_a_sentence_is_found(rng, before, after):
    bsn = corpus.make_bsn(rng)
    assert "bsn" in [f.kind for f in find_personal_data(f"{before}mijn nummer is {bsn}{after}")]


def test_counts_with_thousands_separators_are_not_citizen_service_numbers():
    # 111.222.333 and 123.456.782 pass the eleven-test, but are written as counts.
    assert find_personal_data("Het budget is 111.222.333 voor dit jaar.") == []
    assert find_personal_data("We planted 123.456.782 bulbs this spring!") == []
    assert find_personal_data("Er kwamen 943 476 5919 bezoekers") == []
    # Named, the same digits are a BSN; written as a BSN (1234.56.782) too.
    assert [f.kind for f in find_personal_data("BSN 123.456.782")] == ["bsn"]
    assert [f.kind for f in find_personal_data("Nummer 1234.56.782 graag")] == ["bsn"]

"""Precision and recall of "Can I post this?" per category on a labelled set
of realistic posts (issue 12), written apart from the detectors' unit cases:
tests/data/posts_*.yaml. The figures are printed; each category has a floor."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from govsocial.training.checker import (
    CHECK,
    STOP,
    ElectionWindow,
    OrganisationContext,
    OwnDetails,
    check_post,
    detect_language,
)

DATA = Path(__file__).resolve().parent / "data"
FLOOR = {"precision": 0.85, "recall": 0.85}
CATEGORIES = (
    "address",
    "plate",
    "special_category",
    "birth_date",
    "child",
    "tone",
    "campaigning",
    "political",
    "personal_data",
)
# The evaluation's organisation: a Dutch and a British council's own details.
OWN = OwnDetails.from_lists(
    ibans=["NL91 ABNA 0417 1643 00", "GB29 NWBK 6016 1331 9268 19"],
    phones=["030 286 0000", "06 1234 5678", "0113 222 4444"],
    addresses=[
        "Stadhuisplein 1, 3511 AB Utrecht",
        "Stadsplateau 1, 3521 AZ Utrecht",
        "24 Great George Street, Leeds LS1 3AP",
    ],
    email_domains=["utrecht.nl", "leeds.gov.uk"],
)
TODAY = date(2026, 3, 10)
PERIOD = ElectionWindow("Municipal elections", date(2026, 2, 1), date(2026, 3, 18))


def category(code: str) -> str:
    if code in ("context.home_address", "context.exact_address"):
        return "address"
    if code.startswith("context.special_category."):
        return "special_category"
    prefixes = {
        "context.number_plate": "plate",
        "context.birth_date": "birth_date",
        "context.child": "child",
        "tone.dismissive": "tone",
        "tone.condescending": "tone",
        "election.campaigning": "campaigning",
        "election.political_content": "political",
    }
    if code in prefixes:
        return prefixes[code]
    if code.startswith("personal_data.") and code not in (
        "personal_data.own_details",
        "personal_data.not_all_checked",
    ):
        return "personal_data"
    return ""


def posts() -> list[dict]:
    found = []
    for path in sorted(DATA.glob("posts_*.yaml")):
        found += yaml.safe_load(path.read_text(encoding="utf-8"))["posts"]
    return found


def flagged(post: dict) -> set[str]:
    language = detect_language(post["t"])
    country = post.get("c") or ("NL" if language == "nl" else "GB")
    context = OrganisationContext(
        country=country,
        today=TODAY,
        election_periods=[PERIOD] if post.get("p") else [],
        own_details=OWN,
    )
    verdict = check_post(post["t"], is_public_already=True, organisation_context=context)
    return {category(r.code) for r in verdict.reasons if r.severity in (STOP, CHECK)} - {""}


@pytest.fixture(scope="module")
def results():
    return [(post, set(post["f"]), flagged(post)) for post in posts()]


def test_the_labelled_set_is_large_enough_and_in_both_languages(results):
    assert len(results) >= 200
    languages = [detect_language(post["t"]) for post, _, _ in results]
    assert languages.count("en") >= 80 and languages.count("nl") >= 80
    assert sum(1 for _, expected, _ in results if not expected) >= 60  # clean posts
    for name in CATEGORIES:
        assert sum(1 for _, expected, _ in results if name in expected) >= 4, name


def test_precision_and_recall_per_category(results, capsys):
    lines, failures = [], []
    for name in CATEGORIES:
        tp = sum(1 for _, e, f in results if name in e and name in f)
        fp = [p["t"] for p, e, f in results if name in f and name not in e]
        fn = [p["t"] for p, e, f in results if name in e and name not in f]
        precision = tp / (tp + len(fp)) if tp + len(fp) else 1.0
        recall = tp / (tp + len(fn)) if tp + len(fn) else 1.0
        lines.append(
            f"{name:17} {tp + len(fn):3} labelled  precision {precision:.2f}  recall {recall:.2f}"
        )
        if precision < FLOOR["precision"] or recall < FLOOR["recall"]:
            failures.append((name, precision, recall, fp, fn))
    with capsys.disabled():
        print(f"\n{len(results)} labelled posts")
        print("\n".join(lines))
    assert not failures, failures

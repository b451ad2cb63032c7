"""The scorecard PDF is tagged (PDF/UA-1) and archivable (PDF/A-3a), in both languages."""

import pytest

from govsocial.documents.tests.pdf_structure import assert_accessible
from govsocial.maturity import services

from .factories import all_answers, make_completed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "nl"])
def test_scorecard_pdf_has_a_structure_tree_and_its_language(organisation, lead, language):
    make_completed(organisation, all_answers(2), person=lead)
    assessment = make_completed(
        organisation, all_answers(3) | {"pol_policy": "dont_know"}, person=lead
    )
    found = assert_accessible(services.scorecard_pdf(assessment, language), language)
    # the charts are figures with alternative text, their numbers in tagged tables
    assert found.tags["Figure"] >= 1 and all(found.figures_alt)

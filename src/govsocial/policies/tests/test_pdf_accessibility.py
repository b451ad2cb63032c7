"""The staff policy and house rules PDFs are tagged (PDF/UA-1) and archivable (PDF/A-3a)."""

import pytest

from govsocial.documents import render
from govsocial.documents.tests.pdf_structure import assert_accessible
from govsocial.policies import services
from govsocial.policies.tests.factories import answers


@pytest.mark.parametrize("language", ["en", "nl"])
def test_policy_pdf_has_a_structure_tree_and_its_language(language):
    document = services.build_document(
        "policy", answers(), language, organisation_name="Example Council"
    )
    found = assert_accessible(render.render(document, "pdf"), language)
    # one H2 per clause, the clause's lists and the table of contents as lists
    assert found.tags["H2"] >= len(document.sections)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_house_rules_pdf_is_tagged(language):
    document = services.build_document(
        "house_rules", answers(), language, organisation_name="Example Council"
    )
    assert_accessible(render.render(document, "pdf"), language, tables=False)

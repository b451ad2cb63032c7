import pytest

from govsocial.core.files import download_name

pytestmark = pytest.mark.django_db


def test_named_after_the_organisation_in_the_documents_language_not_its_short_name(organisation):
    assert organisation.slug == "example"
    name = download_name(organisation, "nl", "socialemediabeleid", "v2", extension="docx")
    assert name == "gemeente-voorbeeld-socialemediabeleid-v2-nl.docx"
    name = download_name(organisation, "en", "house-rules", "v2", extension="pdf")
    assert name == "example-council-house-rules-v2-en.pdf"


def test_names_are_plain_ascii_and_keep_a_codes_case(organisation):
    organisation.name_nl = 'Gemeente Súdwest-Fryslân / "test"'
    assert (
        download_name(organisation, "nl", "social-media-game", "deck", "K7QM2X", extension="pdf")
        == "gemeente-sudwest-fryslan-test-social-media-game-deck-K7QM2X-nl.pdf"
    )


def test_without_an_organisation_the_name_starts_with_the_document():
    assert download_name(None, "en", "maturity-scorecard", extension="pdf") == (
        "maturity-scorecard-en.pdf"
    )

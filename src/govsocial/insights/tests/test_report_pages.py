"""The monthly report keeps to one A4 page for the organisation and one per channel, in
both languages, however busy the month: long lists end in "And N more", in the reader's
language."""

import io
import re

import pytest
from pypdf import PdfReader

from govsocial.documents.model import BulletList, Paragraph, Section, Table
from govsocial.insights.services import report_pages
from govsocial.insights.services.month import Month
from govsocial.insights.services.report import month_report, render_report
from govsocial.insights.tests.factories import make_busy_month, make_month

pytestmark = pytest.mark.django_db
MARCH = Month(2025, 3)


@pytest.fixture
def busy(organisation):
    """10 channels (one marked dormant) with 12 long unanswered questions each, 6 quiet and
    3 more dormant channels."""
    return make_busy_month(organisation, channels=10, threads=12, quiet=6, dormant=3)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def words(document) -> str:
    return " ".join(document.text().split())


@pytest.mark.parametrize(
    ("language", "title", "everything"),
    [("en", "Monthly report: March 2025", "All channels"),
     ("nl", "Maandrapportage: maart 2025", "Alle kanalen")],
)  # fmt: skip
def test_a_busy_month_keeps_each_part_to_one_page(organisation, busy, language, title, everything):
    document = month_report(organisation, MARCH, language)
    pages = page_texts(render_report(document, "pdf", organisation))

    channels = document.sections[1:]
    assert len(channels) == 10 and len(pages) == len(channels) + 1
    name = organisation.name(language)
    assert lines(pages[0])[:4] == [name, title, document.subtitle, everything]
    for page, part in zip(pages[1:], channels, strict=True):
        assert lines(page)[0] == part.title  # the running header sits in the foot
    assert all(f"{name} · {title}" in page for page in pages)  # a page forwarded alone says whose


def test_an_ordinary_month_has_a_page_for_the_organisation_and_each_channel(organisation):
    make_month(organisation, threads=2, name="Zwembad")
    make_month(organisation, threads=1, answer_after=None, name="Bibliotheek")
    for language in ("en", "nl"):
        document = month_report(organisation, MARCH, language)
        pages = page_texts(render_report(document, "pdf", organisation))
        assert len(pages) == 3
        assert [lines(p)[0] for p in pages[1:]] == ["Bibliotheek (Mastodon)", "Zwembad (Mastodon)"]


def find(section: Section, section_id: str) -> Section:
    return next(b for b in section.blocks if isinstance(b, Section) and b.id == section_id)


def test_long_lists_are_capped_and_say_how_many_more(organisation, busy):
    document = month_report(organisation, MARCH, "en")
    page = document.sections[0]
    overview = next(b for b in find(page, "organisation-output").blocks if isinstance(b, Table))
    assert len(overview.rows) == report_pages.CHANNEL_ROWS + 1  # and the total of all 10
    assert overview.rows[-1][:2] == ["All channels", "120"]  # posts
    overdue = next(b for b in find(page, "organisation-response").blocks if isinstance(b, Table))
    assert len(overdue.rows) == report_pages.ORGANISATION_OVERDUE_ROWS
    text = words(document)
    assert "And 2 more channels with less activity, each on its own page." in text
    assert (
        "And 117 more questions unanswered past the promise, on the insights page in GovSocial."
        in text
    )
    channel = document.sections[1]
    channel_overdue = next(b for b in find(channel, "response").blocks if isinstance(b, Table))
    assert len(channel_overdue.rows) == report_pages.CHANNEL_OVERDUE_ROWS
    assert "And 7 more questions unanswered past the promise" in words(document)
    quiet = find(page, "organisation-dormancy").blocks[0]
    assert isinstance(quiet, Paragraph) and quiet.text.endswith(" and 3 more.")

    dutch = words(month_report(organisation, MARCH, "nl"))
    assert "En nog 2 kanalen met minder activiteit, elk op een eigen pagina." in dutch
    assert "En nog 117 vragen die na de beloofde tijd onbeantwoord zijn" in dutch
    assert "(Facebook) en nog 3." in dutch


def test_one_more_is_said_in_the_singular(organisation):
    make_month(organisation, threads=report_pages.CHANNEL_OVERDUE_ROWS + 1, answer_after=None)
    english = words(month_report(organisation, MARCH, "en"))
    dutch = words(month_report(organisation, MARCH, "nl"))
    assert "And 1 more question unanswered past the promise, on the insights page" in english
    assert "En nog 1 vraag die na de beloofde tijd onbeantwoord is" in dutch


def test_the_actions_name_what_needs_doing(organisation, busy):
    document = month_report(organisation, MARCH, "en")
    actions = find(document.sections[0], "actions").blocks[0]
    assert isinstance(actions, BulletList)
    assert "Answer 120 questions unanswered past the promise." in actions.items
    assert (
        "Publish on 6 active channels that were quiet this month, or mark them dormant in the "
        "register." in actions.items
    )
    assert (
        "Activate 1 channel in the register: it is marked dormant, but the organisation "
        "published on it this month." in actions.items
    )
    assert len(actions.items) == 5  # and the policy to publish, and the archives to import
    dormancy = " ".join(p.text for p in find(document.sections[0], "organisation-dormancy").blocks)
    assert "Marked dormant in the register:" in dormancy and "(X) and 1 more." in dormancy
    dutch = month_report(organisation, MARCH, "nl")
    dutch_actions = find(dutch.sections[0], "actions").blocks[0]
    assert isinstance(dutch_actions, BulletList)
    assert "Beantwoord 120 vragen waarvan de beloofde tijd voorbij is." in dutch_actions.items


def test_a_channel_without_trouble_needs_nothing(organisation):
    make_month(organisation, threads=2)  # every question answered within two hours
    document = month_report(organisation, MARCH, "en")
    actions = find(document.sections[1], "actions")
    assert words_of(actions) == "Actions Nothing needs doing this month."


def words_of(section: Section) -> str:
    parts = [section.title]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
    return " ".join(parts)


def test_long_channel_names_lose_their_middle_not_their_end():
    label = report_pages.short_label(
        "Gemeente Voorbeeld, afdeling Openbare Ruimte, Verkeer en Mobiliteit 12", "facebook"
    )
    assert label == "Gemeente Voorbeeld … Mobiliteit 12 (Facebook)"
    assert report_pages.short_label("Zwembad", "x") == "Zwembad (X)"
    one_word = report_pages.short_label("Gemeentelijkeklantcontactcentrumvoorlichting" * 2, "x")
    assert len(one_word) <= report_pages.NAME_LIMIT + len(" (X)") and "…" in one_word


def test_the_html_report_says_the_same_as_the_pdf(organisation, busy):
    document = month_report(organisation, MARCH, "en")
    html = render_report(document, "html", organisation).decode()
    assert "And 117 more questions unanswered past the promise" in html
    # Each channel starts a page in print; on screen a line divides them.
    assert len(re.findall(r"<section [^>]*gs-doc__section--new-page", html)) == 10
    assert "break-before: page" in html and "<svg" in html

"""One walk through the policy builder in a real browser, in Dutch, checked by axe-core."""

import io

import docx
import pypdf
import pytest

from govsocial.core.tests.browser import assert_accessible, click_and_wait, sign_in, switch_to_dutch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _download(page, selector):
    with page.expect_download() as info:
        page.locator(selector).click()
    return open(info.value.path(), "rb").read()


def test_a_new_lead_writes_approves_and_downloads_the_policy_in_dutch(page, lead):
    sign_in(page, "lead")
    switch_to_dutch(page)
    page.goto("/policy/")
    click_and_wait(page, page.locator("a[href='/policy/interview/']"))

    # Page 1: the four questions before any policy.
    assert page.locator("h1").inner_text() == "Voordat u begint"
    page.get_by_label("Crisiscommunicatie").check()
    assert_accessible(page)
    click_and_wait(page, page.locator("button[value=next]"))

    # Page 2: the promise takes a number with a unit, typed as people say it; the live
    # preview follows the answer before it is saved.
    assert "Stap 2 van 6" in page.locator(".gs-progress").inner_text()
    assert page.locator("#id_response_time").input_value() == "1 werkdag"
    page.locator("#id_response_time").fill("6 uur")
    page.locator("#id_response_time").dispatch_event("change")
    page.locator("#policy-preview").get_by_text("binnen 6 uur", exact=False).first.wait_for()
    click_and_wait(page, page.locator("button[value=next]"))

    # Page 3: closing comments skips the moderation question.
    assert page.locator("#q-moderation").is_visible()
    page.locator("#q-comments_open").get_by_label("Nee").check()
    assert not page.locator("#q-moderation").is_visible()
    page.locator("#id_check_officers").fill("Fatima el Amrani en Joost de Boer")
    assert_accessible(page)
    click_and_wait(page, page.locator("button[value=next]"))
    click_and_wait(page, page.locator("button[value=next]"))  # accounts: the suggested answers
    # Elections, records and adoption: a municipality is not asked whether it must keep records.
    assert page.locator("#q-archiving_duty").count() == 0
    click_and_wait(page, page.locator("button[value=next]"))

    # Conflicts before the review: a conversation as a goal with comments closed.
    assert page.locator("h1").inner_text() == "Antwoorden die botsen"
    assert "Een gesprek terwijl reacties uit staan" in page.locator("main").inner_text()
    assert_accessible(page)
    click_and_wait(
        page, page.get_by_role("button", name="Verder naar het controleren van uw antwoorden")
    )
    assert "Er is een probleem" in page.locator("main").inner_text()  # neither fixed nor kept
    page.get_by_label("Deze antwoorden houden: het beleid moet dit toch zeggen").check()
    click_and_wait(
        page, page.get_by_role("button", name="Verder naar het controleren van uw antwoorden")
    )

    # Review: every answer with a link to change it.
    assert page.locator("h1").inner_text() == "Controleer uw antwoorden"
    assert page.locator("dd", has_text="6 uur").count() == 1
    assert page.locator("a[href='/policy/interview/publishing/#q-moderation']").count() == 0
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("button", name="Schrijf het conceptbeleid"))

    # The draft; a lead approves it and it is published at the stable link.
    assert "Concept, nog niet vastgesteld" in page.locator("main").inner_text()
    click_and_wait(page, page.get_by_role("link", name="Controleren en publiceren"))
    assert page.locator("h1").inner_text() == "Versie 1 publiceren?"
    assert "Dit is de eerste versie van het beleid." in page.locator("main").inner_text()
    click_and_wait(page, page.get_by_role("button", name="Vaststellen en publiceren"))
    assert page.url.endswith("/policy/published/")
    assert "Ons socialemediabeleid" in page.locator("h1").inner_text()
    assert "Wij zetten reacties op onze accounts uit" in page.locator(".gs-document").inner_text()
    assert "Vastgesteld door" in page.locator(".gs-document").inner_text()
    assert_accessible(page)

    page.locator(".gs-downloads summary").click()
    pdf = _download(page, "a[href$='policy-nl.pdf']")
    text = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert "Socialemediabeleid voor medewerkers" in text
    assert "binnen 6 uur" in text and "Fatima el Amrani en Joost de Boer" in text
    docx_bytes = _download(page, "a[href$='policy-nl.docx']")
    words = "\n".join(p.text for p in docx.Document(io.BytesIO(docx_bytes)).paragraphs)
    assert (
        "Beslishulp: mag ik dit plaatsen?" in words and "Fatima el Amrani en Joost de Boer" in words
    )


def test_a_revision_and_its_publication_in_dutch(page, lead, organisation, tmp_path):
    """An older draft is shown and discarded; draft 2 is confirmed, sent for adoption and
    published, and the members hear of it."""
    from django.core import mail

    from govsocial.policies import services
    from govsocial.policies.tests.factories import make_version

    version = make_version(organisation, lead, publish=True, response_time="4 hours")
    questions = services.load_content().questions
    draft = {k: v for k, v in version.answers.items() if k in questions}
    services.save_answers(organisation, lead, {**draft, "response_time": "2 hours"})
    sign_in(page, "lead")
    switch_to_dutch(page)
    page.goto("/policy/")
    assert "ouder concept" in page.locator("main").inner_text()
    click_and_wait(page, page.get_by_role("link", name="Ga verder met het interview"))
    assert page.locator("h1").inner_text() == "Een ouder concept van het beleid"
    row = page.locator("tbody tr").first.inner_text()
    assert "2 uur" in row and "4 uur" in row
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "older-draft.png"), full_page=True)
    click_and_wait(page, page.get_by_role("button", name="Weggooien en beginnen met versie 1"))
    assert page.locator("h1").inner_text() == "Voordat u begint"
    assert services.interview_answers(organisation)["response_time"] == "4 hours"

    second = make_version(organisation, lead, response_time="2 hours")
    page.goto(f"/policy/versions/{second.pk}/")
    click_and_wait(page, page.get_by_role("link", name="Controleren en publiceren"))
    assert page.locator("h1").inner_text() == "Versie 2 publiceren?"
    assert "Was: 4 uur. Nu: 2 uur." in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("E-mailadres waar het naartoe gaat").fill("college")
    click_and_wait(page, page.get_by_role("button", name="Ter vaststelling sturen"))
    assert "Vul een e-mailadres in" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("E-mailadres waar het naartoe gaat").fill("college@example.nl")
    click_and_wait(page, page.get_by_role("button", name="Ter vaststelling sturen"))
    assert "ter vaststelling gestuurd aan college@example.nl" in page.locator("main").inner_text()
    page.screenshot(path=str(tmp_path / "confirm.png"), full_page=True)
    click_and_wait(page, page.get_by_role("button", name="Vaststellen en publiceren"))
    assert page.url.endswith("/policy/published/")
    assert "We hebben 1 medewerker gemaild." in page.locator("main").inner_text()
    subjects = [m.subject for m in mail.outbox]
    assert "Versie 2 van ons socialemediabeleid is vastgesteld" in subjects

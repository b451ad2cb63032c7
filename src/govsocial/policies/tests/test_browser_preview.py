"""The live preview in a real browser: it opens at the part the page changes and marks the
sentences that changed since the last preview (issue 15), in both languages, axe-clean."""

import pytest

from govsocial.core.tests.browser import assert_accessible, sign_in, switch_to_dutch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = "/tmp/h15c-screens"


def _section_top_in_view(page, section_id: str) -> float:
    """Where the section's heading sits, measured from the top of the preview box."""
    return page.evaluate(
        """id => {
            const box = document.getElementById('policy-preview');
            const section = box.querySelector('#' + id);
            return section.getBoundingClientRect().top - box.getBoundingClientRect().top;
        }""",
        section_id,
    )


@pytest.mark.parametrize(
    ("language", "typed", "changed"),
    [("en", "6 hours", "within 6 hours"), ("nl", "6 uur", "binnen 6 uur")],
)
def test_the_preview_opens_at_the_page_s_part_and_marks_what_changed(
    page, lead, language, typed, changed
):
    sign_in(page, "lead")
    if language == "nl":
        switch_to_dutch(page)
    page.goto("/policy/interview/responsiveness/")
    box = page.locator("#policy-preview")
    # Opened at the responsiveness clause, not at the top of the document.
    assert box.evaluate("el => el.scrollTop") > 0
    assert 0 <= _section_top_in_view(page, "responsiveness") < 40
    assert page.locator("mark.gs-changed").count() == 0  # nothing changed yet
    assert_accessible(page)

    page.locator("#id_response_time").fill(typed)
    page.locator("#id_response_time").dispatch_event("change")
    marked = box.locator("mark.gs-changed", has_text=changed).first
    marked.wait_for()
    # The changed sentence is scrolled into the preview's view.
    assert page.evaluate(
        """() => {
            const box = document.getElementById('policy-preview').getBoundingClientRect();
            const mark = document.querySelector('#policy-preview mark.gs-changed')
                .getBoundingClientRect();
            return mark.top >= box.top && mark.bottom <= box.bottom;
        }"""
    )
    # Marking leaves the words as they were (a time like 08.30 is not a sentence end).
    assert {"en": "08:30", "nl": "08.30"}[language] in box.inner_text()
    # A sentence that did not change is not marked.
    assert box.locator("mark.gs-changed", has_text="policy applies").count() == 0
    assert_accessible(page)
    page.screenshot(path=f"{SCREENSHOTS}/preview-{language}.png", full_page=False)


def test_without_javascript_the_link_goes_to_the_part(browser, live_server, lead):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "lead")
    page.goto("/policy/interview/governance/")
    link = page.get_by_role("link", name="Go to the part this page changes")
    assert link.get_attribute("href") == "#elections"
    link.click()
    assert page.url.endswith("#elections")
    assert 0 <= _section_top_in_view(page, "elections") < 40
    context.close()

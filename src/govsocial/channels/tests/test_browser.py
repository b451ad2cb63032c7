"""A member requests an account and a lead approves it, in a real browser, with axe-core."""

import pytest

from govsocial.channels.models import Channel
from govsocial.core.tests.browser import (
    assert_accessible,
    click_and_wait,
    sign_in,
    sign_out,
    switch_to_dutch,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_requests_an_account_and_a_lead_approves_it(page, organisation, staff, lead):
    staff.language = "en"
    staff.save()
    sign_in(page, "staff")
    page.goto("/channels/")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Request a new channel"))
    assert page.locator("h1").inner_text() == "Request a new channel"
    assert_accessible(page)

    # Sending it half-filled shows an accessible error summary.
    page.locator("#id_name").fill("Youth work Voorbeeld")
    click_and_wait(page, page.locator("form.gs-form button[type=submit]"))
    assert page.locator("#error-summary").is_visible()
    assert_accessible(page)

    page.locator("#id_platform").select_option("tiktok")
    page.locator("#id_handle").fill("@jongvoorbeeld")
    page.locator("#id_purpose").fill("Reach young people with news about activities and help.")
    page.locator("#id_audience").fill("Young people aged 12 to 18")
    page.locator("#id_why_not_corporate").fill("Young people do not follow the council's account.")
    page.locator("#id_hours_per_week").fill("6")
    page.locator("#id_posters").fill("Two youth workers, after the training")
    page.locator("#id_content_plan").fill("Two short videos a week.")
    page.locator("#id_success_measures").fill("More visitors at the drop-in evenings.")
    click_and_wait(page, page.locator("form.gs-form button[type=submit]"))
    assert "Your request has been sent" in page.locator(".gs-messages").inner_text()
    assert page.locator("h1").inner_text() == "Youth work Voorbeeld"
    assert_accessible(page)
    sign_out(page)

    # The lead approves it, in Dutch.
    sign_in(page, "lead")
    switch_to_dutch(page)
    page.goto("/channels/governance/")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Youth work Voorbeeld"))
    click_and_wait(page, page.get_by_role("link", name="Goedkeuren"))
    assert "Onderbouwing" in page.content()
    assert_accessible(page)
    page.locator("#id_comment").fill("Goed plan. Eerst de cursus volgen.")
    click_and_wait(page, page.locator("form.gs-form button[type=submit]"))
    assert "De aanvraag is goedgekeurd." in page.locator(".gs-messages").inner_text()
    history = page.locator("#history-heading + table").inner_text()
    assert "Goedgekeurd" in history and "Goed plan. Eerst de cursus volgen." in history
    assert_accessible(page)

    channel = Channel.objects.get(handle="@jongvoorbeeld")
    assert (
        channel.status == "approved"
        and channel.decided_by == lead
        and channel.requested_by == staff
    )


def _editing(browser, live_server, username: str, channel, javascript: bool = True):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=javascript
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, username)
    page.goto(f"/channels/{channel.pk}/edit/")
    return context, page


def test_two_people_edit_one_channel_and_the_later_one_chooses(
    browser, live_server, organisation, lead
):
    from govsocial.channels.tests.factories import make_channel
    from govsocial.core.tests.factories import PASSWORD

    channel = make_channel(organisation, name="Council news", purpose="News")
    owner = channel.owner
    owner.set_password(PASSWORD)
    owner.language = "nl"
    owner.save()
    lead_context, lead_page = _editing(browser, live_server, "lead", channel)
    # The owner has the form open twice: once with JavaScript (for axe-core), once without.
    owner_context, owner_page = _editing(browser, live_server, owner.username, channel)
    plain_context, plain_page = _editing(
        browser, live_server, owner.username, channel, javascript=False
    )
    try:
        lead_page.locator("#id_name").fill("Council news (official)")
        click_and_wait(lead_page, lead_page.locator("form.gs-form button[type=submit]"))

        for page in (owner_page, plain_page):
            page.locator("#id_purpose").fill("News and service")
            click_and_wait(page, page.locator("form.gs-form button[type=submit]"))
            assert page.locator("h1").inner_text() == (
                "Iemand anders heeft Council news (official) gewijzigd"
            )
            table = page.locator("table.gs-conflict").inner_text()
            assert "Council news (official)" in table and "News and service" not in table
        assert_accessible(owner_page)

        click_and_wait(owner_page, owner_page.get_by_role("button", name="Hun versie houden"))
        assert "niet opgeslagen" in owner_page.locator(".gs-messages").inner_text()
        assert Channel.objects.get(pk=channel.pk).purpose == "News"

        click_and_wait(
            plain_page, plain_page.get_by_role("button", name="Mijn wijzigingen toepassen")
        )
        assert plain_page.locator("h1").inner_text() == "Council news (official)"
    finally:
        for context in (lead_context, owner_context, plain_context):
            context.close()
    channel.refresh_from_db()
    assert (channel.name, channel.purpose) == ("Council news (official)", "News and service")

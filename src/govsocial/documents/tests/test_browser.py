import pytest

from govsocial.core.tests.browser import assert_accessible, click_and_wait, sign_in, switch_to_dutch
from govsocial.documents.models import HouseTemplate

from .factories import make_docx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_uploads_a_house_template_and_pages_are_accessible(page, lead, tmp_path):
    sign_in(page, "lead")
    page.goto("/documents/")
    assert page.locator("svg[role=img]").count() == 4
    page.locator("summary").first.click()
    assert page.locator("details[open] table").first.is_visible()
    assert_accessible(page)
    page.goto("/documents/house-template/")
    switch_to_dutch(page)
    bad = tmp_path / "sjabloon.docm"
    bad.write_bytes(make_docx())
    page.locator("#id_file").set_input_files(str(bad))
    click_and_wait(page, page.locator("form.gs-form button[type=submit]"))
    assert "macro's" in page.locator(".gs-error-summary").inner_text()
    assert_accessible(page)
    good = tmp_path / "huisstijl.docx"
    good.write_bytes(make_docx())
    page.locator("#id_file").set_input_files(str(good))
    click_and_wait(page, page.locator("form.gs-form button[type=submit]"))
    assert "huisstijl.docx" in page.locator("main").inner_text()
    assert HouseTemplate.objects.get().filename == "huisstijl.docx"
    assert_accessible(page)

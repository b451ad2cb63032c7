"""Factories for the documents app's tests, and the scoping contract."""

import io

import docx

from govsocial.core.models import Organisation


def make_docx(
    *,
    normal_font: str = "",
    header_text: str = "",
    body_text: str = "Template text",
    drop_styles: tuple[str, ...] = (),
) -> bytes:
    """A small Word document made with python-docx, for use as a house template."""
    document = docx.Document()
    if normal_font:
        document.styles["Normal"].font.name = normal_font
    if header_text:
        section = document.sections[0]
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].text = header_text
    if body_text:
        document.add_paragraph(body_text)
    for name in drop_styles:
        element = document.styles[name].element
        element.getparent().remove(element)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_house_template(organisation: Organisation, person=None, **kwargs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from govsocial.documents.services import store_house_template

    upload = SimpleUploadedFile("house-style.docx", make_docx(**kwargs))
    return store_house_template(organisation, person, upload)


def scoping_urls(organisation: Organisation) -> list[str]:
    """URLs of this app that take an id in their path: none.

    The house template pages act on the signed-in person's own organisation
    (documents/house-template/...), so there is no id to try; a house template
    is still created so the core scoping test runs against real data."""
    make_house_template(organisation)
    return []


# URLs whose path parameters name a file format, not an organisation's object.
public_url_names = {"documents:sample"}

"""Random files as house templates: refused with a reason, or stored and usable; never a 500."""

import io
import struct
import warnings
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from govsocial.core.models import AuditEvent
from govsocial.documents import render, services
from govsocial.documents.models import HouseTemplate
from govsocial.documents.render.docx import build_on_template
from govsocial.documents.samples import sample_document

from .factories import make_docx
from .test_template_hardening import parts

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
BASE = make_docx(header_text="Kop", normal_font="Arial")
BASE_PARTS = parts(BASE)
XMLISH = st.sampled_from(
    [
        b"",
        b"<",
        b"<?xml version='1.0'?>",
        b"<w:hdr xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'/>",
        b"<!DOCTYPE x [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;&a;'>]><x>&b;</x>",
        b"<!-- comment --><?pi data?>",
        b"\xff\xfe<\x00x\x00/\x00>\x00",
    ]
)


def _zip(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", method) as archive:
        warnings.simplefilter("ignore")  # two members of one name: wanted here
        for name, payload in members:
            archive.writestr(name, payload)
    return out.getvalue()


def _after_root(payload: bytes, markup: bytes) -> bytes:
    """`markup` just inside the root element of an XML part."""
    head, _sep, rest = payload.partition(b"?>")
    at = rest.find(b">") + 1
    return head + b"?>" + rest[:at] + markup + rest[at:]


@st.composite
def mutated_docx(draw) -> bytes:
    """A real template with some parts replaced, cut short, marked up, dropped or added."""
    often = draw(st.sampled_from([0, 1, 4]))  # how often a part changes, against 40 kept
    changes = ["keep"] * 40 + ["drop", "bytes", "cut", "markup", "xml"] * often
    members = []
    for name, payload in BASE_PARTS.items():
        change = draw(st.sampled_from(changes))
        if change == "drop":
            continue
        if change == "bytes":
            payload = draw(st.binary(max_size=64))
        elif change == "cut":
            payload = payload[: draw(st.integers(0, len(payload)))]
        elif change == "markup" and b"?>" in payload:
            payload = _after_root(payload, draw(XMLISH))
        elif change == "xml":
            payload = draw(XMLISH)
        members.append((name, payload))
    if draw(st.booleans()):
        members.append((draw(st.sampled_from(["word/extra.xml", "../evil", "a" * 300])), b"x"))
    return _zip(members)


@st.composite
def marked_up(draw) -> bytes:
    """A real template with comments and processing instructions in its XML parts: usable."""
    markup = st.sampled_from([b"<!-- made in Word -->", b"<?mso-application x?>", b"<!---->"])
    return _zip(
        [
            (name, _after_root(payload, draw(markup)))
            if name.endswith(".xml") and b"?>" in payload and draw(st.booleans())
            else (name, payload)
            for name, payload in BASE_PARTS.items()
        ]
    )


@st.composite
def random_zips(draw) -> bytes:
    # zipfile cuts a name at its first NUL; a name that is empty then cannot be written at all.
    names = st.one_of(
        st.sampled_from(sorted(BASE_PARTS)),
        st.text(min_size=1, max_size=20).filter(lambda n: n.split("\x00")[0]),
    )
    members = draw(
        st.lists(st.tuples(names, st.one_of(st.binary(max_size=64), XMLISH)), max_size=8)
    )
    return _zip(members, draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])))


@st.composite
def flipped(draw) -> bytes:
    """The real template with a few bytes changed (compressed streams, headers, CRCs)."""
    data = bytearray(BASE)
    for _ in range(draw(st.integers(1, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


FILES = st.one_of(st.binary(max_size=300), random_zips(), mutated_docx(), marked_up(), flipped())
NAMES = st.sampled_from(["house.docx"] * 4 + ["house.dotx", "HOUSE.DOCX", "house.docm", ""])


@FUZZ
@given(data=FILES, name=NAMES)
def test_any_upload_is_refused_with_a_reason_or_stored_and_usable(organisation, lead, data, name):
    try:
        template = services.store_house_template(
            organisation, lead, SimpleUploadedFile(name or "x", data)
        )
    except ValidationError as error:
        event(f"refused: {error.code}")
        assert error.messages and error.code
        assert not HouseTemplate.objects.exists()
        assert not AuditEvent.objects.filter(organisation=organisation).exists()
        return
    event("stored")
    stored = bytes(template.content)
    build_on_template(sample_document("nl", "Gemeente"), stored)  # no fallback needed
    built = render.render(sample_document("en"), "docx", organisation=organisation)
    docx.Document(io.BytesIO(built))
    services.missing_styles(organisation)
    HouseTemplate.objects.all().delete()
    AuditEvent.objects.all().delete()


@settings(FUZZ, max_examples=20)
@given(data=FILES)
def test_the_upload_page_never_fails(lead_client, data):
    response = lead_client.post(
        reverse("documents:house_template"), {"file": SimpleUploadedFile("house.docx", data)}
    )
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert lead_client.get(reverse("documents:sample", args=["docx"])).status_code == 200
    HouseTemplate.objects.all().delete()


def _encrypted(data: bytes) -> bytes:
    """Every member marked as encrypted (bit 0 of the flags, local and central headers)."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = out.find(signature)
        while at != -1:
            (flags,) = struct.unpack_from("<H", out, at + offset)
            struct.pack_into("<H", out, at + offset, flags | 1)
            at = out.find(signature, at + 4)
    return bytes(out)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_encrypted(BASE), id="encrypted"),
        pytest.param(BASE.replace(b"word/document.xml", b"word/document.xmL", 1), id="renamed"),
    ],
)
def test_a_damaged_or_encrypted_package_is_refused_not_a_server_error(organisation, lead, data):
    with pytest.raises(ValidationError) as error:
        services.store_house_template(organisation, lead, SimpleUploadedFile("h.docx", data))
    assert error.value.code == "not_docx"

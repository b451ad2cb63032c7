"""Every form on every page a lead can open, sent with hostile values: never a server error.

The forms are found the way a browser finds them (core.tests.forms), so a new form is
fuzzed without a line here. Forms that end the session or delete things are left out:
they are tested on their own, and one of them would end this test's organisation."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from govsocial.core.tests.forms import _Form
from govsocial.core.tests.test_every_page import _demo_lead, _html_pages, _page_urls

pytestmark = pytest.mark.django_db

# Ending the session, the language switch (a redirect by design), and deleting or removing.
LEFT_OUT = re.compile(r"logout|sign-out|language|delete|remove|leave|disable|revoke|/host/")
DOWNLOAD = re.compile(r"\.[a-z]{2,4}$|/download/|/export")
HOSTILE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "9" * 5000,
            "-1",
            "0",
            "٣",
            "x" * 20_000,
            "<script>alert(1)</script>",
            "=1+1",
            "2020-13-45",
            "\x00",
            "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
            "../../etc/passwd",
            "yes",
            "on",
        ]
    ),
)
FILES = st.one_of(
    st.binary(max_size=200),
    st.sampled_from([b"", b"a: &a [1]\nb: *a\n", b"PK\x03\x04" + b"\x00" * 40, b"\xff\xfe"]),
)


@pytest.fixture
def every_form(client):
    lead, organisation = _demo_lead()
    client.force_login(lead)
    # Pages only: a download (a PDF, a ZIP) has no form and costs a render.
    urls = [url for url in _page_urls(organisation) if not DOWNLOAD.search(url)]
    pages, _errors = _html_pages(client, urls)
    found = {}
    for url in pages:
        parsed = _Form(client.get(url).content.decode())
        for fields, attributes, files in zip(
            parsed.forms, parsed.attributes, parsed.files, strict=True
        ):
            if attributes.get("method", "get").lower() != "post":
                continue
            action = attributes.get("action") or url
            if LEFT_OUT.search(action):
                continue
            # One form per kind: /people/1/role/ and /people/2/role/ are the same form.
            kind = (re.sub(r"\d+", "N", action), tuple(name for name, _value in fields))
            found.setdefault(kind, (action, fields, files))
    assert len(found) >= 30, sorted(found)
    return client, [found[kind] for kind in sorted(found)]


@settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_form_answers_hostile_values_without_a_server_error(every_form, data):
    client, forms = every_form
    action, fields, files = data.draw(st.sampled_from(forms), label="form")
    post: dict[str, list] = {}
    for name, value in fields:
        if name != "csrfmiddlewaretoken" and data.draw(st.booleans(), label=f"change {name}"):
            value = data.draw(HOSTILE, label=name)
        post.setdefault(name, []).append(value)
    for name in files:
        post[name] = [SimpleUploadedFile("upload.bin", data.draw(FILES, label=name))]
    if data.draw(st.booleans(), label="an extra action"):
        post["action"] = [data.draw(HOSTILE, label="action")]
    response = client.post(action, post)
    event(f"{response.status_code}")
    assert response.status_code < 500, (action, response.status_code)

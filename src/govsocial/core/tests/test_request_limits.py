"""Request bodies over GOVSOCIAL_MAX_REQUEST_BYTES are refused before anything reads them."""

import io

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TWO_HUNDRED_MB = 200 * 1024 * 1024


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anyone reads it."""

    def readable(self):
        return True

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


def _huge_upload(client, url, **extra):
    return client.generic(
        "POST",
        url,
        b"x",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(TWO_HUNDRED_MB),
        **{"wsgi.input": UnreadableBody()},
        **extra,
    )


def test_a_200_mb_anonymous_upload_is_refused_with_413_without_reading_it(client):
    response = _huge_upload(client, reverse("core:login"))
    assert response.status_code == 413
    assert "Too much sent at once" in response.content.decode()
    assert "10.0\xa0MB" in response.content.decode()


def test_the_refusal_is_in_the_persons_language(client, lead):
    client.cookies["govsocial_language"] = "nl"
    assert "Te veel tegelijk verstuurd" in _huge_upload(client, "/").content.decode()
    lead.language = "nl"
    lead.save()
    client.cookies.clear()
    client.force_login(lead)
    response = _huge_upload(client, reverse("core:people"))
    assert response.status_code == 413
    assert "Te veel tegelijk verstuurd" in response.content.decode()


def test_the_limit_is_a_setting_and_smaller_requests_pass(client, settings, lead):
    settings.GOVSOCIAL_MAX_REQUEST_BYTES = 2000
    data = {"username": "lead", "password": "x" * 3000}
    assert client.post(reverse("core:login"), data).status_code == 413
    assert (
        client.post(reverse("core:login"), {"username": "lead", "password": "x"}).status_code == 200
    )


def test_a_chunked_body_without_a_length_is_refused(client):
    response = client.generic(
        "POST",
        reverse("core:login"),
        b"",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 411


def test_a_nonsense_length_is_refused(client):
    response = client.generic(
        "POST",
        reverse("core:login"),
        b"x",
        CONTENT_LENGTH="lots",
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 400


def test_upload_settings_keep_form_data_and_files_small(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    assert settings.GOVSOCIAL_MAX_REQUEST_BYTES == 10 * 1024 * 1024

"""One validator for a draft's input, shared by the check page, the JSON API and the command."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from govsocial.training.drafts import DraftInput, DraftInvalid, draft_input


def test_a_valid_draft_with_every_option():
    draft = draft_input(
        {
            "text": "Read the news",
            "platform": " X ",
            "language": "nl",
            "has_image": "on",
            "alt_text": "A map of the park",
            "kind": "points_elsewhere",
        }
    )
    assert draft == DraftInput(
        text="Read the news",
        platform="x",
        language="nl",
        has_image=True,
        alt_text="A map of the park",
        is_public_already=False,
        only_links=True,
    )
    assert "text" not in draft.options() and draft.options()["platform"] == "x"


@pytest.mark.parametrize(
    "data,expected",
    [
        ({}, (None, None)),
        ({"kind": "unsure"}, (None, None)),
        ({"kind": "already_public"}, (True, False)),
        ({"kind": "new_content"}, (False, False)),
        ({"is_public_already": "true", "only_links": "0"}, (True, False)),
        ({"is_public_already": False, "only_links": True}, (False, True)),
    ],
)
def test_what_the_post_does_from_a_kind_or_from_two_flags(data, expected):
    draft = draft_input({"text": "Hello", **data})
    assert (draft.is_public_already, draft.only_links) == expected


@pytest.mark.parametrize(
    "data,field,code",
    [
        ({"text": "  "}, "text", "empty"),
        ({"text": 5}, "text", "empty"),
        ({"text": "x" * 70_001}, "text", "too_long"),
        ({"text": "hi", "language": "fr"}, "language", "unknown"),
        ({"text": "hi", "platform": "myspace"}, "platform", "unknown"),
        ({"text": "hi", "platform": 5}, "platform", "unknown"),
        ({"text": "hi", "alt_text": "x" * 2001}, "alt_text", "too_long"),
        ({"text": "hi", "kind": "rumour"}, "kind", "unknown"),
    ],
)
def test_bad_input_names_the_field(data, field, code):
    with pytest.raises(DraftInvalid) as error:
        draft_input(data)
    assert (error.value.field, error.value.code) == (field, code)


def test_the_message_is_given_in_either_language():
    with pytest.raises(DraftInvalid) as error:
        draft_input({"text": "hi", "platform": "myspace"})
    assert error.value.message("en").startswith("Unknown platform myspace")
    assert error.value.message("nl").startswith("Onbekend platform myspace")
    with translation.override("nl"):
        assert str(error.value) == error.value.message("en")  # str(): the language when raised


# --- the same rules on every surface ----------------------------------------------------------

TOO_LONG_ALT_TEXT = {"text": "Our new park", "has_image": True, "alt_text": "x" * 2001}


def test_the_json_api_applies_the_shared_rules(staff_client):
    url = reverse("training:check_api")
    response = staff_client.post(
        url, json.dumps(TOO_LONG_ALT_TEXT), content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["field"] == "alt_text"
    # a platform that is not text was a server error before the shared validator
    response = staff_client.post(
        url, json.dumps({"text": "hi", "platform": 5}), content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["field"] == "platform"


def test_the_check_page_applies_the_shared_rules(staff_client):
    response = staff_client.post(reverse("training:check"), {**TOO_LONG_ALT_TEXT, "kind": "unsure"})
    page = response.content.decode()
    assert "There is a problem" in page and "Ensure this value has at most 2000" in page


def test_the_command_applies_the_shared_rules(db):
    with pytest.raises(CommandError) as error:
        call_command("post", "check", "--text", "Our new park", "--image", "--alt-text", "x" * 2001)
    assert error.value.returncode == 2 and "alt text is too long" in str(error.value)


def test_the_command_names_an_unknown_language_in_both_languages(db):
    with pytest.raises(CommandError) as error:
        call_command("post", "check", "--text", "Hello", "--lang", "fr")
    assert str(error.value) == (
        "Unknown language fr; use en or nl. / Onbekende taal fr; gebruik en of nl."
    )


def test_the_command_refuses_an_unknown_organisation(organisation):
    with pytest.raises(CommandError) as error:
        call_command("post", "check", "--text", "Hello", "--org", "nowhere")
    assert error.value.returncode == 2 and organisation.slug in str(error.value)

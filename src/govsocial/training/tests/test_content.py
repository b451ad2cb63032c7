"""The training knowledge in `content/*.yaml`: loaded, validated, and naming only real policy clauses."""

import copy

import pytest
from django.utils import translation

from govsocial.core.content import ContentError, read_yaml
from govsocial.policies import services as policies
from govsocial.policies.services import clause_ids
from govsocial.training import content, services
from govsocial.training.checker import OrganisationContext, check_post
from govsocial.training.drafts import draft_input

from .factories import publish_policy


def _named_clause_ids() -> set[str]:
    checker = read_yaml(content.CONTENT_DIR / "checker.yaml")
    quiz = read_yaml(content.CONTENT_DIR / "quiz.yaml")
    named = {hint for hints in checker["clause_hints"].values() for hint in hints}
    for hints in quiz["topic_clauses"].values():
        named |= set(hints["ids"] if isinstance(hints, dict) else hints)
    return named


def test_every_clause_id_in_the_training_content_is_a_policy_clause():
    assert sorted(_named_clause_ids() - clause_ids()) == []


def _loading(monkeypatch, name, break_it, load):
    """Load `name` after `break_it` changed its raw data."""
    original = content._read
    broken = copy.deepcopy(original(name))
    break_it(broken)
    monkeypatch.setattr(content, "_read", lambda n: broken if n == name else original(n))
    for cached in (content.checker, content._quiz):
        cached.cache_clear()
    try:
        load()
    finally:
        for cached in (content.checker, content._quiz):
            cached.cache_clear()


@pytest.mark.parametrize(
    "name,break_it,message",
    [
        (
            "checker.yaml",
            lambda d: d["clause_hints"].update(profanity=["principles", "dos_donts"]),
            r"clause_hints.profanity: unknown policy clause 'dos_donts'",
        ),
        (
            "checker.yaml",
            lambda d: d["clause_hints"].pop("election"),
            r"clause_hints: missing 'election'",
        ),
        (
            "quiz.yaml",
            lambda d: d["topic_clauses"].update(roles=["roles_responsibilities"]),
            r"topic_clauses.roles: unknown policy clause 'roles_responsibilities'",
        ),
        (
            "quiz.yaml",
            lambda d: d["questions"][0].update(needs=["comments_allowed"]),
            r"needs: unknown policy answer 'comments_allowed'",
        ),
        (
            "quiz.yaml",
            lambda d: d["questions"][0]["prompt"].update(
                en="Ask %(officers)s", nl="Vraag %(officers)s"
            ),
            r"uses %\(name\)s; write \{name\} instead",
        ),
        (
            "quiz.yaml",
            lambda d: d["questions"][0]["prompt"].update(en="Ask {boss}", nl="Vraag {boss}"),
            r"no value fills \['boss'\]",
        ),
    ],
)
def test_the_loader_refuses_what_the_policy_builder_does_not_have(
    monkeypatch, name, break_it, message
):
    with pytest.raises(ContentError, match=message):
        _loading(monkeypatch, name, break_it, content.validate_all)


def test_every_fault_is_named_at_once(monkeypatch):
    def break_it(data):
        data["clause_hints"]["length"] = ["dos_donts"]
        data["clause_hints"]["hashtags"] = ["accessibility_of_posts"]

    with pytest.raises(ContentError) as error:
        _loading(monkeypatch, "checker.yaml", break_it, content.checker)
    assert len(error.value.problems) == 2


def test_a_reason_shows_the_title_of_the_clause_it_cites_in_the_readers_language():
    clauses = {
        "principles": ("Uitgangspunten", "…"),
        "dos_and_donts": ("Do's en don'ts", "…"),
        "accessibility": ("Toegankelijkheid van berichten", "…"),
    }
    verdict = check_post(
        "#a #b #c #d #e",
        language="nl",
        organisation_context=OrganisationContext(clauses=clauses),
    )
    by_code = {r.code: r for r in verdict.reasons}
    assert (by_code["hashtags.too_many"].clause_id, by_code["hashtags.too_many"].clause_title) == (
        "accessibility",
        "Toegankelijkheid van berichten",
    )
    assert by_code["reminder.public_meeting"].clause_title == "Uitgangspunten"


def test_with_a_published_policy_every_reason_cites_one_of_its_clauses(organisation, lead):
    publish_policy(organisation, lead)
    clauses = policies.published_policy(organisation).clauses("nl")
    with translation.override("nl"):
        verdict = services.check(
            organisation,
            draft_input({"text": "Mijn BSN is 111222333, kutzooi #a #b #c #d", "has_image": True}),
        )
    assert len(verdict.reasons) >= 6
    for reason in verdict.reasons:
        assert reason.clause_title == clauses[reason.clause_id].title
    assert {r.clause_id for r in verdict.reasons} == {
        "decision_guide",
        "data_privacy_archiving",
        "principles",
        "accessibility",
    }


@pytest.mark.parametrize(
    "name,break_it,message",
    [
        (
            "words.yaml",
            lambda d: d["lists"]["en"]["abuse"]["phrases"].append(" "),
            r"lists\.en\.abuse\.phrases\[2\]: a word, not empty",
        ),
        (
            "words.yaml",
            lambda d: d["lists"]["en"]["profanity"]["contains"].append("f*ck"),
            r"lists\.en\.profanity\.contains\[1\]: letters only",
        ),
        (
            "words.yaml",
            lambda d: d["innocent_phrases"]["nl"].append(""),
            r"innocent_phrases\.nl\[\d+\]: a word, not empty",
        ),
        (
            "political.yaml",
            lambda d: d["keywords"]["en"].append(5),
            r"keywords\.en\[\d+\]: a word, not empty",
        ),
    ],
)
def test_an_empty_word_or_a_contained_part_that_is_not_letters_is_refused(
    monkeypatch, name, break_it, message
):
    # An empty phrase matched everywhere: every draft had "abusive wording ()".
    original = content._read
    broken = copy.deepcopy(original(name))
    break_it(broken)
    monkeypatch.setattr(content, "_read", lambda n: broken if n == name else original(n))
    for cached in (content.words, content.political):
        cached.cache_clear()
    try:
        with pytest.raises(ContentError, match=message):
            content.words() if name == "words.yaml" else content.political()
    finally:
        for cached in (content.words, content.political):
            cached.cache_clear()

"""The training knowledge in `content/*.yaml`: loaded, validated, and naming only real policy clauses."""

from govsocial.core.content import read_yaml
from govsocial.policies.services import clause_ids
from govsocial.training import content


def _named_clause_ids() -> set[str]:
    checker = read_yaml(content.CONTENT_DIR / "checker.yaml")
    quiz = read_yaml(content.CONTENT_DIR / "quiz.yaml")
    named = {hint for hints in checker["clause_hints"].values() for hint in hints}
    for hints in quiz["topic_clauses"].values():
        named |= set(hints["ids"] if isinstance(hints, dict) else hints)
    return named


def test_every_clause_id_in_the_training_content_is_a_policy_clause():
    assert sorted(_named_clause_ids() - clause_ids()) == []

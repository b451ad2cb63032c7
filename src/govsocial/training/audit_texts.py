"""Training's audit actions as sentences (see core registry.register_audit_texts)."""

from django.utils.translation import gettext_lazy as _

KINDS = {"training": _("Training")}

SENTENCES = {
    "training.policy.acknowledged": (
        _("Confirmed reading version %(version)s of the policy"),
        _("Confirmed reading the policy"),
    ),
    "training.quiz.taken": (
        _("Took the quiz: %(score)s of %(total)s right"),
        _("Took the quiz"),
    ),
    "training.election_period.added": _("Added an election period"),
    "training.election_period.deleted": _("Deleted an election period"),
    "training.game.created": _("Started a game session"),
    "training.game.dealt": (_("Dealt round %(round)s of the game"), _("Dealt a game round")),
    "training.game.choices": (
        _("Recorded the players' choices in round %(round)s"),
        _("Recorded the players' choices"),
    ),
    "training.game.revealed": (
        _("Revealed the effects of round %(round)s"),
        _("Revealed a round's effects"),
    ),
    "training.game.ended": _("Ended a game session"),
    "training.game.guidelines_proposed": _("Proposed policy changes from the game"),
}

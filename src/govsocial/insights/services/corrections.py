"""A person corrects a comment's sentiment label: audited, shown instead of the
method's label, and used as a labelled example by the next evaluation."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from govsocial.archive import services as archive
from govsocial.core.access import scoped
from govsocial.core.models import Organisation, Person
from govsocial.core.services.audit import record_event

from ..models import SentimentCorrection
from .errors import InsightsError
from .evaluation import Labelled
from .methods import score_one
from .sentiment import LABELS


def corrections(organisation: Organisation) -> dict[int, str]:
    """Item id → the label a person gave it."""
    return dict(scoped(SentimentCorrection, organisation).values_list("item_id", "label"))


def correct_label(
    organisation: Organisation, person: Person | None, item_id: int, label: str
) -> SentimentCorrection:
    if label not in LABELS:
        raise InsightsError(_("Choose positive, neutral or negative."))
    item = archive.interactions_by_id(organisation, [item_id]).get(item_id)
    if item is None or item.author_kind != "public":
        raise Http404("Not found")
    scored = score_one(item.text)  # what the installation's method says
    with transaction.atomic():
        correction, _created = SentimentCorrection.objects.update_or_create(
            organisation=organisation,
            item_id=item_id,
            defaults={
                "channel_id": item.channel_id,
                "label": label,
                "method_label": scored.label,
                "language": scored.language,
                "corrected_by": person,
            },
        )
        record_event(
            organisation,
            person,
            "insights.sentiment_corrected",
            correction,
            summary=f"sentiment of archive item {item_id}: {scored.label} → {label}",
            item=item_id,
            old=scored.label,
            new=label,
        )
    return correction


def corrected_examples(organisation: Organisation) -> list[Labelled]:
    """The corrected comments as labelled rows (comments since destroyed are left out)."""
    rows = list(
        scoped(SentimentCorrection, organisation).values_list("item_id", "label", "language")
    )
    texts = archive.interactions_by_id(organisation, [item_id for item_id, _l, _g in rows])
    return [
        Labelled(texts[item_id].text, label, language)
        for item_id, label, language in rows
        if item_id in texts
    ]

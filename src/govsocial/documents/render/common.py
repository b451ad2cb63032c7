"""What every renderer shares: the organisation's name, the section walk, clean text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from ..model import Block, Chart, Document, Section

if TYPE_CHECKING:  # pragma: no cover
    from govsocial.core.models import Organisation


def organisation_name(document: Document, organisation: Organisation | None = None) -> str:
    if document.organisation:
        return document.organisation
    if organisation is not None:
        return organisation.name(document.language)
    return ""


def walk(blocks: list[Block], depth: int = 1) -> Iterator[tuple[Block, int]]:
    for block in blocks:
        yield block, depth
        if isinstance(block, Section):
            yield from walk(block.blocks, depth + 1)


_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean_text(text: object) -> str:
    """Text Word can hold: control characters (pasted from elsewhere) are dropped."""
    return _NOT_XML.sub("", str(text))


def data_reference(chart: Chart) -> str:
    """Where a chart's numbers are, when a table beside it already holds them."""
    return _("The numbers in this chart are in the table “%(table)s”.") % {"table": chart.data_in}

"""Grounds for withholding information in a records request: the Dutch Woo and
the UK Freedom of Information Act 2000. A redaction records one; every output
shows the blank as "[redacted: <ground>]"."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Ground:
    code: str
    short: str  # as it stands in the blank: "Woo 5.1.2.e", "FOI s.40"
    label: Promise | str


GROUNDS = {
    g.code: g
    for g in (
        Ground("woo-5.1.2.e", "Woo 5.1.2.e", gettext_lazy("Woo art. 5.1(2)(e): respect for private life (personal data)")),
        Ground("woo-5.1.1.d", "Woo 5.1.1.d", gettext_lazy("Woo art. 5.1(1)(d): special categories of personal data")),
        Ground("woo-5.1.1.e", "Woo 5.1.1.e", gettext_lazy("Woo art. 5.1(1)(e): national identification numbers")),
        Ground("woo-5.1.2.i", "Woo 5.1.2.i", gettext_lazy("Woo art. 5.1(2)(i): the proper functioning of the administrative body")),
        Ground("woo-5.2", "Woo 5.2", gettext_lazy("Woo art. 5.2: personal policy opinions in internal consultation")),
        Ground("foi-s40", "FOI s.40", gettext_lazy("FOI Act s.40: personal information")),
        Ground("foi-s41", "FOI s.41", gettext_lazy("FOI Act s.41: information provided in confidence")),
        Ground("foi-s43", "FOI s.43", gettext_lazy("FOI Act s.43: commercial interests")),
        Ground("foi-s31", "FOI s.31", gettext_lazy("FOI Act s.31: law enforcement")),
        Ground("foi-s38", "FOI s.38", gettext_lazy("FOI Act s.38: health and safety")),
    )
}  # fmt: skip
PERSONAL_DATA = {"NL": "woo-5.1.2.e", "BE": "woo-5.1.2.e", "GB": "foi-s40"}


def ground_choices() -> list[tuple[str, str]]:
    return [(g.code, str(g.label)) for g in GROUNDS.values()]


def personal_data_ground(country: str) -> str:
    return PERSONAL_DATA.get(country, "woo-5.1.2.e")


def blank(code: str) -> str:
    """The marked blank that stands where a passage was redacted, in the active language."""
    ground = GROUNDS.get(code)
    return _("[redacted: %(ground)s]") % {"ground": ground.short if ground else code}

"""A weekday × hour heat map: when the public reacts (shade) against when the
organisation posts (dots), as SVG with its data as a table beside it.

The shade steps are one hue from light to dark; the dots are a second colour
with a white ring, so posts stay visible on every shade and in grey print.
The table gives the same counts in blocks of three hours (a 24-column table
does not fit a page)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .charts import MUTED, PALETTE, _chart_id, _f, _svg, _text
from .model import Chart, Table

SHADES = ["#ffffff", "#dbe9f6", "#9ecae1", "#4a8fc4", "#0b3a5b"]  # none → most reactions
DOT = PALETTE[1]
BLOCK_HOURS = 3


def weekday_names() -> list[str]:
    return [
        pgettext("weekday", "Monday"),
        pgettext("weekday", "Tuesday"),
        pgettext("weekday", "Wednesday"),
        pgettext("weekday", "Thursday"),
        pgettext("weekday", "Friday"),
        pgettext("weekday", "Saturday"),
        pgettext("weekday", "Sunday"),
    ]


def _shade(value: int, top: int) -> str:
    if value <= 0 or top <= 0:
        return SHADES[0]
    return SHADES[min(len(SHADES) - 1, 1 + (len(SHADES) - 1) * (value - 1) // top)]


def _peak(grid: Sequence[Sequence[int]], days: list[str]) -> str:
    best = max(((v, d, h) for d, row in enumerate(grid) for h, v in enumerate(row)), default=None)
    if best is None or best[0] == 0:
        return _("none")
    value, day, hour = best
    return _("%(day)s %(hour)02d:00 (%(count)s)") % {"day": days[day], "hour": hour, "count": value}


def _cells(
    posting: Sequence[Sequence[int]],
    reactions: Sequence[Sequence[int]],
    top_reactions: int,
    top_posts: int,
    left: float,
    top: float,
) -> list[str]:
    cell = 22.0
    body: list[str] = []
    for day in range(7):
        for hour in range(24):
            x, y = left + hour * cell, top + day * cell
            fill = _shade(reactions[day][hour], top_reactions)
            body.append(
                f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(cell)}" height="{_f(cell)}" '
                f'fill="{fill}" stroke="#c8c8c8" stroke-width="0.5"/>'
            )
            posts = posting[day][hour]
            if posts:
                radius = 2.5 + 4.5 * posts / top_posts
                body.append(
                    f'<circle cx="{_f(x + cell / 2)}" cy="{_f(y + cell / 2)}" r="{_f(radius)}" '
                    f'fill="{DOT}" stroke="#ffffff" stroke-width="1.2"/>'
                )
    return body


def heat_map(
    posting: Sequence[Sequence[int]],
    reactions: Sequence[Sequence[int]],
    title: str,
) -> Chart:
    """`posting` and `reactions`: 7 rows (Monday first) of 24 hourly counts."""
    if (
        len(posting) != 7
        or len(reactions) != 7
        or any(len(r) != 24 for r in [*posting, *reactions])
    ):
        raise ValueError("a heat map needs 7 rows of 24 hours")
    days = weekday_names()
    left, top, cell = 96.0, 24.0, 22.0
    top_reactions = max((v for row in reactions for v in row), default=0)
    top_posts = max((v for row in posting for v in row), default=0) or 1
    body = [
        _text(left + h * cell + cell / 2, top - 8, f"{h:02d}", anchor="middle", size=10, fill=MUTED)
        for h in range(0, 24, 3)
    ]
    body += [
        _text(left - 8, top + d * cell + cell / 2 + 4, days[d], anchor="end", size=11.5)
        for d in range(7)
    ]
    body += _cells(posting, reactions, top_reactions, top_posts, left, top)
    legend_y = top + 7 * cell + 24
    body.append(_text(left, legend_y + 4, _("Reactions from the public:"), size=11.5))
    for i, colour in enumerate(SHADES):
        x = left + 190 + i * 26
        body.append(
            f'<rect x="{_f(x)}" y="{_f(legend_y - 7)}" width="22" height="14" fill="{colour}" '
            f'stroke="#767676" stroke-width="0.8"/>'
        )
    body.append(_text(left + 190 + 5 * 26 + 6, legend_y + 4, _("fewer to more"), size=11.5))
    body.append(
        f'<circle cx="{_f(left + 201)}" cy="{_f(legend_y + 22)}" r="5" fill="{DOT}" '
        f'stroke="#ffffff" stroke-width="1.2"/>'
    )
    body.append(_text(left + 216, legend_y + 26, _("posts by the organisation"), size=11.5))
    height = legend_y + 44
    desc = _("Busiest hour for reactions: %(reactions)s. Busiest hour for posts: %(posts)s.") % {
        "reactions": _peak(reactions, days),
        "posts": _peak(posting, days),
    }
    blocks = [f"{h:02d}–{h + BLOCK_HOURS:02d}" for h in range(0, 24, BLOCK_HOURS)]
    rows = []
    for d in range(7):
        row = [days[d]]
        for h in range(0, 24, BLOCK_HOURS):
            posts = sum(posting[d][h : h + BLOCK_HOURS])
            reacted = sum(reactions[d][h : h + BLOCK_HOURS])
            row.append(f"{posts} / {reacted}")
        rows.append(row)
    caption = _("%(title)s: posts / reactions per block of three hours") % {"title": title}
    chart_id = _chart_id("heat", tuple(map(tuple, posting)), tuple(map(tuple, reactions)), title)
    return Chart(
        svg=_svg(chart_id, left + 24 * cell + 16, height, title, desc, body),
        title=title,
        data=Table(header=[_("Day"), *blocks], rows=rows, caption=caption),
    )


__all__ = ["heat_map", "weekday_names"]

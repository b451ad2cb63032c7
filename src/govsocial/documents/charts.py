"""Charts drawn on the server as SVG, so the web page and the PDF show the same picture.

Every chart comes back as a `model.Chart`: the SVG (role="img" with a <title>
and a <desc> that states the numbers), the title, and a `model.Table` with the
same data for screen readers, DOCX and Markdown. Labels are escaped; the SVG
holds no scripts, no links and no external references.

Words in the data tables ("Value", "Benchmark median", ...) and number formats
follow the active language: build charts inside `translation.override(lang)`.

Colours have at least 3:1 contrast against white (WCAG 1.4.11) and series
differ in dash pattern and marker shape as well as colour, so they stay
distinguishable in a black-and-white print.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from html import escape

from django.utils import formats
from django.utils.translation import gettext as _

from .model import Chart, Table

FONT = "Liberation Sans, DejaVu Sans, Arial, Helvetica, sans-serif"
TEXT = "#1a1a1a"
MUTED = "#4d4d4d"
GRID = "#c8c8c8"
# Contrast against white: 11.9, 4.6, 5.3, 8.0, 6.2, 5.6 — all above 3:1.
PALETTE = ["#0b3a5b", "#b35000", "#1d7a45", "#6a3d9a", "#b2182b", "#00707a"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "4 4", "1 2"]
BENCHMARK_BAND = "#d9d9d9"

Number = float | int | None


# --- helpers -----------------------------------------------------------------


_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _e(text: object) -> str:
    """Text for SVG: escaped, without characters XML cannot hold (control characters)."""
    return escape(_NOT_XML.sub("", str(text)), quote=True)


def _num(value: Number) -> str:
    """A number as people read it in the active language (12, 12.5 / 12,5)."""
    if value is None:
        return "–"
    value = float(value)
    if value == int(value):
        return formats.number_format(int(value), 0)
    return formats.number_format(round(value, 1), 1)


def _f(value: float) -> str:
    """A coordinate in the SVG."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _chart_id(*parts: object) -> str:
    digest = hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:10]
    return f"chart-{digest}"


def _nice_max(values: Sequence[Number]) -> float:
    top = max((float(v) for v in values if v is not None), default=0.0)
    if top <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(top))
    for step in (1, 2, 2.5, 5, 10):
        if top <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _ticks(max_value: float) -> list[float]:
    """Gridline values from 0 to max_value at round steps (25, 50, ... or 50, 100, ...)."""
    for count in (4, 5, 2, 3):
        step = max_value / count
        magnitude = 10 ** math.floor(math.log10(step)) if step > 0 else 1
        if any(abs(step - m * magnitude) < 1e-9 * max(step, 1) for m in (1, 2, 2.5, 5)):
            return [step * i for i in range(count + 1)]
    return [max_value * i / 4 for i in range(5)]


def _wrap(text: str, width: int, max_lines: int = 2) -> list[str]:
    """Break a label into at most `max_lines` lines of about `width` characters."""
    words = str(text).split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if not lines:
        return [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return [line if len(line) <= width + 6 else line[: width + 5] + "…" for line in lines]


def _text(
    x: float,
    y: float,
    label: str,
    *,
    anchor: str = "start",
    size: float = 12,
    weight: str = "normal",
    fill: str = TEXT,
    width: int = 0,
    max_lines: int = 2,
    line_height: float = 14,
) -> str:
    """A <text> element; with `width`, the label wraps over lines centred on y."""
    lines = _wrap(label, width, max_lines) if width else [str(label)]
    first_dy = -(len(lines) - 1) * line_height / 2
    attrs = (
        f'x="{_f(x)}" y="{_f(y)}" font-size="{_f(size)}" text-anchor="{anchor}" fill="{fill}"'
        + (f' font-weight="{weight}"' if weight != "normal" else "")
    )
    if len(lines) == 1:
        return f"<text {attrs}>{_e(lines[0])}</text>"
    spans = "".join(
        f'<tspan x="{_f(x)}" dy="{_f(first_dy if i == 0 else line_height)}">{_e(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f"<text {attrs}>{spans}</text>"


def _vertical_grid(x_of, max_value: float, top: float, bottom: float) -> list[str]:
    """Gridlines at round values across a horizontal bar chart, numbered below it."""
    parts = []
    for tick in _ticks(max_value):
        x = x_of(tick)
        parts.append(
            f'<line x1="{_f(x)}" y1="{_f(top)}" x2="{_f(x)}" y2="{_f(bottom)}" stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(_text(x, bottom + 16, _num(tick), anchor="middle", size=10.5, fill=MUTED))
    return parts


def _value_label(x: float, y: float, value: Number) -> str:
    """A bold number beside a bar, on a white patch so gridlines don't cross it."""
    text = _num(value)
    width = 6.6 * len(text) + 6
    return (
        f'<rect x="{_f(x - 3)}" y="{_f(y - 11)}" width="{_f(width)}" height="15" fill="#ffffff" '
        f'fill-opacity="0.9"/>' + _text(x, y, text, size=11, weight="bold")
    )


def _marker(shape: int, x: float, y: float, colour: str, size: float = 4.5) -> str:
    shape %= 4
    if shape == 0:
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(size)}" fill="{colour}"/>'
    if shape == 1:
        s = size * 0.9
        return f'<rect x="{_f(x - s)}" y="{_f(y - s)}" width="{_f(2 * s)}" height="{_f(2 * s)}" fill="{colour}"/>'
    if shape == 2:
        s = size * 1.2
        points = f"{_f(x)},{_f(y - s)} {_f(x + s)},{_f(y + s * 0.8)} {_f(x - s)},{_f(y + s * 0.8)}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    s = size * 1.15
    points = f"{_f(x)},{_f(y - s)} {_f(x + s)},{_f(y)} {_f(x)},{_f(y + s)} {_f(x - s)},{_f(y)}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def _svg(chart_id: str, width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gs-chart" viewBox="0 0 {_f(width)} {_f(height)}" '
        f'width="{_f(width)}" height="{_f(height)}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{FONT}">'
        f'<title id="{chart_id}-title">{_e(title)}</title>'
        f'<desc id="{chart_id}-desc">{_e(desc)}</desc>'
        f'<rect width="{_f(width)}" height="{_f(height)}" fill="#ffffff"/>'
        + "".join(body)
        + "</svg>"
    )


def _legend(
    names: Sequence[str], x: float, y: float, width: float, *, lines: bool
) -> tuple[str, float]:
    """A legend row(s); returns the markup and the height it takes."""
    parts: list[str] = []
    cx, cy = x, y
    for index, name in enumerate(names):
        colour = PALETTE[index % len(PALETTE)]
        label = _wrap(name, 48, 1)[0]
        item_width = 34 + 6.2 * len(label) + 18
        if cx + item_width > x + width and cx > x:
            cx = x
            cy += 20
        if lines:
            dash = DASHES[index % len(DASHES)]
            parts.append(
                f'<line x1="{_f(cx)}" y1="{_f(cy)}" x2="{_f(cx + 26)}" y2="{_f(cy)}" stroke="{colour}" '
                f'stroke-width="2.5"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
            )
        else:
            parts.append(
                f'<rect x="{_f(cx + 4)}" y="{_f(cy - 6)}" width="18" height="12" fill="{colour}"/>'
            )
        parts.append(_marker(index, cx + 13, cy, colour, 3.5) if lines else "")
        parts.append(_text(cx + 32, cy + 4, label, size=11.5))
        cx += item_width
    return "".join(parts), cy - y + 20


def _check_lengths(expected: int, **named: Sequence | None) -> None:
    for name, values in named.items():
        if values is not None and len(values) != expected:
            raise ValueError(f"{name} has {len(values)} values; expected {expected}")


# --- the charts -------------------------------------------------------------


def radar_chart(
    axes: list[str],
    series: list[tuple[str, list[float]]],
    title: str,
    max_value: float = 100,
    *,
    category_label: str | None = None,
) -> Chart:
    """A spider chart: one polygon per series over the axes (e.g. maturity themes)."""
    if len(axes) < 3:
        raise ValueError("a radar chart needs at least three axes")
    for name, values in series:
        _check_lengths(len(axes), **{f"series {name!r}": values})
    max_value = float(max_value) or 1.0
    width, cx, cy, radius = 640.0, 320.0, 205.0, 150.0
    body: list[str] = []
    n = len(axes)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * max(0.0, min(float(value), max_value)) / max_value
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for tick in _ticks(max_value)[1:]:
        ring = " ".join(f"{_f(x)},{_f(y)}" for x, y in (point(i, tick) for i in range(n)))
        body.append(f'<polygon points="{ring}" fill="none" stroke="{GRID}" stroke-width="1"/>')
        body.append(
            _text(cx + 4, cy - radius * tick / max_value + 11, _num(tick), size=10, fill=MUTED)
        )
    for i, label in enumerate(axes):
        x, y = point(i, max_value)
        body.append(
            f'<line x1="{_f(cx)}" y1="{_f(cy)}" x2="{_f(x)}" y2="{_f(y)}" stroke="{GRID}" stroke-width="1"/>'
        )
        lx, ly = point(i, max_value * 1.1)
        cos = (lx - cx) / (radius * 1.1)
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        ly += 4 if abs(cos) >= 0.3 else (-10 if ly < cy else 16)
        body.append(
            _text(lx, ly, label, anchor=anchor, size=12, width=20, max_lines=3, line_height=13)
        )
    for index, (_name, values) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        dash = DASHES[index % len(DASHES)]
        points = [point(i, v or 0) for i, v in enumerate(values)]
        outline = " ".join(f"{_f(x)},{_f(y)}" for x, y in points)
        body.append(
            f'<polygon points="{outline}" fill="{colour}" fill-opacity="0.12" stroke="{colour}" '
            f'stroke-width="2.5"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
        )
        body.extend(_marker(index, x, y, colour) for x, y in points)
    legend, legend_height = _legend([name for name, _ in series], 60, 380, 520, lines=True)
    body.append(legend)
    height = 380 + legend_height

    header = [category_label or _("Category")] + [name for name, _ in series]
    rows = [[axis] + [_num(values[i]) for _, values in series] for i, axis in enumerate(axes)]
    desc = _series_desc(axes, series, max_value)
    chart_id = _chart_id("radar", axes, series, title, max_value)
    return Chart(
        svg=_svg(chart_id, width, height, title, desc, body),
        title=title,
        data=Table(header=header, rows=rows, caption=title),
    )


def _series_desc(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[Number]]], max_value: float
) -> str:
    parts = []
    for name, values in series:
        pairs = "; ".join(f"{label}: {_num(v)}" for label, v in zip(labels, values, strict=False))
        parts.append(f"{name} — {pairs}")
    scale = _("Scale 0 to %(max)s.") % {"max": _num(max_value)}
    return f"{scale} " + ". ".join(parts) + "."


def range_bar_chart(
    labels: list[str],
    values: list[float],
    medians: list[float | None] | None,
    q1s: list[float | None] | None,
    q3s: list[float | None] | None,
    title: str,
    max_value: float = 100,
    *,
    category_label: str | None = None,
    value_label: str | None = None,
) -> Chart:
    """A bar per item, drawn against a benchmark: the median (a line) and the
    middle half of organisations (a grey band). Without medians no benchmark is drawn."""
    n = len(labels)
    _check_lengths(n, values=values, medians=medians, q1s=q1s, q3s=q3s)
    medians = medians if medians is not None else [None] * n
    q1s = q1s if q1s is not None else [None] * n
    q3s = q3s if q3s is not None else [None] * n
    has_benchmark = any(m is not None for m in medians)
    max_value = float(max_value) or 1.0
    width, left, right, top, row = 640.0, 190.0, 600.0, 20.0, 40.0
    plot = right - left
    body: list[str] = []
    value_labels: list[str] = []
    bottom = top + row * n

    def x_of(value: float) -> float:
        return left + plot * max(0.0, min(float(value), max_value)) / max_value

    body += _vertical_grid(x_of, max_value, top, bottom)
    for i, label in enumerate(labels):
        y = top + row * i
        mid = y + row / 2
        body.append(
            _text(left - 10, mid + 4, label, anchor="end", size=12, width=26, line_height=13)
        )
        if q1s[i] is not None and q3s[i] is not None:
            x1, x3 = x_of(q1s[i]), x_of(q3s[i])
            body.append(
                f'<rect x="{_f(x1)}" y="{_f(y + 5)}" width="{_f(max(x3 - x1, 1))}" height="{_f(row - 10)}" '
                f'fill="{BENCHMARK_BAND}"/>'
            )
        value = values[i]
        if value is not None:
            body.append(
                f'<rect x="{_f(left)}" y="{_f(y + 12)}" width="{_f(max(x_of(value) - left, 0))}" '
                f'height="{_f(row - 24)}" fill="{PALETTE[0]}"/>'
            )
            value_labels.append(_value_label(min(x_of(value) + 6, right + 2), mid + 4, value))
        if medians[i] is not None:
            xm = x_of(medians[i])
            body.append(
                f'<line x1="{_f(xm)}" y1="{_f(y + 3)}" x2="{_f(xm)}" y2="{_f(y + row - 3)}" '
                f'stroke="{TEXT}" stroke-width="2.5" stroke-dasharray="4 2"/>'
            )
    body.extend(value_labels)
    body.append(
        f'<line x1="{_f(left)}" y1="{_f(top)}" x2="{_f(left)}" y2="{_f(bottom)}" stroke="{MUTED}" stroke-width="1"/>'
    )
    height = bottom + 30
    if has_benchmark:
        keys = [
            ("bar", value_label or _("Score")),
            ("median", _("Benchmark median")),
            ("band", _("Middle half of organisations")),
        ]
        lx, ly = 20.0, height + 6
        for kind, label in keys:
            label = _wrap(label, 48, 1)[0]
            item_width = 24 + 6.4 * len(label) + 22
            if lx + item_width > width - 10 and lx > 20:
                lx, ly = 20.0, ly + 20
            if kind == "median":
                body.append(
                    f'<line x1="{_f(lx + 9)}" y1="{_f(ly - 8)}" x2="{_f(lx + 9)}" y2="{_f(ly + 8)}" '
                    f'stroke="{TEXT}" stroke-width="2.5" stroke-dasharray="4 2"/>'
                )
            else:
                colour = PALETTE[0] if kind == "bar" else BENCHMARK_BAND
                body.append(
                    f'<rect x="{_f(lx)}" y="{_f(ly - 6)}" width="18" height="12" fill="{colour}"/>'
                )
            body.append(_text(lx + 24, ly + 4, label, size=11.5))
            lx += item_width
        height = ly + 20

    header = [category_label or _("Category"), value_label or _("Score")]
    if has_benchmark:
        header += [_("Benchmark median"), _("Middle half of organisations")]
    rows = []
    desc_parts = []
    for i, label in enumerate(labels):
        row_cells = [label, _num(values[i])]
        text = f"{label}: {_num(values[i])}"
        if has_benchmark:
            band = (
                f"{_num(q1s[i])}–{_num(q3s[i])}"
                if q1s[i] is not None and q3s[i] is not None
                else "–"
            )
            row_cells += [_num(medians[i]), band]
            if medians[i] is not None:
                text += " (" + _("median %(median)s") % {"median": _num(medians[i])} + ")"
        rows.append(row_cells)
        desc_parts.append(text)
    desc = _("Scale 0 to %(max)s.") % {"max": _num(max_value)} + " " + "; ".join(desc_parts) + "."
    chart_id = _chart_id("range", labels, values, medians, q1s, q3s, title, max_value)
    return Chart(
        svg=_svg(chart_id, width, height, title, desc, body),
        title=title,
        data=Table(header=header, rows=rows, caption=title),
    )


def bar_chart(
    labels: list[str],
    values: list[float],
    title: str,
    max_value: float | None = None,
    *,
    category_label: str | None = None,
    value_label: str | None = None,
) -> Chart:
    """Horizontal bars, one per label (long labels stay readable)."""
    _check_lengths(len(labels), values=values)
    top_value = float(max_value) if max_value else _nice_max(values)
    width, left, right, top, row = 640.0, 190.0, 590.0, 12.0, 34.0
    plot = right - left
    bottom = top + row * len(labels)
    body: list[str] = []

    def x_of(value: float) -> float:
        return left + plot * max(0.0, min(float(value), top_value)) / top_value

    body += _vertical_grid(x_of, top_value, top, bottom)
    for i, label in enumerate(labels):
        y = top + row * i
        mid = y + row / 2
        body.append(
            _text(left - 10, mid + 4, label, anchor="end", size=12, width=26, line_height=13)
        )
        value = values[i]
        if value is not None:
            end = x_of(value)
            body.append(
                f'<rect x="{_f(left)}" y="{_f(y + 7)}" width="{_f(max(end - left, 0))}" '
                f'height="{_f(row - 14)}" fill="{PALETTE[0]}"/>'
            )
            body.append(_value_label(min(end + 6, right + 2), mid + 4, value))
    body.append(
        f'<line x1="{_f(left)}" y1="{_f(top)}" x2="{_f(left)}" y2="{_f(bottom)}" stroke="{MUTED}" stroke-width="1"/>'
    )
    height = bottom + 28

    header = [category_label or _("Category"), value_label or _("Value")]
    rows = [[label, _num(value)] for label, value in zip(labels, values, strict=True)]
    desc = _series_desc(labels, [(value_label or _("Value"), values)], top_value)
    chart_id = _chart_id("bar", labels, values, title, max_value)
    return Chart(
        svg=_svg(chart_id, width, height, title, desc, body),
        title=title,
        data=Table(header=header, rows=rows, caption=title),
    )


def line_chart(
    x_labels: list[str],
    series: Sequence[tuple[str, Sequence[Number]]],
    title: str,
    max_value: float | None = 100,
    *,
    category_label: str | None = None,
) -> Chart:
    """One line per series over the x labels (e.g. months). None leaves a gap."""
    if not x_labels:
        raise ValueError("a line chart needs at least one x label")
    for name, values in series:
        _check_lengths(len(x_labels), **{f"series {name!r}": values})
    top_value = float(max_value) if max_value else _nice_max([v for _, vs in series for v in vs])
    width, left, right, top, bottom = 640.0, 56.0, 610.0, 16.0, 236.0
    plot_w, plot_h = right - left, bottom - top
    body: list[str] = []
    n = len(x_labels)

    def x_of(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n)

    def y_of(value: float) -> float:
        return bottom - plot_h * max(0.0, min(float(value), top_value)) / top_value

    for tick in _ticks(top_value):
        y = y_of(tick)
        body.append(
            f'<line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(right)}" y2="{_f(y)}" stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(left - 8, y + 4, _num(tick), anchor="end", size=10.5, fill=MUTED))
    step = max(1, math.ceil(n / 12))
    label_width = max(6, int(plot_w / min(n, 12) / 7))
    for i, label in enumerate(x_labels):
        if i % step == 0:
            body.append(
                _text(
                    x_of(i),
                    bottom + 18,
                    label,
                    anchor="middle",
                    size=10.5,
                    fill=TEXT,
                    width=label_width,
                    max_lines=1,
                )
            )
    body.append(
        f'<line x1="{_f(left)}" y1="{_f(bottom)}" x2="{_f(right)}" y2="{_f(bottom)}" stroke="{MUTED}" stroke-width="1"/>'
    )
    for index, (_name, values) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        dash = DASHES[index % len(DASHES)]
        runs: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(values):
            if value is None:
                runs.append([])
            else:
                runs[-1].append((x_of(i), y_of(value)))
        for run in runs:
            if len(run) > 1:
                pts = " ".join(f"{_f(x)},{_f(y)}" for x, y in run)
                body.append(
                    f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2.5" '
                    f'stroke-linejoin="round"'
                    + (f' stroke-dasharray="{dash}"' if dash else "")
                    + "/>"
                )
            body.extend(_marker(index, x, y, colour) for x, y in run)
    legend, legend_height = _legend(
        [name for name, _ in series], left, bottom + 46, right - left, lines=True
    )
    body.append(legend)
    height = bottom + 46 + legend_height

    header = [category_label or _("Period")] + [name for name, _ in series]
    rows = [[label] + [_num(values[i]) for _, values in series] for i, label in enumerate(x_labels)]
    desc = _series_desc(x_labels, series, top_value)
    chart_id = _chart_id("line", x_labels, series, title, max_value)
    return Chart(
        svg=_svg(chart_id, width, height, title, desc, body),
        title=title,
        data=Table(header=header, rows=rows, caption=title),
    )

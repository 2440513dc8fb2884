"""Small inline SVG charts for the corpus summary: no script, no external library, nothing fetched.

Labels are buyer and vendor names taken from documents, so every text node is escaped here; the returned SVG is
then marked safe for the templates.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

_BAR = 18
_GAP = 6
_LABEL_W = 230
_PLOT_W = 360
_VALUE_W = 60
_FONT = 12
PALETTE = ("#3b6ea8", "#c0392b", "#e67e22", "#7f8c8d", "#16a085", "#8e44ad")


def _label(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bars(items: Sequence[tuple[str, float]], title: str, colors: Sequence[str] | None = None) -> Markup:
    """Horizontal bars, one per (label, value), in the order given; `colors` per bar or one colour for all."""
    if not items:
        return Markup("")
    top = max(value for _, value in items) or 1
    height = len(items) * (_BAR + _GAP) + _GAP
    width = _LABEL_W + _PLOT_W + _VALUE_W
    parts = [
        f'<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>'
    ]
    for row, (label, value) in enumerate(items):
        y = _GAP + row * (_BAR + _GAP)
        length = max(1.0, _PLOT_W * value / top)
        color = colors[row % len(colors)] if colors else PALETTE[0]
        parts.append(
            f'<text x="{_LABEL_W - 8}" y="{y + _BAR - 5}" font-size="{_FONT}" text-anchor="end">{escape(_label(label))}'
            f"<title>{escape(label)}</title></text>"
            f'<rect x="{_LABEL_W}" y="{y}" width="{length:.1f}" height="{_BAR}" fill="{color}"/>'
            f'<text x="{_LABEL_W + length + 6:.1f}" y="{y + _BAR - 5}" font-size="{_FONT}">{_number(value)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(items: Sequence[tuple[str, Sequence[float]]], series: Sequence[str], title: str) -> Markup:
    """Grouped vertical columns over an ordered axis (e.g. years): each item has one value per series."""
    if not items:
        return Markup("")
    top = max((max(values) for _, values in items), default=0) or 1
    plot_h, base, step = 160, 190, max(28, 12 * len(series) + 14)
    width = 50 + step * len(items) + 150
    bar_w = (step - 10) / len(series)
    parts = [
        f'<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{base + 30}" '
        f'viewBox="0 0 {width} {base + 30}"><title>{escape(title)}</title>',
        f'<line x1="40" y1="{base}" x2="{40 + step * len(items)}" y2="{base}" stroke="#555"/>'
        f'<text x="34" y="{base - plot_h + 4}" font-size="{_FONT}" text-anchor="end">{_number(top)}</text>'
        f'<text x="34" y="{base}" font-size="{_FONT}" text-anchor="end">0</text>',
    ]
    for column, (label, values) in enumerate(items):
        x = 45 + column * step
        for index, value in enumerate(values):
            h = plot_h * value / top
            parts.append(
                f'<rect x="{x + index * bar_w:.1f}" y="{base - h:.1f}" width="{bar_w - 1:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[index % len(PALETTE)]}"><title>{escape(label)} '
                f"{escape(series[index])}: {_number(value)}</title></rect>"
            )
        parts.append(
            f'<text x="{x + (step - 10) / 2:.1f}" y="{base + 16}" font-size="{_FONT - 1}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    legend_x = 50 + step * len(items) + 10
    for index, name in enumerate(series):
        y = 20 + index * 20
        parts.append(
            f'<rect x="{legend_x}" y="{y - 11}" width="12" height="12" fill="{PALETTE[index % len(PALETTE)]}"/>'
            f'<text x="{legend_x + 18}" y="{y}" font-size="{_FONT}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"

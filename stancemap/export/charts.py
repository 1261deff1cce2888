"""Server-side SVG charts for the HTML report.

Every chart is a self-contained inline ``<svg>`` with ``role="img"``, an ``aria-label``, a
``<title>`` and one ``<title>`` per mark, so that it reads without scripts and without colour.
Every label is escaped here: the result is :class:`markupsafe.Markup` and goes into the template
as it is. Charts use presentation attributes only (no ``style`` attributes), so the report's
Content-Security-Policy needs nothing for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

SUPPORT = "#1b7f3b"
OPPOSE = "#b3261e"
BAR = "#2f5fb3"
AXIS = "#9aa0a6"
TEXT = "#3c4043"
# Colour-blind-safe categorical palette (Okabe-Ito, then Tableau-like extras) for coalitions.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7f6d00",
           "#6a3d9a", "#8c564b", "#17becf")
NO_COALITION = "#9aa0a6"


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _short(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "\u2026"


def _svg(width: float, height: float, label: str, body: Iterable[str], cls: str = "chart") -> Markup:
    head = (f'<svg class="{cls}" role="img" aria-label="{escape(label)}" viewBox="0 0 {_num(width)} '
            f'{_num(height)}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
            f"<title>{escape(label)}</title>")
    return Markup(head + "".join(body) + "</svg>")


def _axis_label(label: str, x: float, y: float, low: float, high: float) -> str:
    """A period label centred under its column, kept inside the plot at both ends."""
    half = 3.2 * len(label)
    anchor, x = ("start", low) if x - half < low else ("end", high) if x + half > high else ("middle", x)
    return (f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" font-size="12" '
            f'fill="{TEXT}">{escape(label)}</text>')


def bar_chart(items: Sequence[tuple[str, int]], *, title: str, unit: str = "articles",
              label_chars: int = 20) -> Markup:
    """Horizontal bars, one per ``(label, count)``, largest first as given, values printed."""
    if not items:
        return Markup("")
    row, label_w, bar_w, value_w = 26, 180, 220, 40
    top = max(n for _, n in items) or 1
    out = []
    for i, (label, n) in enumerate(items):
        y = i * row
        w = max(1.0, bar_w * n / top) if n else 0
        out.append(f'<g><title>{escape(label)}: {n} {escape(unit)}</title>'
                   f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="14" '
                   f'fill="{TEXT}">{escape(_short(label, label_chars))}</text>'
                   f'<rect x="{label_w}" y="{y + 5}" width="{_num(w)}" height="16" rx="2" fill="{BAR}"/>'
                   f'<text x="{_num(label_w + w + 6)}" y="{y + 17}" font-size="13" fill="{TEXT}">{n}</text></g>')
    return _svg(label_w + bar_w + value_w, len(items) * row + 4, title, out)


def column_chart(items: Sequence[tuple[str, int]], *, title: str, unit: str = "articles",
                 max_labels: int = 8) -> Markup:
    """Vertical columns over consecutive periods ``(label, count)``; a few labels on the axis."""
    if not items:
        return Markup("")
    width, height, left, bottom, top_pad = 480, 170, 30, 26, 14
    plot_w, plot_h = width - left - 8, height - bottom - top_pad
    top = max(n for _, n in items) or 1
    step = plot_w / len(items)
    col = max(1.0, step * 0.75)
    out = [f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - 8}" y2="{top_pad + plot_h}" '
           f'stroke="{AXIS}"/>',
           f'<text x="{left - 6}" y="{top_pad + 4}" text-anchor="end" font-size="11" fill="{TEXT}">{top}</text>',
           f'<text x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end" font-size="11" fill="{TEXT}">0</text>']
    every = max(1, -(-len(items) // max_labels))
    for i, (label, n) in enumerate(items):
        x = left + i * step + (step - col) / 2
        h = plot_h * n / top
        out.append(f'<g><title>{escape(label)}: {n} {escape(unit)}</title>'
                   f'<rect x="{_num(x)}" y="{_num(top_pad + plot_h - h)}" width="{_num(col)}" '
                   f'height="{_num(h)}" fill="{BAR}"/>'
                   # a transparent full-height target so that empty periods have a tooltip too
                   f'<rect x="{_num(left + i * step)}" y="{top_pad}" width="{_num(step)}" '
                   f'height="{plot_h}" fill="transparent"/></g>')
        if i % every == 0:
            out.append(_axis_label(label, left + i * step + step / 2, height - 8, left, width - 8))
    return _svg(width, height, title, out)


def diverging_columns(periods: Sequence[str], support: Sequence[int], oppose: Sequence[int], *,
                      title: str, max_labels: int = 8) -> Markup:
    """Support above the axis, opposition below, one column pair per period."""
    if not periods:
        return Markup("")
    width, half, left, label_h = 560, 60, 30, 22
    plot_w = width - left - 8
    top = max([*support, *oppose, 1])
    step = plot_w / len(periods)
    col = max(1.0, step * 0.7)
    mid = half + 6
    out = [f'<line x1="{left}" y1="{mid}" x2="{width - 8}" y2="{mid}" stroke="{AXIS}"/>',
           f'<text x="{left - 6}" y="{mid - half + 8}" text-anchor="end" font-size="11" fill="{SUPPORT}">{top}</text>',
           f'<text x="{left - 6}" y="{mid + half}" text-anchor="end" font-size="11" fill="{OPPOSE}">{top}</text>']
    every = max(1, -(-len(periods) // max_labels))
    for i, (label, s, o) in enumerate(zip(periods, support, oppose)):
        x = left + i * step + (step - col) / 2
        hs, ho = half * s / top, half * o / top
        out.append(f'<g><title>{escape(label)}: {s} support, {o} oppose</title>'
                   f'<rect x="{_num(left + i * step)}" y="6" width="{_num(step)}" height="{2 * half}" '
                   f'fill="transparent"/>'
                   f'<rect x="{_num(x)}" y="{_num(mid - hs)}" width="{_num(col)}" height="{_num(hs)}" fill="{SUPPORT}"/>'
                   f'<rect x="{_num(x)}" y="{mid}" width="{_num(col)}" height="{_num(ho)}" fill="{OPPOSE}"/></g>')
        if i % every == 0:
            out.append(_axis_label(label, left + i * step + step / 2, mid + half + label_h - 6, left,
                                   width - 8))
    return _svg(width, mid + half + label_h, title, out)


def stance_mix(support: int, oppose: int, *, title: str, width: int = 160) -> Markup:
    """A small stacked bar: the share of support and opposition, counts in the tooltip."""
    total = support + oppose
    if not total:
        return Markup("")
    ws = width * support / total
    out = [f'<g><title>{support} support</title><rect x="0" y="0" width="{_num(ws)}" height="12" '
           f'fill="{SUPPORT}"/></g>',
           f'<g><title>{oppose} oppose</title><rect x="{_num(ws)}" y="0" width="{_num(width - ws)}" '
           f'height="12" fill="{OPPOSE}"/></g>']
    return _svg(width, 12, title, out, cls="mix")


@dataclass(frozen=True, slots=True)
class NetNode:
    id: str
    label: str
    x: float  # layout position in [-1, 1]
    y: float
    size: int  # statements: drives the radius
    color: str
    note: str  # tooltip text after the label


@dataclass(frozen=True, slots=True)
class NetEdge:
    source: str
    target: str
    kind: str  # congruence | conflict
    weight: float
    note: str


def network(nodes: Sequence[NetNode], edges: Sequence[NetEdge], *, title: str,
            width: int = 960, height: int = 680, labels: int = 30, hide: Sequence[str] = ()) -> Markup:
    """The actor network: nodes at precomputed positions, congruence and conflict edges.

    Each node is a focusable ``<g class="node" data-id=...>`` with a tooltip; edges carry
    ``data-a``/``data-b`` so that a script can highlight neighbours. The ``labels`` biggest nodes
    are named on the drawing (every node in its tooltip); ``hide`` names edge kinds hidden at
    first (a class on the ``<svg>`` that a script can toggle).
    """
    if not nodes:
        return Markup("")
    pad = 70
    pos = {n.id: (pad + (n.x + 1) / 2 * (width - 2 * pad), pad + (n.y + 1) / 2 * (height - 2 * pad))
           for n in nodes}
    biggest = max(n.size for n in nodes) or 1
    top_w = max((e.weight for e in edges), default=1) or 1
    out = ['<g class="edges">']
    for e in edges:
        if e.source not in pos or e.target not in pos:
            continue
        (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
        stroke = SUPPORT if e.kind == "congruence" else OPPOSE
        dash = ' stroke-dasharray="5 4"' if e.kind == "conflict" else ""
        out.append(f'<line class="edge {e.kind}" data-a="{escape(e.source)}" data-b="{escape(e.target)}" '
                   f'x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" stroke="{stroke}" '
                   f'stroke-opacity="{_num(0.25 + 0.5 * e.weight / top_w)}" '
                   f'stroke-width="{_num(0.8 + 3.5 * e.weight / top_w)}"{dash}>'
                   f'<title>{escape(e.note)}</title></line>')
    out.append('</g><g class="nodes">')
    named = {n.id for n in sorted(nodes, key=lambda n: (-n.size, n.label))[:labels]}
    for n in sorted(nodes, key=lambda n: n.size):
        x, y = pos[n.id]
        r = 6 + 12 * (n.size / biggest) ** 0.5
        anchor = "start" if x < width / 2 else "end"
        tx = x + r + 4 if anchor == "start" else x - r - 4
        label = escape(_short(n.label, 24)) if n.id in named else ""
        out.append(f'<g class="node" data-id="{escape(n.id)}" tabindex="0" '
                   f'aria-label="{escape(n.label)}: {escape(n.note)}">'
                   f'<title>{escape(n.label)}: {escape(n.note)}</title>'
                   f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}" fill="{n.color}" '
                   f'stroke="#fff" stroke-width="1.5"/>'
                   f'<text x="{_num(tx)}" y="{_num(y + 4)}" text-anchor="{anchor}" font-size="13" '
                   f'fill="#202124" stroke="#fff" stroke-width="3" paint-order="stroke">{label}</text></g>')
    out.append("</g>")
    return _svg(width, height, title, out, cls=" ".join(["network", *(f"hide-{k}" for k in hide)]))


# -- time buckets ---------------------------------------------------------------------------


def _parse_day(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def bucket_unit(days: Iterable[date], *, day_limit: int = 92, week_limit: int = 366) -> str:
    """``day``, ``week`` or ``month``: the finest unit that keeps a chart readable."""
    days = list(days)
    if not days:
        return "day"
    span = (max(days) - min(days)).days
    return "day" if span <= day_limit else "week" if span <= week_limit else "month"


def bucket_of(value: str | None, unit: str) -> str | None:
    """The period a ``YYYY-MM-DD`` (or, for months, ``YYYY-MM``) date falls in, or None."""
    if unit == "month" and value and len(value) >= 7 and value[4] == "-" and value[:4].isdigit():
        return value[:7]
    day = _parse_day(value)
    if day is None:
        return None
    if unit == "day":
        return day.isoformat()
    if unit == "week":
        return (day - timedelta(days=day.weekday())).isoformat()
    return day.isoformat()[:7]


def periods_between(first: str, last: str, unit: str) -> list[str]:
    """Every period from ``first`` to ``last`` (bucket keys of one unit), gaps included."""
    if unit == "month":
        y, m = int(first[:4]), int(first[5:7])
        out = []
        while f"{y:04d}-{m:02d}" <= last[:7]:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    step = timedelta(days=7 if unit == "week" else 1)
    out = []
    while start <= end:
        out.append(start.isoformat())
        start += step
    return out


def period_label(key: str, unit: str) -> str:
    """A short axis label: ``12 Feb``, ``week of 9 Feb``, ``Feb 2026``."""
    if unit == "month":
        return date.fromisoformat(key + "-01").strftime("%b %Y")
    day = date.fromisoformat(key)
    text = f"{day.day} {day.strftime('%b')}"
    return f"wk {text}" if unit == "week" else text

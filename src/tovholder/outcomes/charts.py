"""Progress pictures as server-rendered SVG: a star (radar) chart of the latest two measurements and
a small line chart per area. Every picture has a title and a description, and the page shows a table
of the same numbers; the lines differ by dash pattern and marker, not only by colour, so they print."""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LATEST = "#00468c"  # the brand blue
EARLIER = "#8a4b00"  # dark orange, 3:1 against white and against the blue
GRID = "#767676"
INK = "#1b1b1b"


@dataclass(frozen=True)
class Axis:
    key: str
    label: str


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fmt(day: datetime.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def radar(*, chart_id: str, axes: Sequence[Axis], low: int, high: int,
          series: Sequence[tuple[datetime.date, dict[str, int]]], title: str) -> SafeString:
    """A star chart: one spoke per area, `low` at the centre; one polygon per measurement (≤ 2)."""
    width, height, cx, cy, radius = 720, 560, 360, 250, 170
    n = len(axes)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * (value - low) / (high - low)
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    parts = []
    for level in range(low, high + 1):
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, level) for i in range(n)))
        width = "1" if level in (low, high) else "0.5"
        parts.append(f'<polygon points="{ring}" fill="none" stroke="{GRID}" stroke-width="{width}"/>')
    for i, axis in enumerate(axes):
        x, y = point(i, high)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="0.5"/>')
        lx, ly = point(i, high + (high - low) * 0.12)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        parts.append(f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}" font-size="12" fill="{INK}">'
                     f'{escape(_short(axis.label))}</text>')
    parts.append(f'<text x="{cx + 4}" y="{cy - 4}" font-size="11" fill="{INK}">{low}</text>')
    styles = [(EARLIER, "6 4", "square"), (LATEST, "", "circle")]
    ordered = list(series)[-2:]
    legend_y = height - 60
    for k, (day, answers) in enumerate(ordered):
        colour, dash, marker = styles[-len(ordered) + k]
        pts = [point(i, answers[a.key]) if a.key in answers else None for i, a in enumerate(axes)]
        present = [p for p in pts if p is not None]
        if len(present) >= 2:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            outline = " ".join(f"{x:.1f},{y:.1f}" for x, y in present)
            parts.append(f'<polygon points="{outline}" fill="{colour}" fill-opacity="0.08" stroke="{colour}" '
                         f'stroke-width="2.5"{dash_attr}/>')
        for p in present:
            parts.append(_marker(marker, p[0], p[1], colour))
        ly = legend_y + 22 * k
        parts.append(_marker(marker, 30, ly - 4, colour))
        parts.append(f'<line x1="40" y1="{ly - 4}" x2="70" y2="{ly - 4}" stroke="{colour}" stroke-width="2.5"'
                     f'{f" stroke-dasharray={chr(34)}{dash}{chr(34)}" if dash else ""}/>')
        parts.append(f'<text x="78" y="{ly}" font-size="13" fill="{INK}">'
                     f'{"Seneste" if k == len(ordered) - 1 else "Forrige"} måling {_fmt(day)}</text>')
    desc = "; ".join(
        f"{_fmt(day)}: " + ", ".join(f"{a.label} {answers[a.key]}" for a in axes if a.key in answers)
        for day, answers in ordered)
    return _svg(chart_id, width, height, title, desc, "".join(parts), css_class="chart radar")


def lines(*, chart_id: str, label: str, low: int, high: int,
          points: Sequence[tuple[datetime.date, int]]) -> SafeString:
    """One area over time: dates spaced by time, the scale from `low` to `high`."""
    width, height, left, right, top, bottom = 300, 150, 34, 12, 14, 30
    inner_w, inner_h = width - left - right, height - top - bottom
    days = [d for d, _ in points]
    span = max((days[-1] - days[0]).days, 1) if days else 1

    def xy(day: datetime.date, value: float) -> tuple[float, float]:
        x = left + (inner_w * (day - days[0]).days / span if len(days) > 1 else inner_w / 2)
        return x, top + inner_h * (1 - (value - low) / (high - low))

    parts = [f'<rect x="{left}" y="{top}" width="{inner_w}" height="{inner_h}" fill="none" stroke="{GRID}"/>']
    for value in (low, high):
        _, y = xy(days[0] if days else datetime.date.today(), value)
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="{INK}">'
                     f'{value}</text>')
    if points:
        coords = [xy(d, v) for d, v in points]
        if len(coords) > 1:
            line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(f'<polyline fill="none" stroke="{LATEST}" stroke-width="2.5" points="{line}"/>')
        for x, y in coords:
            parts.append(_marker("circle", x, y, LATEST))
        parts.append(f'<text x="{left}" y="{height - 8}" font-size="11" fill="{INK}">{_fmt(days[0])}</text>')
        if len(days) > 1:
            parts.append(f'<text x="{left + inner_w}" y="{height - 8}" text-anchor="end" font-size="11" '
                         f'fill="{INK}">{_fmt(days[-1])}</text>')
    desc = ", ".join(f"{_fmt(d)}: {v}" for d, v in points) or "Ingen svar endnu."
    return _svg(chart_id, width, height, label, desc, "".join(parts), css_class="chart line")


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, body: str, *, css_class: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every text in it is escaped above or here
        f'<svg class="{css_class}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>'
        f"{body}</svg>")

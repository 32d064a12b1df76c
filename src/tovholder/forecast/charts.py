"""Fan charts as server-rendered SVG: the P5–P95 and P25–P75 bands, the P50 line, a month axis with
Danish labels and (for cost) the budget as a dashed line. Every chart has a title and a description,
and the page shows a table of the same numbers right after it."""

import math
from collections.abc import Callable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tovholder.layout import formats

OUTER = "#c9dcf0"  # P5–P95
INNER = "#86aedb"  # P25–P75
MEDIAN = "#00468c"  # the brand blue, P50
BUDGET = "#8a4b00"  # dark orange, dashed
GRID = "#767676"
INK = "#1b1b1b"

MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december"]
MONTHS_SHORT = ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]


def month_label(label: str, *, short: bool = False) -> str:
    """'2016-03' -> 'marts 2016' (or 'mar. 2016'); other labels (years) are returned as they are."""
    year, _, month = label.partition("-")
    if not month.isdigit() or not 1 <= int(month) <= 12:
        return label
    return f"{(MONTHS_SHORT if short else MONTHS)[int(month) - 1]} {year}"


def da_number(value: float | None, decimals: int = 0) -> str:
    """Danish format: 1.234,5; None as a dash."""
    if value is None or not math.isfinite(value):
        return "–"
    return formats.number(value, decimals)


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / ticks if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _segments(indices: list[int]) -> list[list[int]]:
    """Runs of consecutive indices (a band is broken where a value is missing)."""
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def fan_svg(*, chart_id: str, title: str, desc: str, labels: Sequence[str], bands: dict[str, Sequence],
            fmt: Callable[[float], str], budget: Sequence[float] | None = None) -> SafeString:
    """A fan chart of per-period percentiles; ``labels`` are the short axis labels."""
    width, height, left, right, top, bottom = 720, 300, 78, 16, 16, 74
    inner_w, inner_h = width - left - right, height - top - bottom
    n = len(labels)
    values = [v for key in ("p5", "p25", "p50", "p75", "p95") for v in bands.get(key, []) if v is not None]
    values += [v for v in (budget or []) if v is not None]
    high = max(values, default=1.0)
    step = _nice_step(high)
    top_value = max(step, math.ceil(high / step) * step)

    def x(i: int) -> float:
        return left + (inner_w * i / (n - 1) if n > 1 else inner_w / 2)

    def y(value: float) -> float:
        return top + inner_h * (1 - value / top_value)

    parts = [f'<rect x="{left}" y="{top}" width="{inner_w}" height="{inner_h}" fill="none" stroke="{GRID}"/>']
    tick = 0.0
    while tick <= top_value + step / 2:
        ty = y(tick)
        parts.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{left + inner_w}" y2="{ty:.1f}" stroke="{GRID}" '
                     f'stroke-width="0.4"/>')
        parts.append(f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end" font-size="11" fill="{INK}">'
                     f'{escape(fmt(tick))}</text>')
        tick += step
    every = next((k for k in (1, 2, 3, 6, 12, 24) if n / k <= 10), 24)
    for i in range(0, n, every):
        parts.append(f'<line x1="{x(i):.1f}" y1="{top + inner_h}" x2="{x(i):.1f}" y2="{top + inner_h + 4}" '
                     f'stroke="{GRID}"/>')
        parts.append(f'<text x="{x(i):.1f}" y="{top + inner_h + 17}" text-anchor="middle" font-size="11" '
                     f'fill="{INK}">{escape(labels[i])}</text>')

    def area(low_key: str, high_key: str, colour: str) -> None:
        lows, highs = bands.get(low_key, []), bands.get(high_key, [])
        present = [i for i in range(n) if lows[i] is not None and highs[i] is not None]
        for run in _segments(present):
            if len(run) == 1:
                i = run[0]
                parts.append(f'<line x1="{x(i):.1f}" y1="{y(highs[i]):.1f}" x2="{x(i):.1f}" y2="{y(lows[i]):.1f}" '
                             f'stroke="{colour}" stroke-width="6"/>')
                continue
            upper = [f"{x(i):.1f},{y(highs[i]):.1f}" for i in run]
            lower = [f"{x(i):.1f},{y(lows[i]):.1f}" for i in reversed(run)]
            parts.append(f'<polygon points="{" ".join(upper + lower)}" fill="{colour}" stroke="none"/>')

    area("p5", "p95", OUTER)
    area("p25", "p75", INNER)
    medians = bands.get("p50", [])
    for run in _segments([i for i in range(n) if medians[i] is not None]):
        if len(run) == 1:
            parts.append(f'<circle cx="{x(run[0]):.1f}" cy="{y(medians[run[0]]):.1f}" r="3.5" fill="{MEDIAN}"/>')
        else:
            line = " ".join(f"{x(i):.1f},{y(medians[i]):.1f}" for i in run)
            parts.append(f'<polyline points="{line}" fill="none" stroke="{MEDIAN}" stroke-width="2.5"/>')
    if budget:
        line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(budget) if v is not None)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{BUDGET}" stroke-width="2.5" '
                     f'stroke-dasharray="7 4"/>')
    legend = [(OUTER, "rect", "P5–P95 (90 % af udfaldene)"), (INNER, "rect", "P25–P75 (50 %)"),
              (MEDIAN, "line", "P50 (medianen)")]
    if budget:
        legend.append((BUDGET, "dash", "Budget"))
    lx, ly = left, height - 22
    for colour, kind, text in legend:
        if kind == "rect":
            parts.append(f'<rect x="{lx}" y="{ly - 9}" width="22" height="11" fill="{colour}" stroke="{GRID}" '
                         f'stroke-width="0.5"/>')
        else:
            dash = ' stroke-dasharray="7 4"' if kind == "dash" else ""
            parts.append(f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 22}" y2="{ly - 4}" stroke="{colour}" '
                         f'stroke-width="2.5"{dash}/>')
        parts.append(f'<text x="{lx + 28}" y="{ly}" font-size="12" fill="{INK}">{escape(text)}</text>')
        lx += 40 + 6.6 * len(text)
    return mark_safe(  # noqa: S308 - every text in it is escaped above
        f'<svg class="fan-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>'
        f'{"".join(parts)}</svg>')

"""Every chart in Tovholder, drawn the same way: server-rendered SVG (no JavaScript), each returned as a
`Chart` with the table of its numbers. ADR 0011.

- The picture is `role="img"`, named by its `<title>` and described by its `<desc>` (a one-line
  summary of the numbers); its size comes from a `viewBox` computed from what is drawn, labels
  included, so nothing is cut off and the picture scales down on a phone (`max-width: 100%`).
- Every data point is one element with `class="mark"` (a dot, a bar), so a test can count them.
- `templates/layout/chart.html` shows the picture with its caption and the table of the same numbers
  (in a "Vis tallene" disclosure, or open where the table is the page's main reading).
- Series differ by dash pattern and marker shape as well as by colour, so they print in black and white.
- Numbers and dates in the picture are formatted by Django's localisation, as in the tables.

Kinds: `radar` (a star of areas, the latest two measurements), `lines` (one series over time), `steps`
(a value holding from date to date), `trend` (several dated series on one scale, with dated events),
`bars` (horizontal bars, one or more series per category), `fill_bars` (how full each thing is of its
capacity) and `fan` (percentile bands over periods, with a budget line).
"""

import datetime
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BLUE = "#00468c"  # the brand blue: the latest, the main series
ORANGE = "#8a4b00"  # dark orange, 3:1 against white and against the blue: the earlier, the budget
LIGHT = "#c9dcf0"  # P5–P95, the empty part of a fill bar
MID = "#86aedb"  # P25–P75
PAUSE = "#d6d6d6"  # a period set apart (a pause)
WARN = "#b51d09"  # over capacity (DKFDS's error red)
GRID = "#767676"
INK = "#1b1b1b"
FONT = 12
CHAR = 0.58  # a generous estimate of a character's width, in font sizes (labels are sized by it)

Number = int | float | Decimal


@dataclass(frozen=True)
class Table:
    """The numbers of a chart: column headers (the first over the row labels) and rows of
    (label, values); values are numbers, dates or text, None shown as a dash."""

    caption: str
    headers: Sequence[str]
    rows: Sequence[tuple[str, Sequence[object]]]

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", _rows(self.rows))


@dataclass(frozen=True)
class Chart:
    key: str  # unique on the page: the ids of the title and description
    kind: str
    title: str
    summary: str
    width: float  # the viewBox
    height: float
    marks: int  # data points drawn
    svg: SafeString
    table: Table


@dataclass(frozen=True)
class Axis:
    key: str
    label: str


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Number | None]


@dataclass(frozen=True)
class Fill:
    label: str
    used: Number
    total: Number | None  # None: no fixed capacity
    unit: str  # "pladser", "timer pr. uge"


# --- formatting and measuring ---------------------------------------------------------------------

def number(value: Number | None, decimals: int = 1) -> str:
    """A number the Danish way (Django's localisation), at most `decimals` decimals, no trailing zeros."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    rounded = round(float(value), decimals)
    places = next(p for p in range(decimals + 1) if round(rounded, p) == rounded)
    return formats.number_format(rounded, places, use_l10n=True, force_grouping=True)


def _cell(value: object) -> object:
    """A table cell: numbers rounded to two decimals, whole numbers without decimals."""
    if isinstance(value, float | Decimal):
        rounded = round(float(value), 2)
        return int(rounded) if rounded == int(rounded) else rounded
    return value


def _rows(rows: Sequence[tuple[str, Sequence[object]]]) -> list[tuple[str, list[object]]]:
    return [(label, [_cell(v) for v in values]) for label, values in rows]


def day(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _width(text: str, size: float = FONT) -> float:
    return len(text) * size * CHAR


def wrap(text: str, chars: int, lines: int = 3) -> list[str]:
    """Words into at most `lines` lines of about `chars` characters; an ellipsis if text is left over."""
    words, out, line = text.split(), [], ""
    for i, word in enumerate(words):
        candidate = f"{line} {word}".strip()
        if len(candidate) <= chars or not line:
            line = candidate
            continue
        out.append(line)
        line = word
        if len(out) == lines:
            return _ellipsis(out, chars)
        if i == len(words) - 1:
            break
    if line:
        out.append(line)
    if len(out) > lines:
        return _ellipsis(out[:lines], chars)
    return [w if len(w) <= chars else w[: chars - 1] + "…" for w in out]


def _ellipsis(out: list[str], chars: int) -> list[str]:
    last = out[-1][: chars - 1].rstrip()
    return [w if len(w) <= chars else w[: chars - 1] + "…" for w in out[:-1]] + [last + "…"]


class _Box:
    """The extent of what is drawn, so the viewBox holds all of it."""

    def __init__(self) -> None:
        self.x0 = self.y0 = math.inf
        self.x1 = self.y1 = -math.inf

    def add(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.x0, self.y0 = min(self.x0, x0, x1), min(self.y0, y0, y1)
        self.x1, self.y1 = max(self.x1, x0, x1), max(self.y1, y0, y1)

    def text(self, x: float, y: float, lines: Sequence[str], anchor: str, size: float = FONT) -> None:
        w = max((_width(t, size) for t in lines), default=0)
        left = x - (w / 2 if anchor == "middle" else w if anchor == "end" else 0)
        self.add(left, y - size, left + w, y + size * 0.3 + (len(lines) - 1) * size * 1.2)


def _text(x: float, y: float, lines: Sequence[str] | str, *, anchor: str = "start", size: float = FONT,
          box: _Box | None = None, weight: str = "") -> str:
    lines = [lines] if isinstance(lines, str) else list(lines)
    if box is not None:
        box.text(x, y, lines, anchor, size)
    bold = f' font-weight="{weight}"' if weight else ""
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else size * 1.2:.1f}">{escape(t)}</tspan>'
                    for i, t in enumerate(lines))
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{INK}"{bold}>'
            f"{spans}</text>")


def _marker(kind: str, x: float, y: float, colour: str, *, mark: bool = True) -> str:
    cls = ' class="mark"' if mark else ""
    if kind == "square":
        return f'<rect{cls} x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    return f'<circle{cls} cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'


def _chart(*, key: str, kind: str, title: str, summary: str, box: _Box, parts: list[str], marks: int,
           table: Table, pad: float = 8) -> Chart:
    x, y = math.floor(box.x0 - pad), math.floor(box.y0 - pad)
    w, h = math.ceil(box.x1 + pad) - x, math.ceil(box.y1 + pad) - y
    svg = mark_safe(  # noqa: S308 - every text in it is escaped (the labels in _text, the title and summary here)
        f'<svg class="chart-svg" data-kind="{kind}" viewBox="{x} {y} {w} {h}" width="{w}" height="{h}" '
        f'role="img" aria-labelledby="{key}-t" aria-describedby="{key}-d" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{key}-t">{escape(title)}</title>'
        f'<desc id="{key}-d">{escape(summary)}</desc>{"".join(parts)}</svg>')
    return Chart(key, kind, title, summary, w, h, marks, svg, table)


def _legend(parts: list[str], box: _Box, x: float, y: float,
            items: Sequence[tuple[str, str, str, str]]) -> None:
    """(colour, dash, marker, text) in a row from (x, y); wraps to a new row past 640 units."""
    start = x
    for colour, dash, marker, text in items:
        width = 44 + _width(text)
        if x > start and x + width > start + 640:
            x, y = start, y + 22
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        if marker in ("box", "outline"):
            outline = marker == "outline"
            parts.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="22" height="12" '
                         f'fill="{"white" if outline else colour}" stroke="{colour if outline else GRID}" '
                         f'stroke-width="{2 if outline else 0.5}"/>')
        else:
            parts.append(f'<line x1="{x:.1f}" y1="{y - 4:.1f}" x2="{x + 26:.1f}" y2="{y - 4:.1f}" '
                         f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
            if marker:
                parts.append(_marker(marker, x + 13, y - 4, colour, mark=False))
        parts.append(_text(x + 32, y, text, box=box))
        box.add(x, y - 12, x + 26, y + 2)
        x += width


# --- the kinds ------------------------------------------------------------------------------------

def radar(*, key: str, title: str, axes: Sequence[Axis], low: int, high: int,
          series: Sequence[tuple[datetime.date, dict[str, int]]], summary: str = "") -> Chart:
    """A star chart: one spoke per area, `low` at the centre; one polygon per measurement (the latest
    two: the earlier dashed with squares, the latest solid with dots). Long area names wrap."""
    n, radius = len(axes), 160.0
    ordered = list(series)[-2:]

    def point(i: int, value: float, r: float = radius) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        scaled = r * (value - low) / (high - low)
        return scaled * math.cos(angle), scaled * math.sin(angle)

    box, parts = _Box(), []
    box.add(-radius, -radius, radius, radius)
    for level in range(low, high + 1):
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, level) for i in range(n)))
        stroke = "1" if level in (low, high) else "0.5"
        parts.append(f'<polygon points="{ring}" fill="none" stroke="{GRID}" stroke-width="{stroke}"/>')
    for i, axis in enumerate(axes):
        x, y = point(i, high)
        parts.append(f'<line x1="0" y1="0" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="0.5"/>')
        angle = -math.pi / 2 + 2 * math.pi * i / n
        lx, ly = (radius + 14) * math.cos(angle), (radius + 14) * math.sin(angle)
        lines = wrap(axis.label, 22, 3)
        anchor = "middle" if abs(lx) < 20 else ("start" if lx > 0 else "end")
        height = (len(lines) - 1) * FONT * 1.2
        top = ly + 4 - height / 2 if abs(ly) < radius * 0.5 else (ly + FONT if ly > 0 else ly - height)
        parts.append(_text(lx, top, lines, anchor=anchor, box=box))
    parts.append(_text(4, -4, number(low), size=11, box=box))
    styles = [(ORANGE, "6 4", "square"), (BLUE, "", "circle")]
    marks = 0
    for k, (_, answers) in enumerate(ordered):
        colour, dash, marker = styles[-len(ordered) + k]
        present = [point(i, answers[a.key]) for i, a in enumerate(axes) if a.key in answers]
        if len(present) >= 2:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            outline = " ".join(f"{x:.1f},{y:.1f}" for x, y in present)
            parts.append(f'<polygon points="{outline}" fill="{colour}" fill-opacity="0.08" stroke="{colour}" '
                         f'stroke-width="2.5"{dash_attr}/>')
        parts.extend(_marker(marker, x, y, colour) for x, y in present)
        marks += len(present)
    names = [("Seneste" if k == len(ordered) - 1 else "Forrige") + f" måling {day(d)}" for k, (d, _) in
             enumerate(ordered)]
    _legend(parts, box, box.x0, box.y1 + 24,
            [(*styles[-len(ordered) + k], names[k]) for k in range(len(ordered))])
    summary = summary or "; ".join(
        f"{day(d)}: " + ", ".join(f"{a.label} {answers[a.key]}" for a in axes if a.key in answers)
        for d, answers in ordered)
    table = Table(f"{title} (tallene i stjernediagrammet)", ["Område"] + [day(d) for d, _ in ordered],
                  [(a.label, [answers.get(a.key) for _, answers in ordered]) for a in axes])
    return _chart(key=key, kind="radar", title=title, summary=summary, box=box, parts=parts, marks=marks,
                  table=table)


def lines(*, key: str, title: str, low: Number, high: Number,
          points: Sequence[tuple[datetime.date, Number]], value_label: str = "Svar") -> Chart:
    """One series over time: dates spaced by time, the scale from `low` to `high`."""
    width, height, left, top = 300.0, 120.0, 0.0, 0.0
    days = [d for d, _ in points]
    span = max((days[-1] - days[0]).days, 1) if days else 1

    def xy(when: datetime.date, value: Number) -> tuple[float, float]:
        x = left + (width * (when - days[0]).days / span if len(days) > 1 else width / 2)
        return x, top + height * (1 - (float(value) - float(low)) / (float(high) - float(low)))

    box, parts = _Box(), [f'<rect x="{left}" y="{top}" width="{width}" height="{height}" fill="none" '
                          f'stroke="{GRID}"/>']
    box.add(left, top, left + width, top + height)
    for value in (low, high):
        y = top + height * (1 - (float(value) - float(low)) / (float(high) - float(low)))
        parts.append(_text(left - 6, y + 4, number(value), anchor="end", size=11, box=box))
    coords = [xy(d, v) for d, v in points]
    if len(coords) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline fill="none" stroke="{BLUE}" stroke-width="2.5" points="{line}"/>')
    parts.extend(_marker("circle", x, y, BLUE) for x, y in coords)
    if days:
        parts.append(_text(left, top + height + 18, day(days[0]), size=11, box=box))
        if len(days) > 1:
            parts.append(_text(left + width, top + height + 18, day(days[-1]), anchor="end", size=11, box=box))
    summary = ", ".join(f"{day(d)}: {number(v)}" for d, v in points) or "Ingen svar endnu."
    table = Table(title, ["Dato", value_label], [(day(d), [v]) for d, v in points])
    return _chart(key=key, kind="lines", title=title, summary=summary, box=box, parts=parts, marks=len(coords),
                  table=table)


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / ticks if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def bars(*, key: str, title: str, categories: Sequence[str], series: Sequence[Series],
         low: Number | None = None, high: Number | None = None, category_label: str = "",
         summary: str = "") -> Chart:
    """Horizontal bars: one row per category, one bar per series (at most three, told apart by
    pattern as well as colour). The scale runs from `low` to `high` (from the data when not given);
    where it spans zero, bars start at zero."""
    values = [float(v) for s in series for v in s.values if v is not None]
    lo = float(low) if low is not None else min([0.0, *values])
    hi = float(high) if high is not None else max([1.0, *values])
    step = _nice_step(hi - lo)
    if high is None:
        hi = math.ceil(hi / step) * step
    base = 0.0 if lo < 0 < hi else lo
    label_lines = [wrap(c, 30, 2) for c in categories]
    label_w = max([_width(line) for ls in label_lines for line in ls] + [40])
    left, plot_w, bar_h, gap = label_w + 12, 420.0, 12.0, 12.0
    row_h = bar_h * len(series) + gap

    def x(value: float) -> float:
        return left + plot_w * (value - lo) / (hi - lo if hi > lo else 1)

    box, parts = _Box(), []
    box.add(0, 0, left + plot_w, row_h * len(categories))
    tick = math.ceil(lo / step) * step
    while tick <= hi + step / 1000:
        tx = x(tick)
        parts.append(f'<line x1="{tx:.1f}" y1="0" x2="{tx:.1f}" y2="{row_h * len(categories):.1f}" '
                     f'stroke="{GRID}" stroke-width="{1 if tick == base else 0.4}"/>')
        parts.append(_text(tx, row_h * len(categories) + 16, number(tick, 2), anchor="middle", size=11, box=box))
        tick += step
    # two or three series: the first hollow (the earlier, the granted), then filled; one series: filled
    styles = [(ORANGE, True), (BLUE, False), (INK, False)] if len(series) > 1 else [(BLUE, False)]
    marks = 0
    for c, lines_ in enumerate(label_lines):
        y0 = c * row_h + gap / 2
        parts.append(_text(left - 8, y0 + bar_h * len(series) / 2 + 4 - (len(lines_) - 1) * FONT * 0.6, lines_,
                           anchor="end", box=box))
        for s, item in enumerate(series):
            value = item.values[c]
            if value is None:
                continue
            colour, hollow = styles[s % len(styles)]
            x0, x1 = sorted((x(base), x(float(value))))
            fill = f'fill="white" stroke="{colour}" stroke-width="2"' if hollow else f'fill="{colour}"'
            parts.append(f'<rect class="mark" x="{x0:.1f}" y="{y0 + s * bar_h + 1:.1f}" width="{max(x1 - x0, 1):.1f}" '
                         f'height="{bar_h - 2:.1f}" {fill}/>')
            parts.append(_text(x1 + 4, y0 + s * bar_h + bar_h - 2, number(value, 2), size=10, box=box))
            marks += 1
    if len(series) > 1:
        _legend(parts, box, left, row_h * len(categories) + 42,
                [(colour, "", "outline" if hollow else "box", s.name)
                 for s, (colour, hollow) in zip(series, styles, strict=False)])
    summary = summary or "; ".join(
        f"{c}: " + ", ".join(f"{s.name} {number(s.values[i], 2)}" for s in series) for i, c in enumerate(categories))
    table = Table(title, [category_label or "Kategori"] + [s.name for s in series],
                  [(c, [s.values[i] for s in series]) for i, c in enumerate(categories)])
    return _chart(key=key, kind="bars", title=title, summary=summary, box=box, parts=parts, marks=marks,
                  table=table)


def fill_bars(*, key: str, title: str, items: Sequence[Fill], label: str = "Tilbud") -> Chart:
    """How full each item is: a track for its capacity and a fill for what is used, with the figures
    beside it. Over capacity the fill is red and runs past the track's end (at most half again); an
    item without a fixed capacity has no track, only its figure."""
    label_lines = [wrap(i.label, 30, 2) for i in items]
    label_w = max([_width(line) for ls in label_lines for line in ls] + [40])
    left, track, row_h = label_w + 12, 300.0, 30.0
    box, parts = _Box(), []
    box.add(0, 0, left + track * 1.5, row_h * len(items))
    marks = 0
    rows = []
    for i, (item, lines_) in enumerate(zip(items, label_lines, strict=True)):
        y = i * row_h + 6
        parts.append(_text(left - 8, y + 13 - (len(lines_) - 1) * FONT * 0.6, lines_, anchor="end", box=box))
        used = float(item.used)
        if item.total is None or float(item.total) <= 0:
            text = f"{number(used)} {item.unit} brugt, ingen fast kapacitet"
            parts.append(_text(left, y + 13, text, box=box))
            rows.append((item.label, [item.used, None, None, item.unit]))
            continue
        total = float(item.total)
        share = used / total
        over = used > total
        parts.append(f'<rect x="{left:.1f}" y="{y:.1f}" width="{track:.1f}" height="18" fill="{LIGHT}" '
                     f'stroke="{GRID}" stroke-width="0.5"/>')
        width = track * min(share, 1.5)
        parts.append(f'<rect class="mark" x="{left:.1f}" y="{y + 3:.1f}" width="{max(width, 1):.1f}" height="12" '
                     f'fill="{WARN if over else BLUE}"/>')
        marks += 1
        text = f"{number(used)} af {number(total)} {item.unit} ({number(100 * share, 0)} %)"
        if over:
            text += " – over kapaciteten"
        parts.append(_text(left + max(track, width) + 8, y + 13, text, box=box, weight="bold" if over else ""))
        rows.append((item.label, [item.used, item.total, round(100 * share), item.unit]))
    summary = "; ".join(
        f"{i.label}: {number(i.used)} af {number(i.total)} {i.unit}" if i.total else
        f"{i.label}: {number(i.used)} {i.unit}, ingen fast kapacitet" for i in items) or "Ingen tilbud."
    table = Table(title, [label, "Brugt", "Kapacitet", "Fyldt (%)", "Enhed"], rows)
    return _chart(key=key, kind="fill_bars", title=title, summary=summary, box=box, parts=parts, marks=marks,
                  table=table)


def fan(*, key: str, title: str, summary: str, labels: Sequence[str], bands: dict[str, Sequence],
        fmt: Callable[[float], str], table: Table, budget: Sequence[float | None] | None = None) -> Chart:
    """Percentile bands per period: P5–P95 and P25–P75 as areas, P50 as a line (a dot per period), the
    budget dashed; `labels` are the short axis labels, `table` the numbers as the page shows them."""
    width, height, left, top = 640.0, 210.0, 0.0, 0.0
    n = len(labels)
    values = [v for k in ("p5", "p25", "p50", "p75", "p95") for v in bands.get(k, []) if v is not None]
    values += [v for v in (budget or []) if v is not None]
    high = max(values, default=1.0)
    step = _nice_step(high)
    top_value = max(step, math.ceil(high / step) * step)

    def x(i: int) -> float:
        return left + (width * i / (n - 1) if n > 1 else width / 2)

    def y(value: float) -> float:
        return top + height * (1 - value / top_value)

    box, parts = _Box(), [f'<rect x="{left}" y="{top}" width="{width}" height="{height}" fill="none" '
                          f'stroke="{GRID}"/>']
    box.add(left, top, left + width, top + height)
    tick = 0.0
    while tick <= top_value + step / 2:
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{left + width}" y2="{y(tick):.1f}" '
                     f'stroke="{GRID}" stroke-width="0.4"/>')
        parts.append(_text(left - 6, y(tick) + 4, fmt(tick), anchor="end", size=11, box=box))
        tick += step
    every = next((k for k in (1, 2, 3, 6, 12, 24) if n / k <= 10), 24)
    for i in range(0, n, every):
        parts.append(f'<line x1="{x(i):.1f}" y1="{top + height}" x2="{x(i):.1f}" y2="{top + height + 4}" '
                     f'stroke="{GRID}"/>')
        parts.append(_text(x(i), top + height + 17, labels[i], anchor="middle", size=11, box=box))

    def runs(indices: list[int]) -> list[list[int]]:
        out: list[list[int]] = []
        for i in indices:
            if out and out[-1][-1] == i - 1:
                out[-1].append(i)
            else:
                out.append([i])
        return out

    for low_key, high_key, colour in (("p5", "p95", LIGHT), ("p25", "p75", MID)):
        lows, highs = bands.get(low_key, []), bands.get(high_key, [])
        for run in runs([i for i in range(n) if lows[i] is not None and highs[i] is not None]):
            if len(run) == 1:
                i = run[0]
                parts.append(f'<line x1="{x(i):.1f}" y1="{y(highs[i]):.1f}" x2="{x(i):.1f}" y2="{y(lows[i]):.1f}" '
                             f'stroke="{colour}" stroke-width="6"/>')
                continue
            outline = [f"{x(i):.1f},{y(highs[i]):.1f}" for i in run] + [f"{x(i):.1f},{y(lows[i]):.1f}"
                                                                         for i in reversed(run)]
            parts.append(f'<polygon points="{" ".join(outline)}" fill="{colour}" stroke="none"/>')
    medians = bands.get("p50", [])
    present = [i for i in range(n) if medians[i] is not None]
    for run in runs(present):
        if len(run) > 1:
            line = " ".join(f"{x(i):.1f},{y(medians[i]):.1f}" for i in run)
            parts.append(f'<polyline points="{line}" fill="none" stroke="{BLUE}" stroke-width="2.5"/>')
    parts.extend(f'<circle class="mark" cx="{x(i):.1f}" cy="{y(medians[i]):.1f}" r="{3.5 if n <= 24 else 2}" '
                 f'fill="{BLUE}"/>' for i in present)
    legend = [(LIGHT, "", "box", "P5–P95 (90 % af udfaldene)"), (MID, "", "box", "P25–P75 (50 %)"),
              (BLUE, "", "", "P50 (medianen)")]
    if budget:
        line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(budget) if v is not None)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{ORANGE}" stroke-width="2.5" '
                     f'stroke-dasharray="7 4"/>')
        legend.append((ORANGE, "7 4", "", "Budget"))
    _legend(parts, box, left, top + height + 46, legend)
    return _chart(key=key, kind="fan", title=title, summary=summary, box=box, parts=parts, marks=len(present),
                  table=table)


@dataclass(frozen=True)
class Step:
    start: datetime.date
    end: datetime.date
    value: Number
    note: str = ""  # e.g. "Pause": drawn grey and named in the table


def steps(*, key: str, title: str, periods: Sequence[Step], value_label: str, summary: str = "") -> Chart:
    """A value that holds from one date to the next (an agreed intensity): one block per period, its
    width the period's length, its height the value; a period with a note (a pause) is a grey band."""
    width, height = 600.0, 120.0
    start, end = periods[0].start, max(p.end for p in periods)
    days = max((end - start).days, 1)
    top = max([float(p.value) for p in periods] + [1.0])
    step = _nice_step(top, 3)
    top = math.ceil(top / step) * step

    def x(when: datetime.date) -> float:
        return width * (when - start).days / days

    box, parts = _Box(), [f'<line x1="0" y1="{height}" x2="{width}" y2="{height}" stroke="{GRID}"/>']
    box.add(0, 0, width, height)
    tick = 0.0
    while tick <= top + step / 1000:
        y = height * (1 - tick / top)
        parts.append(f'<line x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="{GRID}" stroke-width="0.4"/>')
        parts.append(_text(-6, y + 4, number(tick), anchor="end", size=11, box=box))
        tick += step
    for p in periods:  # a period with a note (a pause) is a grey band the whole height
        h = height if p.note else height * float(p.value) / top
        parts.append(f'<rect class="mark" x="{x(p.start):.1f}" y="{height - h:.1f}" '
                     f'width="{max(x(p.end) - x(p.start), 2):.1f}" height="{max(h, 1):.1f}" '
                     f'fill="{PAUSE if p.note else BLUE}" stroke="white"/>')
    parts.append(_text(0, height + 18, day(start), size=11, box=box))
    parts.append(_text(width, height + 18, day(end), anchor="end", size=11, box=box))
    summary = summary or "; ".join(
        f"fra {day(p.start)}: {number(p.value, 2)} {value_label.lower()}" + (f" ({p.note.lower()})" if p.note else "")
        for p in periods)
    table = Table(title, ["Fra", "Til", value_label, "Bemærkning"],
                  [(day(p.start), [day(p.end), p.value, p.note]) for p in periods])
    return _chart(key=key, kind="steps", title=title, summary=summary, box=box, parts=parts, marks=len(periods),
                  table=table)


@dataclass(frozen=True)
class Dated:
    """A dated series: its own dates (a value missing on a day is simply not there)."""

    name: str
    points: Sequence[tuple[datetime.date, Number]]


def trend(*, key: str, title: str, low: Number, high: Number, series: Sequence[Dated],
          events: Sequence[tuple[datetime.date, str]] = (), summary: str = "") -> Chart:
    """Several series over the same time on one scale (at most three, told apart by dash and marker as well as
    colour), and dated events (a measurement done another way) as dashed vertical lines with a diamond on top.
    The table has one row per date: a column per series, and one for the events."""
    width, height = 600.0, 160.0
    days = sorted({d for s in series for d, _ in s.points} | {d for d, _ in events})
    first, last = (days[0], days[-1]) if days else (None, None)
    span = max((last - first).days, 1) if first and last else 1

    def x(when: datetime.date) -> float:
        return width * (when - first).days / span if first and len(days) > 1 else width / 2

    def y(value: Number) -> float:
        return height * (1 - (float(value) - float(low)) / (float(high) - float(low)))

    box, parts = _Box(), [f'<rect x="0" y="0" width="{width}" height="{height}" fill="none" stroke="{GRID}"/>']
    box.add(0, 0, width, height)
    step = _nice_step(float(high) - float(low), 3)
    ticks = [float(low) + i * step for i in range(int((float(high) - float(low)) / step + 1e-9) + 1)]
    if float(high) - ticks[-1] >= step / 2:  # the top of the scale is always named
        ticks.append(float(high))
    for tick in ticks:
        parts.append(f'<line x1="0" y1="{y(tick):.1f}" x2="{width}" y2="{y(tick):.1f}" stroke="{GRID}" '
                     f'stroke-width="0.4"/>')
        parts.append(_text(-6, y(tick) + 4, number(tick), anchor="end", size=11, box=box))
    styles = [(BLUE, "", "circle"), (ORANGE, "6 4", "square"), (INK, "2 3", "circle")]
    marks = 0
    for (colour, dash, marker), s in zip(styles, series, strict=False):
        coords = [(x(d), y(v)) for d, v in sorted(s.points)]
        if len(coords) > 1:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash_attr} '
                         f'points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in coords)}"/>')
        parts.extend(_marker(marker, px, py, colour) for px, py in coords)
        marks += len(coords)
    for d, _ in events:
        ex = x(d)
        parts.append(f'<line x1="{ex:.1f}" y1="0" x2="{ex:.1f}" y2="{height}" stroke="{INK}" stroke-width="1.5" '
                     f'stroke-dasharray="3 3"/>')
        parts.append(f'<path class="mark" d="M{ex:.1f} -11 l6 6 l-6 6 l-6 -6 z" fill="{INK}"/>')
        box.add(ex - 6, -11, ex + 6, 1)
        marks += 1
    if first and last:
        parts.append(_text(0, height + 18, day(first), size=11, box=box))
        if len(days) > 1:
            parts.append(_text(width, height + 18, day(last), anchor="end", size=11, box=box))
    legend = [(*style, s.name) for style, s in zip(styles, series, strict=False)]
    if events:
        legend.append((INK, "3 3", "", "Måling sammen med en medarbejder (lodret streg)"))
    _legend(parts, box, 0, height + 44, legend)
    values = [{d: v for d, v in s.points} for s in series]
    by_day: dict[datetime.date, list[str]] = {}
    for d, label in events:
        by_day.setdefault(d, []).append(label)
    headers = ["Dato", *(s.name for s in series)] + (["Måling sammen med en medarbejder"] if events else [])
    rows = [(day(d), [v.get(d) for v in values] + (["; ".join(by_day.get(d, [])) or None] if events else []))
            for d in reversed(days)]
    if not summary:
        latest = [f"{s.name} senest {number(sorted(s.points)[-1][1])}" for s in series if s.points]
        summary = (f"Fra {day(first)} til {day(last)}. " + "; ".join(latest) + "." if first and last
                   else "Ingen svar endnu.")
        if events:
            summary += f" {len(events)} målinger sammen med en medarbejder."
    table = Table(title, headers, rows)
    return _chart(key=key, kind="trend", title=title, summary=summary, box=box, parts=parts, marks=marks,
                  table=table)

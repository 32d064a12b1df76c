"""The statistics of outcome figures, as plain functions over plain data (no Django).

A citizen's *series* is their measurements with one instrument, oldest first, each a
`Point(day, answers, total)`. Change is always latest minus first:
- per area: the first and the latest measurement that answered that area (two different ones);
- the total score: the first and the latest measurement that has a total;
- "improved": over the areas answered in both the citizen's first and latest measurement, the mean
  change points the better way (a citizen with one measurement is never counted as improved; they
  are counted apart, as "without follow-up").
95 % confidence intervals of a mean change use the t distribution with n − 1 degrees of freedom.
Any figure built on fewer than `MIN_GROUP` citizens is suppressed.
"""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats

MIN_GROUP = 5
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Point:
    day: datetime.date
    answers: dict[str, int]
    total: float | None = None


@dataclass(frozen=True)
class MeanCI:
    n: int
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Change:
    n: int
    mean_first: float | None
    mean_latest: float | None
    change: MeanCI
    suppressed: bool


@dataclass(frozen=True)
class Improved:
    n: int  # citizens with a first and a latest measurement to compare
    improved: int
    share: float | None
    without_follow_up: int  # citizens with only one measurement
    suppressed: bool


def mean_ci(values: Sequence[float], confidence: float = CONFIDENCE) -> MeanCI:
    """Mean with a t-based confidence interval; for n = 1 the mean only, for n = 0 nothing."""
    n = len(values)
    if n == 0:
        return MeanCI(0, None, None, None, None)
    mean = math.fsum(values) / n
    if n == 1:
        return MeanCI(1, mean, None, None, None)
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
    half = stats.t.ppf((1 + confidence) / 2, n - 1) * sd / math.sqrt(n)
    return MeanCI(n, mean, sd, mean - half, mean + half)


def first_and_latest(series: Sequence[Point], area: str) -> tuple[int, int] | None:
    answered = [p.answers[area] for p in series if area in p.answers]
    return (answered[0], answered[-1]) if len(answered) >= 2 else None


def first_and_latest_total(series: Sequence[Point]) -> tuple[float, float] | None:
    totals = [p.total for p in series if p.total is not None]
    return (totals[0], totals[-1]) if len(totals) >= 2 else None


def _change(pairs: list[tuple[float, float]], min_group: int) -> Change:
    n = len(pairs)
    if n < min_group:
        return Change(n, None, None, MeanCI(n, None, None, None, None), True)
    return Change(
        n,
        math.fsum(a for a, _ in pairs) / n,
        math.fsum(b for _, b in pairs) / n,
        mean_ci([b - a for a, b in pairs]),
        False,
    )


def area_change(all_series: Sequence[Sequence[Point]], area: str, *, min_group: int = MIN_GROUP) -> Change:
    pairs = [pair for s in all_series if (pair := first_and_latest(s, area)) is not None]
    return _change(pairs, min_group)


def total_change(all_series: Sequence[Sequence[Point]], *, min_group: int = MIN_GROUP) -> Change:
    pairs = [pair for s in all_series if (pair := first_and_latest_total(s)) is not None]
    return _change(pairs, min_group)


def overall_change(series: Sequence[Point]) -> float | None:
    """Mean change over the areas answered in both the first and the latest measurement."""
    if len(series) < 2:
        return None
    first, latest = series[0].answers, series[-1].answers
    common = [k for k in first if k in latest]
    if not common:
        return None
    return math.fsum(latest[k] - first[k] for k in common) / len(common)


def improved(all_series: Sequence[Sequence[Point]], *, direction: int = 1, min_group: int = MIN_GROUP) -> Improved:
    """Citizens whose overall change points the better way (`direction` −1 when lower is better)."""
    changes = [overall_change(s) for s in all_series if len(s) >= 2]
    changes = [c for c in changes if c is not None]
    without = sum(1 for s in all_series if len(s) < 2)
    n = len(changes)
    if n < min_group:
        return Improved(n, 0, None, without, True)
    count = sum(1 for c in changes if c * direction > 0)
    return Improved(n, count, count / n, without, False)

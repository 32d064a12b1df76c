"""From a chunk's raw daily counts to per-period metrics per replication and offer.

Daily series are rebuilt from the counts (in support = initial + starts - ends,
waiting = initial + arrivals - starts) and summed or averaged per week, month and
calendar year.  Waiting times are exact in days: within a priority class service is
first come first served, so the ``k``-th citizen to start is the ``k``-th to arrive,
and the sum of the arrival days of the citizens who started in a period follows from
the cumulative arrival curve (one vectorised ``searchsorted`` per class).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from . import kernels
from .model import Model
from .simulate import ChunkRecord, sum_classes

PERIOD_NAMES = ("week", "month", "year")
# Metrics stored per (replication, offer, period); all are additive over offers.
METRICS = (
    "arrivals",
    "new_arrivals",
    "returns",
    "starts",
    "ends",
    "waiting_mean",
    "waiting_end",
    "wait_days_sum",
    "waited_over_threshold",
    "in_support_mean",
    "capacity_mean",
    "delivered_hours",
    "served",
    "cost",
)
DAILY_SERIES = ("arrivals", "new_arrivals", "starts", "ends", "in_support", "waiting", "capacity")


@dataclass(frozen=True)
class PeriodAxis:
    """Periods of one kind: label and first simulated day of each period."""

    name: str
    labels: tuple[str, ...]
    starts: np.ndarray
    horizon: int

    @property
    def lengths(self) -> np.ndarray:
        """Number of simulated days in each period."""
        return np.diff(np.append(self.starts, self.horizon))

    @property
    def last_days(self) -> np.ndarray:
        """Last simulated day of each period."""
        return np.append(self.starts[1:], self.horizon) - 1


def period_axis(name: str, start: dt.date, horizon: int) -> PeriodAxis:
    """Weeks (7-day blocks from the start date), calendar months or calendar years."""
    if name not in PERIOD_NAMES:
        raise ValueError(f"period must be one of {PERIOD_NAMES}")
    days = np.arange(horizon)
    if name == "week":
        firsts = days[::7]
        labels = tuple(str(start + dt.timedelta(days=int(d))) for d in firsts)
        return PeriodAxis(name, labels, firsts, horizon)
    unit = "M" if name == "month" else "Y"
    dates = np.datetime64(start, "D") + days
    buckets = dates.astype(f"datetime64[{unit}]")
    firsts = np.flatnonzero(np.r_[True, buckets[1:] != buckets[:-1]])
    return PeriodAxis(name, tuple(str(b) for b in buckets[firsts]), firsts, horizon)


def running_total(daily: np.ndarray, dtype: type = np.int64) -> np.ndarray:
    """Cumulative sum along axis 0 of a time-major array.

    Adding one day's row at a time is several times faster than ``np.cumsum(axis=0)``
    on C-ordered arrays.
    """
    total = np.empty(daily.shape, dtype)
    if daily.shape[0] == 0:
        return total
    if daily.ndim == 2 and kernels.jit_enabled():
        kernels.running_total_2d(daily, total)
        return total
    total[0] = daily[0]
    for day in range(1, daily.shape[0]):
        np.add(total[day - 1], daily[day], out=total[day])
    return total


def value_at(running: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Rows of a running total at the given indices; index -1 (before the start) gives 0."""
    index = np.asarray(index)
    values = running[np.maximum(index, 0)]
    values[index < 0] = 0
    return values


@dataclass
class Curve:
    """Running total ``X`` of a time-major count series and the running total ``XX`` of ``X``.

    ``first`` is the day number of entry 0 (negative when the series starts before the
    simulation, as today's waitlist does).
    """

    total: np.ndarray
    double: np.ndarray
    first: int = 0

    @classmethod
    def of(cls, daily: np.ndarray, dtype: type, first: int = 0) -> Curve:
        """Build both running totals of a daily series."""
        if daily.ndim == 2 and daily.shape[0] > 0 and kernels.jit_enabled():
            total, double = np.empty(daily.shape, dtype), np.empty(daily.shape, dtype)
            kernels.running_totals_2d(daily, total, double)
            return cls(total, double, first)
        total = running_total(daily, dtype)
        return cls(total, running_total(total, dtype), first)

    def at(self, days: np.ndarray) -> np.ndarray:
        """X at the given day numbers (0 before the series starts)."""
        return value_at(self.total, np.asarray(days) - self.first)

    def double_at(self, days: np.ndarray) -> np.ndarray:
        """XX at the given day numbers."""
        return value_at(self.double, np.asarray(days) - self.first)

    def day_weighted_at(self, days: np.ndarray) -> np.ndarray:
        """Sum of day number x count up to each given day: ``t X(t) - XX(t - 1)`` (by parts)."""
        days = np.asarray(days)
        return days[:, None] * self.at(days) - self.double_at(days - 1)

    def first_reaching(self, numbers: np.ndarray) -> np.ndarray:
        """Per row, the first day on which X reaches each of ``numbers`` (periods, rows)."""
        found = np.empty(numbers.shape, np.int64)
        if kernels.jit_enabled():
            kernels.first_reaching(self.total, numbers, found)
            return found + self.first
        for row in range(numbers.shape[1]):
            found[:, row] = np.searchsorted(self.total[:, row], numbers[:, row], side="left")
        return found + self.first


@dataclass
class Difference:
    """``plus - minus`` of two curves that start on day 0, evaluated only at the days asked for.

    In support is today's caseload plus starts minus ends; only its values at period
    bounds are needed (and the whole series only for daily output), so the difference
    of the two calendars is never stored.
    """

    plus: Curve
    minus: Curve

    def at(self, days: np.ndarray) -> np.ndarray:
        return self.plus.at(days) - self.minus.at(days)

    def double_at(self, days: np.ndarray) -> np.ndarray:
        return self.plus.double_at(days) - self.minus.double_at(days)

    @property
    def total(self) -> np.ndarray:
        return self.plus.total - self.minus.total


def _rows_at(curve: Curve, days: np.ndarray) -> np.ndarray:
    """X at a different day for each (period, row) entry."""
    index = days - curve.first
    values = np.take_along_axis(curve.total, np.maximum(index, 0), axis=0)
    return np.where(index >= 0, values, 0)


def _day_weighted_rows(curve: Curve, days: np.ndarray) -> np.ndarray:
    """``t X(t) - XX(t - 1)`` at a different day for each (period, row) entry."""
    index = days - curve.first
    total = np.take_along_axis(curve.total, np.maximum(index, 0), axis=0)
    double = np.take_along_axis(curve.double, np.maximum(index - 1, 0), axis=0)
    return np.where(index >= 0, days * total, 0) - np.where(index >= 1, double, 0)


def arrival_day_sums(arrivals: Curve, numbers: np.ndarray) -> np.ndarray:
    """Sum of the arrival days of the first ``numbers`` citizens of each row (FCFS order).

    The ``k``-th citizen arrived on the first day the arrival curve reaches ``k``.
    """
    day = arrivals.first_reaching(numbers)
    before = day - 1
    return _day_weighted_rows(arrivals, before) + day * (numbers - _rows_at(arrivals, before))


def _count_dtype(model: Model, record: ChunkRecord) -> type:
    """int32 for running totals when even the double running totals cannot overflow."""
    arrived = sum_classes(record.arrivals[: model.horizon]).sum(axis=0, dtype=np.int64).max(initial=0)
    waiting = record.waitlist_initial.sum(axis=2).sum(axis=1).max(initial=0)
    days = model.horizon + record.waitlist_initial.shape[2]
    largest = 2 * days * (int(arrived) + int(waiting) + 1)
    return np.int32 if largest < 2**31 else np.int64


@dataclass
class ClassCurves:
    """Arrival (including today's waitlist) and start curves of one priority class."""

    arrivals: Curve
    starts: Curve
    long_waits: np.ndarray


def class_curves(model: Model, record: ChunkRecord, cls: int, dtype: type) -> ClassCurves:
    """Curves of one class, plus the running count of starters who waited over the threshold."""
    horizon, threshold = model.horizon, model.scenario.wait_threshold_days
    initial_class = cls if model.n_classes == 2 else 1
    waitlist = record.waitlist_initial[:, initial_class, ::-1].T
    lead = waitlist.shape[0] - 1
    series = np.zeros((lead + horizon, waitlist.shape[1]), dtype)
    series[: lead + 1] = waitlist
    series[lead:] += record.arrivals[:horizon, :, cls]
    arrivals = Curve.of(series, dtype, first=-lead)
    daily_starts = record.starts[:, :, cls]
    starts = Curve.of(daily_starts, dtype)
    # Starters on day t who arrived before day t - threshold: A(t - threshold - 1) - S(t - 1), capped.
    if kernels.jit_enabled():
        waits = np.empty((horizon, daily_starts.shape[1]), dtype)
        kernels.long_waits(arrivals.total, starts.total, daily_starts, lead - threshold - 1, waits)
        return ClassCurves(arrivals, starts, waits)
    early = value_at(arrivals.total, np.arange(horizon) - threshold - 1 + lead)
    early -= value_at(starts.total, np.arange(horizon) - 1)
    np.clip(early, 0, daily_starts, out=early)
    return ClassCurves(arrivals, starts, running_total(early, dtype))


@dataclass
class WaitStatistics:
    """Waiting days of those who started per period, and of those still waiting at the end."""

    wait_days_sum: dict[str, np.ndarray]
    waited_over_threshold: dict[str, np.ndarray]
    open_wait_days: np.ndarray


def wait_statistics(model: Model, curves: list[ClassCurves], axes: dict[str, PeriodAxis]) -> WaitStatistics:
    """Exact waiting days per period for every row, summed over priority classes.

    Within a class the ``k``-th citizen to start is the ``k``-th to arrive, so the
    arrival days of those who started in a period follow from the arrival curve.
    """
    last = np.array([model.horizon - 1])
    sums: dict[str, np.ndarray] = {}
    over: dict[str, np.ndarray] = {}
    open_days = 0
    for curve in curves:
        for name, axis in axes.items():
            bounds = np.append(axis.starts[0] - 1, axis.last_days)
            started = curve.starts.at(bounds)
            start_days = np.diff(curve.starts.day_weighted_at(bounds), axis=0)
            arrival_days = np.diff(arrival_day_sums(curve.arrivals, started), axis=0)
            sums[name] = sums.get(name, 0) + start_days - arrival_days
            over[name] = over.get(name, 0) + np.diff(value_at(curve.long_waits, bounds), axis=0)
        started, arrived = curve.starts.at(last), curve.arrivals.at(last)
        waiting_days = arrival_day_sums(curve.arrivals, np.vstack([started, arrived]))
        open_days = open_days + (arrived[0] - started[0]) * model.horizon - (waiting_days[1] - waiting_days[0])
    return WaitStatistics(sums, over, np.asarray(open_days))


def _segment_sums(axis: PeriodAxis, running: Curve | Difference, weights: np.ndarray, init: np.ndarray,
                  n_reps: int) -> np.ndarray:
    """Per-period sums of ``in_support(t) x weight(t, offer)`` with piecewise-constant weights.

    ``running`` holds S - E (starts minus ends); in support = ``init`` + S - E.
    """
    changes = np.flatnonzero(np.any(weights[1:] != weights[:-1], axis=1)) + 1
    breaks = np.union1d(axis.starts, changes)
    ends = np.append(breaks[1:], axis.horizon) - 1
    lengths = (ends - breaks + 1)[:, None]
    days_in = running.double_at(ends) - running.double_at(breaks - 1) + lengths * init[None, :]
    segment = days_in * np.tile(weights[breaks], (1, n_reps))
    return np.add.reduceat(segment, np.searchsorted(breaks, axis.starts), axis=0)


@dataclass
class ChunkOutput:
    """Everything kept from one chunk: per-period metrics, end values and (optionally) daily series."""

    metrics: dict[str, dict[str, np.ndarray]]
    final: dict[str, np.ndarray]
    daily: dict[str, np.ndarray] | None


def _to_rep_offer(model: Model, per_period: np.ndarray) -> np.ndarray:
    """(periods, rows) -> (replications, offers, periods) as float64."""
    n_periods = per_period.shape[0]
    return per_period.reshape(n_periods, -1, model.n_offers).transpose(1, 2, 0).astype(np.float64)


def chunk_output(model: Model, record: ChunkRecord, axes: dict[str, PeriodAxis],
                 keep_daily: bool = False) -> ChunkOutput:
    """Aggregate one chunk: metrics per period name -> metric -> (replications, offers, periods)."""
    n_reps, horizon = len(record.replications), model.horizon
    dtype = _count_dtype(model, record)
    per_class = [class_curves(model, record, cls, dtype) for cls in range(model.n_classes)]
    ends = Curve.of(record.ends[:horizon], dtype)
    if model.n_classes == 1 and per_class[0].arrivals.first == 0:
        arrivals = per_class[0].arrivals  # nobody waiting today: the class curve is the total
    else:
        arrivals = Curve.of(sum_classes(record.arrivals[:horizon]), dtype)
    new = Curve.of(record.new_arrivals, dtype) if model.has_returns else arrivals
    starts = _sum_curves([c.starts for c in per_class])
    net = Difference(starts, ends)
    init = record.in_support_initial.astype(np.float64)
    waiting0 = record.waitlist_initial.sum(axis=2).sum(axis=1)
    waits = wait_statistics(model, per_class, axes)
    metrics: dict[str, dict[str, np.ndarray]] = {}
    for name, axis in axes.items():
        bounds = np.append(axis.starts[0] - 1, axis.last_days)
        length = axis.lengths[:, None]

        def delta(values: np.ndarray) -> np.ndarray:
            return np.diff(values, axis=0)

        started = delta(starts.at(bounds))
        arrived = delta(arrivals.at(bounds))
        in_support_days = delta(net.double_at(bounds)) + length * init[None, :]
        waiting_days = delta(arrivals.double_at(bounds) - starts.double_at(bounds)) + length * waiting0[None, :]
        raw = {
            "arrivals": arrived,
            "new_arrivals": delta(new.at(bounds)),
            "returns": arrived - delta(new.at(bounds)),
            "starts": started,
            "ends": delta(ends.at(bounds)),
            "waiting_mean": waiting_days / length,
            "waiting_end": waiting0[None, :] + arrivals.at(axis.last_days) - starts.at(axis.last_days),
            "wait_days_sum": waits.wait_days_sum[name],
            "waited_over_threshold": waits.waited_over_threshold[name],
            "in_support_mean": in_support_days / length,
            "capacity_mean": np.tile(np.add.reduceat(model.plan.places, axis.starts, axis=0) / length,
                                     (1, n_reps)),
            "delivered_hours": _segment_sums(axis, net, model.plan.hours_per_place_day, init, n_reps),
            "served": init[None, :] + net.at(axis.starts - 1) + started,
            "cost": _segment_sums(axis, net, model.unit_cost_day, init, n_reps)
            + np.tile(np.add.reduceat(model.plan.fixed_cost_day, axis.starts, axis=0), (1, n_reps)),
        }
        metrics[name] = {key: _to_rep_offer(model, np.asarray(raw[key])) for key in METRICS}
    last = np.array([horizon - 1])
    final = {
        "waiting": waiting0 + arrivals.at(last)[0] - starts.at(last)[0],
        "in_support": record.in_support_initial + net.at(last)[0],
        "open_wait_days": waits.open_wait_days,
        "arrived": arrivals.at(last)[0],
        "started": starts.at(last)[0],
        "ended": ends.at(last)[0],
    }
    shape = (n_reps, model.n_offers)
    daily = _daily(model, record, net, waiting0, arrivals, starts) if keep_daily else None
    return ChunkOutput(metrics, {key: np.asarray(v).reshape(shape) for key, v in final.items()}, daily)


def _sum_curves(curves: list[Curve]) -> Curve:
    """Element-wise sum of curves that start on day 0."""
    if len(curves) == 1:
        return curves[0]
    return Curve(sum(c.total for c in curves), sum(c.double for c in curves))


def _daily(model: Model, record: ChunkRecord, net: Difference, waiting0: np.ndarray, arrivals: Curve,
           starts: Curve) -> dict[str, np.ndarray]:
    """Daily series per (replication, offer, day)."""
    horizon, n_reps = model.horizon, len(record.replications)
    series = {
        "arrivals": sum_classes(record.arrivals[:horizon]),
        "new_arrivals": record.new_arrivals,
        "starts": sum_classes(record.starts),
        "ends": record.ends[:horizon],
        "in_support": record.in_support_initial[None, :] + net.total,
        "waiting": waiting0[None, :] + arrivals.total - starts.total,
        "capacity": np.tile(model.plan.places, (1, n_reps)),
    }
    return {key: np.asarray(series[key], np.int64).reshape(horizon, n_reps, model.n_offers).transpose(1, 2, 0)
            for key in DAILY_SERIES}

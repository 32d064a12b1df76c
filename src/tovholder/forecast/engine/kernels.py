"""Compiled hot paths (numba) with the pure-numpy code as the fallback.

The engine has two paths that give bit-identical results for the same seed:

* the compiled path (default): the daily loop, the counter-based hashes behind the
  arrival counts and the episode tables, and the running totals of the
  post-processing run as ``numba.njit(cache=True)`` functions;
* the numpy path: the vectorised numpy code next to each call site.

``TOVHOLDER_FORECAST_JIT=0`` in the environment (or :func:`use_jit` in code and tests)
selects the numpy path.  Only integer arithmetic and the exact float steps of the
numpy code are compiled; the transcendental functions (``log``, ``log1p``, quantile
functions) stay in numpy on both paths, because numpy's vectorised ``log`` and the C
library's ``log`` that compiled code calls can differ in the last bit.

Compiling takes a few seconds; ``cache=True`` keeps the machine code in
``__pycache__`` beside this file (never committed), and :func:`warm_up` compiles or
loads every kernel ahead of time (the task worker calls it when it starts).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import numpy as np

try:  # numba is a required dependency; the guard only keeps the numpy path usable without it
    from numba import njit

    HAVE_NUMBA = True
except ImportError:  # pragma: no cover - exercised only where numba cannot be installed
    HAVE_NUMBA = False

    def njit(*args, **kwargs):  # type: ignore[no-untyped-def]
        def wrap(function):  # type: ignore[no-untyped-def]
            return function

        return wrap if not args or not callable(args[0]) else args[0]


_enabled = HAVE_NUMBA and os.environ.get("TOVHOLDER_FORECAST_JIT", "1").strip().lower() not in ("0", "false", "no")


def jit_enabled() -> bool:
    """True when the compiled path is in use."""
    return _enabled


def set_jit(enabled: bool) -> None:
    """Select the compiled (True, needs numba) or the numpy path (False) for this process."""
    global _enabled
    if enabled and not HAVE_NUMBA:
        raise RuntimeError("numba is not installed")
    _enabled = bool(enabled)


@contextlib.contextmanager
def use_jit(enabled: bool) -> Iterator[None]:
    """Run a block on one path, then restore the previous choice."""
    before = _enabled
    set_jit(enabled)
    try:
        yield
    finally:
        set_jit(before)


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_TWO_POW_53 = float(2**53)
_TWO_POW_32 = 4294967296.0


@njit(cache=True, inline="always")
def _mix(key: np.uint64, counter: np.uint64) -> np.uint64:  # pragma: no cover - compiled
    """SplitMix64 output ``counter`` of the stream keyed by ``key`` (as ``random_streams._states``)."""
    z = (counter + np.uint64(1)) * _GOLDEN + key
    z ^= z >> np.uint64(30)
    z *= _MIX1
    z ^= z >> np.uint64(27)
    z *= _MIX2
    z ^= z >> np.uint64(31)
    return z


@njit(cache=True)
def uniform_table(keys: np.ndarray, size: int) -> np.ndarray:  # pragma: no cover - compiled
    """``counter_uniforms(keys[:, None], arange(size)[None, :])`` in one pass."""
    out = np.empty((keys.size, size), np.float64)
    for r in range(keys.size):
        key = keys[r]
        for k in range(size):
            bits = _mix(key, np.uint64(k)) >> np.uint64(11)
            out[r, k] = (np.float64(bits) + 0.5) / _TWO_POW_53
    return out


@njit(cache=True)
def uniform_pair_table(keys: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover
    """``counter_uniform_pair(keys[:, None], arange(size)[None, :])`` in one pass."""
    high = np.empty((keys.size, size), np.float64)
    low = np.empty((keys.size, size), np.float64)
    for r in range(keys.size):
        key = keys[r]
        for k in range(size):
            bits = _mix(key, np.uint64(k))
            high[r, k] = (np.float64(bits >> np.uint64(32)) + 0.5) / _TWO_POW_32
            low[r, k] = (np.float64(bits & np.uint64(0xFFFFFFFF)) + 0.5) / _TWO_POW_32
    return high, low


@njit(cache=True)
def route_counts(counts: np.ndarray, routing_keys: np.ndarray, priority_keys: np.ndarray,
                 thresholds: np.ndarray, priority_share: np.ndarray, split_priority: bool, normal_class: int,
                 per_day: int, routed: np.ndarray) -> None:  # pragma: no cover - compiled
    """``arrivals.route_arrivals`` for every arrival in turn, adding to ``routed`` (reps, days, offers, classes).

    Arrival ``number`` of (replication, day, age group) uses counter ``day * per_day +
    number`` of the group's routing (and priority) stream; its offer is the first whose
    threshold exceeds ``2 group + u`` (``searchsorted(..., side="right")``).
    """
    n_offers = routed.shape[2]
    for rep in range(counts.shape[0]):
        for day in range(counts.shape[1]):
            for group in range(counts.shape[2]):
                for number in range(counts[rep, day, group]):
                    counter = np.uint64(day * per_day + number)
                    bits = _mix(routing_keys[rep, group], counter) >> np.uint64(11)
                    value = 2.0 * group + (np.float64(bits) + 0.5) / _TWO_POW_53
                    low, high = 0, thresholds.size
                    while low < high:
                        middle = (low + high) >> 1
                        if thresholds[middle] <= value:
                            low = middle + 1
                        else:
                            high = middle
                    offer = low - group * n_offers
                    if offer >= n_offers:
                        continue
                    cls = normal_class
                    if split_priority:
                        bits = _mix(priority_keys[rep, group], counter) >> np.uint64(11)
                        if (np.float64(bits) + 0.5) / _TWO_POW_53 < priority_share[offer]:
                            cls = 0
                    routed[rep, day, offer, cls] += 1


@njit(cache=True)
def event_day_counts(gaps: np.ndarray, total: np.ndarray, rate: np.ndarray, horizon: int,
                     counts: np.ndarray, group: int) -> bool:  # pragma: no cover - compiled
    """Add the days of a Poisson process's events to ``counts[:, :, group]``.

    ``gaps`` (replications, size) are the exponential gaps in event-time units; an
    event at cumulated time ``t < total`` falls on day ``int(t / rate)`` (capped at the
    last day), as in ``arrivals.constant_rate_counts``.  Returns False (and adds
    nothing more for that row) if a row's gaps end before ``total``: then the caller
    draws more gaps and starts again.
    """
    for r in range(gaps.shape[0]):
        if not total[r] > 0.0:
            continue
        t = 0.0
        reached = False
        for k in range(gaps.shape[1]):
            t += gaps[r, k]
            if t >= total[r]:
                reached = True
                break
        if not reached:
            return False
    for r in range(gaps.shape[0]):
        divisor = rate[r] if rate[r] > 0.0 else 1.0
        t = 0.0
        for k in range(gaps.shape[1]):
            t += gaps[r, k]
            if not t < total[r]:
                break
            day = np.int64(t / divisor)
            if day > horizon - 1:
                day = horizon - 1
            counts[r, day, group] += 1
    return True


@njit(cache=True)
def running_total_2d(daily: np.ndarray, out: np.ndarray) -> None:  # pragma: no cover - compiled
    """``out[d] = out[d - 1] + daily[d]`` along axis 0 (in ``out``'s dtype)."""
    if daily.shape[0] == 0:
        return
    for r in range(daily.shape[1]):
        out[0, r] = daily[0, r]
    for d in range(1, daily.shape[0]):
        for r in range(daily.shape[1]):
            out[d, r] = out[d - 1, r] + daily[d, r]


@njit(cache=True)
def running_totals_2d(daily: np.ndarray, total: np.ndarray, double: np.ndarray) -> None:  # pragma: no cover
    """``total`` = running total of ``daily`` and ``double`` = running total of ``total``, in one pass."""
    if daily.shape[0] == 0:
        return
    for r in range(daily.shape[1]):
        total[0, r] = daily[0, r]
        double[0, r] = total[0, r]
    for d in range(1, daily.shape[0]):
        for r in range(daily.shape[1]):
            total[d, r] = total[d - 1, r] + daily[d, r]
            double[d, r] = double[d - 1, r] + total[d, r]


@njit(cache=True)
def long_waits(arrivals: np.ndarray, starts: np.ndarray, daily_starts: np.ndarray, offset: int,
               out: np.ndarray) -> None:  # pragma: no cover - compiled
    """Running count of starters who arrived before day ``t - threshold`` (``outputs.class_curves``).

    Starters on day ``t`` who waited too long: ``A(t + offset) - S(t - 1)`` (0 before the
    series begin), clipped to ``0 .. daily_starts[t]``; ``out`` is its running total.
    """
    for d in range(daily_starts.shape[0]):
        index = d + offset
        for r in range(daily_starts.shape[1]):
            early = arrivals[index, r] if index >= 0 else 0
            if d >= 1:
                early -= starts[d - 1, r]
            if early < 0:
                early = 0
            if early > daily_starts[d, r]:
                early = daily_starts[d, r]
            out[d, r] = early if d == 0 else out[d - 1, r] + early


@njit(cache=True)
def first_reaching(total: np.ndarray, numbers: np.ndarray, found: np.ndarray) -> None:  # pragma: no cover
    """Per column, ``np.searchsorted(total[:, row], numbers[:, row], side="left")`` into ``found``."""
    n = total.shape[0]
    for row in range(numbers.shape[1]):
        for p in range(numbers.shape[0]):
            value = numbers[p, row]
            low, high = 0, n
            while low < high:
                middle = (low + high) >> 1
                if total[middle, row] < value:
                    low = middle + 1
                else:
                    high = middle
            found[p, row] = low


@njit(cache=True)
def run_days(first_day: int, first_row: int, last_day: int, n_offers: int, n_classes: int,
             free: np.ndarray, waiting: np.ndarray, next_index: np.ndarray, row_ends: np.ndarray,
             end_codes: np.ndarray, return_codes: np.ndarray, has_returns: bool,
             step_index: np.ndarray, step_values: np.ndarray,
             ends: np.ndarray, arrivals: np.ndarray, starts: np.ndarray) -> tuple[int, int]:  # pragma: no cover
    """The daily loop of ``simulate._DayLoop.run`` for days ``first_day .. last_day - 1``.

    Rows are independent within a day (an episode's end is booked in its own row, a
    return at least one day later), so each row does the whole day in turn: capacity
    change, ends, arrivals, starts (priority class first, first come first served),
    and the next waiting citizen taking a place freed the same day.  A row first walks
    its episode table read-only; if the table is too short it returns ``(day, row)``
    with nothing of that row's day done, and the caller grows the tables and resumes
    there.  Returns ``(last_day, 0)`` when done.
    """
    n_rows = free.size
    ends_flat = ends.reshape(-1)
    arrivals_flat = arrivals.reshape(-1)
    for day in range(first_day, last_day):
        step = step_index[day]
        for row in range(first_row if day == first_day else 0, n_rows):
            f = free[row] + ends[day, row]
            if step >= 0:
                f += step_values[step, row % n_offers]
            w0 = waiting[row, 0] + arrivals[day, row, 0]
            w1 = 0
            if n_classes == 2:
                w1 = waiting[row, 1] + arrivals[day, row, 1]
            count = min(f, w0 + w1)
            if count < 0:
                count = 0
            index = next_index[row]
            end = row_ends[row]
            if index + count > end:
                return day, row
            freed = 0
            for k in range(index, index + count):
                if end_codes[k] < n_rows:
                    freed += 1
            position = index + count
            remaining = w0 + w1 - count
            f -= count
            while freed > 0:
                freed -= 1
                if remaining == 0:
                    f += 1
                    continue
                if position >= end:
                    return day, row
                if end_codes[position] < n_rows:
                    freed += 1
                position += 1
                remaining -= 1
            taken = position - index
            first = min(taken, w0)
            free[row] = f
            waiting[row, 0] = w0 - first
            starts[day, row, 0] = first
            if n_classes == 2:
                waiting[row, 1] = w1 - (taken - first)
                starts[day, row, 1] = taken - first
            next_index[row] = position
            day_ends = day * n_rows
            day_returns = day * n_rows * n_classes
            for k in range(index, position):
                ends_flat[end_codes[k] + day_ends] += 1
                if has_returns:
                    code = return_codes[k]
                    if code >= 0:
                        arrivals_flat[code + day_returns] += 1
    return last_day, 0


_warm = False


def warm_up() -> None:
    """Compile (or load from the cache) every kernel with the argument types the engine uses.

    Cheap when the cache is warm; call it where a forecast will run (the task worker),
    never in a web request.
    """
    global _warm
    if _warm or not _enabled:
        return
    keys = np.arange(2, dtype=np.uint64)
    uniform_table(keys, 2)
    uniform_pair_table(keys, 2)
    for split in (True, False):
        route_counts(np.ones((2, 3, 1), np.int64), np.ones((2, 1), np.uint64), np.ones((2, 1), np.uint64),
                     np.array([0.5, 1.0]), np.array([0.1, 0.1]), split, 1, 2**20, np.zeros((2, 3, 2, 2), np.int32))
    counts = np.zeros((2, 3, 1), np.int64)
    event_day_counts(np.ones((2, 4)), np.full(2, 2.5), np.ones(2), 3, counts, 0)
    for out_type in (np.int32, np.int64):
        for in_type in (np.int32, np.int64):
            daily = np.ones((3, 2, 2), in_type)
            running_total_2d(daily[:, :, 0], np.empty((3, 2), out_type))
            running_total_2d(daily[:, :, 0].copy(), np.empty((3, 2), out_type))
            running_totals_2d(daily[:, :, 0], np.empty((3, 2), out_type), np.empty((3, 2), out_type))
            running_totals_2d(daily[:, :, 0].copy(), np.empty((3, 2), out_type), np.empty((3, 2), out_type))
    for total_type in (np.int32, np.int64):
        both = np.zeros((3, 2), total_type)
        long_waits(both, both, np.zeros((3, 2, 1), np.int32)[:, :, 0], -1, np.empty((3, 2), total_type))
        for number_type in (np.int32, np.int64):
            first_reaching(np.zeros((3, 2), total_type), np.zeros((2, 2), number_type), np.empty((2, 2), np.int64))
    for code_type in (np.int32, np.int64):
        for n_classes in (1, 2):
            days, rows = 2, 2
            run_days(0, 0, days, 1, n_classes, np.ones(rows, np.int64), np.ones((rows, n_classes), np.int64),
                     np.array([0, 4], np.int64), np.array([4, 8], np.int64), np.arange(8, dtype=code_type) % 2,
                     np.full(8, -1, code_type), True, np.full(days, -1, np.int64), np.zeros((1, 1), np.int64),
                     np.zeros((2 * days + 2, rows), np.int32), np.zeros((2 * days + 2, rows, n_classes), np.int32),
                     np.zeros((days, rows, n_classes), np.int32))
    _warm = True

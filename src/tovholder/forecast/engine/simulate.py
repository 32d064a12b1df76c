"""The daily loop: all replications of a chunk advance together, one day at a time.

State is counts, not citizens: per row (replication x offer) the number in support,
the number waiting per priority class, and calendars indexed by future day of
episode ends and of returning citizens.  Each day:

1. episodes booked to end today free their places (before anyone starts), so places
   freed during the day are reused the same day;
2. today's arrivals (new and returning) join the waitlist;
3. as many as there are free places start, priority class first and first come first
   served within a class (the start count per class is all the loop needs; the
   post-processing recovers exactly which arrival days started, see ``outputs``);
4. each start looks up its occupancy and return in the episode tables and is booked
   into the calendars; an episode shorter than the rest of the day frees its place at
   once, and the next citizen waiting in that row takes it the same day.

Everything state-independent (arrivals, episode tables, today's caseload) is drawn
before the loop from streams keyed by the global replication number, so the result
does not depend on the chunk size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import kernels
from .arrivals import draw_new_arrivals
from .episodes import build_tables, encode_returns, initial_episodes
from .model import Model

ProgressCallback = Callable[[float], None]


@dataclass
class ChunkRecord:
    """Raw daily counts of one chunk (time-major arrays; rows are replication x offer).

    ``arrivals`` (2 x days + 2, rows, classes) includes returns; days from ``days`` on
    are beyond the horizon.  ``starts`` (days, rows, classes).  ``ends`` (2 x days + 2,
    rows).  ``new_arrivals`` (days, rows) excludes returns.
    """

    replications: np.ndarray
    arrivals: np.ndarray
    new_arrivals: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    in_support_initial: np.ndarray
    waitlist_initial: np.ndarray


def sum_classes(counts: np.ndarray) -> np.ndarray:
    """Sum over the last (priority class) axis of size 1 or 2, keeping the dtype (fast)."""
    if counts.shape[-1] == 1:
        return counts[..., 0]
    return counts[..., 0] + counts[..., 1]


def initial_table_sizes(model: Model, available: np.ndarray) -> np.ndarray:
    """Start numbers to tabulate per offer: enough for the arrivals known now plus expected returns.

    ``available`` (replications, offers) counts today's waitlist and the new arrivals;
    the daily loop rebuilds larger tables if a row ever runs out.
    """
    most = available.max(axis=0, initial=0).astype(np.float64)
    sizes = most.copy()
    for o, offer in enumerate(model.scenario.offers):
        spec = offer.returns
        klippekort = spec.klippekort_share * spec.klippekort_return_share
        other = (1.0 - spec.klippekort_share) * spec.return_share
        target = int(model.klippekort_target[o])
        own = other + (klippekort if target == o else 0.0)
        sizes[o] += most[o] * own / max(1.0 - own, 0.05)
        if target != o:
            sizes[target] += most[o] * klippekort / max(1.0 - own, 0.05)
    return (sizes + 16).astype(np.int64)


class _DayLoop:
    """Mutable state of one chunk while the days are simulated.

    Per row: ``free`` places (capacity minus in support), ``waiting`` per class, and
    ``next_index`` into the episode tables.  Calendars are twice the horizon long so
    that no booking needs clipping: anything at or after day ``horizon`` is beyond it.
    """

    def __init__(self, model: Model, replications: np.ndarray) -> None:
        self.model = model
        self.replications = replications
        self.n_rows = n_rows = len(replications) * model.n_offers
        horizon, n_classes = model.horizon, model.n_classes
        self.arrivals = np.zeros((2 * horizon + 2, n_rows, n_classes), np.int32)
        draw_new_arrivals(model, replications, self.arrivals)
        self.new_arrivals = sum_classes(self.arrivals[:horizon]).copy()
        self.starts = np.zeros((horizon, n_rows, n_classes), np.int32)
        self.ends = np.zeros((2 * horizon + 2, n_rows), np.int32)
        self.ends_flat, self.arrivals_flat = self.ends.reshape(-1), self.arrivals.reshape(-1)
        self.free = np.tile(model.plan.places[0] - model.initial.in_support, len(replications))
        self.capacity_steps = self._capacity_steps()
        self.waiting = self._initial_waiting()
        self._book_initial_episodes()
        available = self.new_arrivals.sum(axis=0, dtype=np.int64) + sum_classes(self.waiting)
        self.tables = build_tables(model, replications,
                                   initial_table_sizes(model, available.reshape(-1, model.n_offers)))
        self.next_index = self.tables.row_starts.copy()
        self.row_ends = self.tables.row_ends
        self.slack = 0
        self.counter = np.arange(16, dtype=np.int64)
        self.ones = np.ones(16, np.int32)

    def _capacity_steps(self) -> dict[int, np.ndarray]:
        """Changes in places per row on the days capacity changes."""
        places = self.model.plan.places
        days = np.flatnonzero(np.any(places[1:] != places[:-1], axis=1)) + 1
        return {int(day): np.tile(places[day] - places[day - 1], len(self.replications)) for day in days}

    def _initial_waiting(self) -> np.ndarray:
        model = self.model
        by_class = model.initial.waitlist.sum(axis=2)
        waiting = np.zeros((model.n_offers, model.n_classes), np.int64)
        waiting[:, model.normal_class] += by_class[:, 1]
        if model.n_classes == 2:
            waiting[:, 0] += by_class[:, 0]
        return np.tile(waiting, (len(self.replications), 1))

    def _book_initial_episodes(self) -> None:
        episodes = initial_episodes(self.model, self.replications)
        np.add.at(self.ends, (episodes.end_days, episodes.rows), 1)
        if episodes.return_codes is not None:
            first_rows = episodes.rows - episodes.rows % self.model.n_offers
            codes = encode_returns(self.model, episodes.return_codes, first_rows, self.n_rows)
            returning = codes[codes >= 0]
            np.add.at(self.arrivals.reshape(-1), returning, np.ones(returning.size, np.int32))

    def _grow_tables(self, needed: np.ndarray) -> None:
        """Rebuild larger tables when some row needs more start numbers than tabulated."""
        started = self.next_index - self.tables.row_starts
        short = (needed - self.row_ends).reshape(-1, self.model.n_offers).max(axis=0)
        sizes = np.where(short > 0, np.maximum(2 * self.tables.sizes, self.tables.sizes + short), self.tables.sizes)
        self.tables = build_tables(self.model, self.replications, sizes)
        self.next_index = self.tables.row_starts + started
        self.row_ends = self.tables.row_ends
        self.slack = 0

    def _buffers(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        """Reusable 0..size-1 counter and int32 ones."""
        if size > self.counter.size:
            self.counter = np.arange(2 * size, dtype=np.int64)
            self.ones = np.ones(2 * size, np.int32)
        return self.counter[:size], self.ones[:size]

    def _start_counts(self, day: int) -> np.ndarray:
        """Start as many as there are free places, priority class first; record and return the counts."""
        free, waiting = self.free, self.waiting
        if self.model.n_classes == 1:
            count = np.minimum(free, waiting[:, 0])
            np.maximum(count, 0, out=count)
            waiting[:, 0] -= count
            self.starts[day, :, 0] = count
        else:
            count = np.minimum(free, waiting[:, 0] + waiting[:, 1])
            np.maximum(count, 0, out=count)
            first = np.minimum(count, waiting[:, 0])
            waiting[:, 0] -= first
            self.starts[day, :, 0] = first
            first -= count
            waiting[:, 1] += first
            self.starts[day, :, 1] = -first
        free -= count
        return count

    def _start_pass(self, day: int) -> np.ndarray | None:
        """Start as many as possible in every row: priority class first, FCFS within a class.

        Returns the rows of episodes that already ended today (or None).
        """
        n_rows = self.n_rows
        count = self._start_counts(day)
        total = int(count.sum())
        if total == 0:
            return None
        counter, ones = self._buffers(total)
        # ``slack`` is a lower bound on the table entries left in every row; only when
        # today's largest count may exceed it is the exact (slower) check made.
        peak = int(count.max())
        if peak > self.slack:
            if (self.next_index + count > self.row_ends).any():
                self._grow_tables(self.next_index + count)
            self.slack = int((self.row_ends - self.next_index).min())
        self.slack -= peak
        before = np.cumsum(count)
        before -= count
        indices = np.repeat(self.next_index - before, count)
        indices += counter
        self.next_index += count
        codes = self.tables.end_codes[indices]
        same_day = codes[codes < n_rows] if codes.min() < n_rows else None
        codes += day * n_rows
        np.add.at(self.ends_flat, codes, ones)
        if self.tables.return_codes is not None:
            returning = self.tables.return_codes[indices]
            returning = returning[returning >= 0]
            if returning.size:
                returning += day * n_rows * self.model.n_classes
                np.add.at(self.arrivals_flat, returning, ones[: returning.size])
        return same_day

    def _reuse_same_day(self, day: int, freed_rows: np.ndarray) -> None:
        """Episodes shorter than the rest of the day free their place again today.

        The next citizen waiting in that row (priority class first) takes it at once;
        otherwise the place becomes free.  There are only a few such rows per day, so
        this runs on scalars.
        """
        n_rows, n_classes = self.n_rows, self.model.n_classes
        free, waiting, next_index = self.free, self.waiting, self.next_index
        ends, arrivals, starts = self.ends.reshape(-1), self.arrivals.reshape(-1), self.starts[day]
        pending = freed_rows.tolist()
        while pending:
            row = pending.pop()
            cls = 0 if waiting[row, 0] > 0 else n_classes - 1
            if waiting[row, cls] == 0:
                free[row] += 1
                continue
            if next_index[row] >= self.row_ends[row]:
                self._grow_tables(next_index + (np.arange(n_rows) == row))
                next_index = self.next_index
            self.slack -= 1
            waiting[row, cls] -= 1
            starts[row, cls] += 1
            index = next_index[row]
            next_index[row] += 1
            code = int(self.tables.end_codes[index])
            ends[code + day * n_rows] += 1
            if self.tables.return_codes is not None and self.tables.return_codes[index] >= 0:
                arrivals[int(self.tables.return_codes[index]) + day * n_rows * n_classes] += 1
            if code < n_rows:
                pending.append(row)

    def run(self, on_day: Callable[[int], None] | None = None) -> None:
        """Simulate every day of the horizon (compiled or numpy, see ``kernels``)."""
        if kernels.jit_enabled():
            self._run_compiled(on_day)
        else:
            self._run_numpy(on_day)

    def _run_compiled(self, on_day: Callable[[int], None] | None) -> None:
        """The same days in ``kernels.run_days``, growing the tables whenever a row runs out."""
        model = self.model
        horizon = model.horizon
        step_index = np.full(horizon, -1, np.int64)
        step_values = np.zeros((max(1, len(self.capacity_steps)), model.n_offers), np.int64)
        for number, (day, change) in enumerate(sorted(self.capacity_steps.items())):
            step_index[day] = number
            step_values[number] = change[: model.n_offers]
        report_every = max(1, horizon // 50)
        stops = [horizon] if on_day is None else [*range(1, horizon, report_every), horizon]
        day, row = 0, 0
        for stop in stops:
            while day < stop:
                returns = self.tables.return_codes
                day, row = kernels.run_days(
                    day, row, stop, model.n_offers, model.n_classes, self.free, self.waiting, self.next_index,
                    self.row_ends, self.tables.end_codes,
                    returns if returns is not None else self.tables.end_codes[:0], returns is not None,
                    step_index, step_values, self.ends, self.arrivals, self.starts)
                if day < stop:
                    needed = self.next_index.copy()
                    needed[row] = self.row_ends[row] + 1
                    self._grow_tables(needed)
            if on_day is not None:
                on_day(stop - 1)

    def _run_numpy(self, on_day: Callable[[int], None] | None) -> None:
        free, ends, arrivals, waiting, steps = self.free, self.ends, self.arrivals, self.waiting, self.capacity_steps
        report_every = max(1, self.model.horizon // 50)
        for day in range(self.model.horizon):
            if day in steps:
                free += steps[day]
            free += ends[day]
            waiting += arrivals[day]
            freed_rows = self._start_pass(day)
            if freed_rows is not None:
                self._reuse_same_day(day, freed_rows)
            if on_day is not None and day % report_every == 0:
                on_day(day)


def simulate_chunk(model: Model, replications: np.ndarray,
                   progress: ProgressCallback | None = None) -> ChunkRecord:
    """Simulate the given global replication numbers together and return their raw counts."""
    loop = _DayLoop(model, replications)
    loop.run(None if progress is None else lambda day: progress(day / model.horizon))
    return ChunkRecord(
        replications=replications,
        arrivals=loop.arrivals,
        new_arrivals=loop.new_arrivals,
        starts=loop.starts,
        ends=loop.ends,
        in_support_initial=np.tile(model.initial.in_support, len(replications)),
        waitlist_initial=np.tile(model.initial.waitlist, (len(replications), 1, 1)),
    )

"""Everything random about one episode, tabulated per (replication, offer, start number).

The ``k``-th citizen to start in offer ``o`` of replication ``r`` gets

* a within-day start offset ``u`` (uniform on the day) and a continuous duration ``d``;
  the place is occupied at the end of days ``t .. t + floor(u + d) - 1`` and freed on
  day ``t + floor(u + d)``, which is exact for continuous durations (no rounding
  bias: an episode started at ``t + u`` is over by the observation at the end of day
  ``j`` exactly when ``t + u + d < j + 1``);
* an outcome at the end (klippekort or not, return or not) and a return delay.

All of it comes from counter-based streams keyed by (replication, offer, k), so the
tables can be computed in bulk before the daily loop (and rebuilt larger on demand),
and they are identical in every chunking and in every scenario with the same seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import kernels
from .distributions import DurationDistribution
from .model import Model
from .random_streams import Purpose, counter_uniform_pair, stream_keys

NO_RETURN = -1


@dataclass
class EpisodeTables:
    """Encoded tables for one chunk, flat: row ``r * offers + o`` owns entries
    ``row_starts[row] .. row_starts[row] + sizes[o] - 1``, one per start number ``k``.

    ``end_codes = occupancy * rows + row``: adding ``day * rows`` gives the flat index of
    the episode's end in a time-major calendar (days, rows).  ``return_codes`` is
    ``NO_RETURN`` or the flat offset of the return in the arrivals calendar (days, rows,
    classes) relative to the start day; ``None`` when no offer has returns.
    """

    end_codes: np.ndarray
    return_codes: np.ndarray | None
    sizes: np.ndarray
    row_starts: np.ndarray

    @property
    def row_ends(self) -> np.ndarray:
        """One past the last entry of each row."""
        return self.row_starts + np.tile(self.sizes, self.row_starts.size // self.sizes.size)


def _occupancy(model: Model, offset: np.ndarray, duration: np.ndarray) -> np.ndarray:
    """Days an episode occupies its place, capped just beyond the horizon."""
    if model.discretisation == "round-up":
        days = np.ceil(duration)
    else:
        days = np.floor(offset + duration)
    return np.minimum(days, model.horizon + 1).astype(np.int32)


def return_codes(
    model: Model,
    offer_index: int,
    end_time: np.ndarray,
    outcome_u: np.ndarray,
    delay_u: np.ndarray,
) -> np.ndarray:
    """Encode the return (if any) of episodes that end ``end_time`` days after their start day.

    The code is ``NO_RETURN`` or ``(days * offers + target offer) * classes + class``.

    One uniform decides the outcome: below the klippekort share it is a klippekort
    (rescaled, it then decides the klippekort return); otherwise, rescaled, it
    decides an ordinary return.
    """
    spec = model.scenario.offers[offer_index].returns
    codes = np.full(end_time.shape, NO_RETURN, np.int64)
    if not spec.any:
        return codes
    share = spec.klippekort_share
    klippekort = outcome_u < share
    rescaled = np.where(klippekort, outcome_u / max(share, 1e-300), (outcome_u - share) / max(1.0 - share, 1e-300))
    returns = np.where(klippekort, rescaled < spec.klippekort_return_share, rescaled < spec.return_share)
    delay = np.zeros(end_time.shape)
    delay = _delay_where(delay, klippekort & returns, spec.klippekort_delay, delay_u)
    delay = _delay_where(delay, ~klippekort & returns, spec.return_delay, delay_u)
    days = np.minimum(np.maximum(np.floor(end_time + delay), 1.0), model.horizon + 1).astype(np.int32)
    priority = klippekort & model.scenario.klippekort_skip_waitlist
    classes = np.where(priority, 0, model.normal_class)
    target = np.where(klippekort, model.klippekort_target[offer_index], offer_index)
    codes[returns] = ((days * model.n_offers + target) * model.n_classes + classes)[returns]
    return codes


def _delay_where(delay: np.ndarray, mask: np.ndarray, dist: DurationDistribution | None,
                 uniforms: np.ndarray) -> np.ndarray:
    if dist is None or not mask.any():
        return delay
    delay[mask] = dist.ppf(uniforms[mask])
    return delay


def _code_dtype(model: Model, n_rows: int) -> type:
    """int32 codes when the largest calendar index fits, else int64."""
    largest = (2 * model.horizon + 2) * n_rows * model.n_classes
    return np.int32 if largest < 2**31 else np.int64


def _pair(model: Model, purpose: Purpose, replications: np.ndarray, offer: int,
          counters: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two uniforms per (replication, counter) from the offer's stream of one purpose."""
    keys = stream_keys(model.scenario.seed, purpose, replications, offer)
    if kernels.jit_enabled():
        return kernels.uniform_pair_table(keys, counters.size)
    return counter_uniform_pair(keys[:, None], counters[None, :])


def build_tables(model: Model, replications: np.ndarray, sizes: np.ndarray) -> EpisodeTables:
    """Tables for start numbers ``0 .. sizes[o] - 1`` of every row of a chunk.

    Entries are pure functions of (replication, offer, k), so rebuilding with larger
    sizes only appends entries.
    """
    n_reps, n_offers = len(replications), model.n_offers
    n_rows = n_reps * n_offers
    dtype = _code_dtype(model, n_rows)
    first_rows = np.arange(n_reps)[:, None] * n_offers
    ends, returns = [], []
    for o in range(n_offers):
        counters = np.arange(int(sizes[o]))
        offset, duration_u = _pair(model, Purpose.EPISODES, replications, o, counters)
        duration = model.scenario.offers[o].duration.ppf(duration_u)
        occupancy = _occupancy(model, offset, duration).astype(dtype)
        occupancy *= n_rows
        occupancy += (first_rows + o).astype(dtype)
        ends.append(occupancy)
        if model.has_returns:
            outcome, delay = _pair(model, Purpose.OUTCOMES, replications, o, counters)
            codes = return_codes(model, o, offset + duration, outcome, delay)
            returns.append(encode_returns(model, codes, first_rows, n_rows).astype(dtype))
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    row_starts = (np.arange(n_reps, dtype=np.int64)[:, None] * int(np.sum(sizes)) + offsets[None, :]).ravel()
    return EpisodeTables(np.concatenate(ends, axis=1).ravel(),
                         np.concatenate(returns, axis=1).ravel() if returns else None,
                         np.asarray(sizes, np.int64), row_starts)


def encode_returns(model: Model, codes: np.ndarray, first_rows: np.ndarray, n_rows: int) -> np.ndarray:
    """Turn return codes into flat offsets in the chunk's arrivals calendar.

    ``first_rows`` is the row of offer 0 of each episode's replication.
    """
    days, rest = np.divmod(codes, model.n_offers * model.n_classes)
    target, classes = np.divmod(rest, model.n_classes)
    encoded = (days * n_rows + first_rows + target) * model.n_classes + classes
    return np.where(codes >= 0, encoded, NO_RETURN)


@dataclass
class InitialEpisodes:
    """Episodes in progress on day 0: when they end, and their return codes."""

    rows: np.ndarray
    end_days: np.ndarray
    return_codes: np.ndarray | None


def initial_episodes(model: Model, replications: np.ndarray) -> InitialEpisodes:
    """End days (and returns) of today's caseload for every replication of a chunk.

    Remaining durations are given, drawn fresh, or drawn from the stationary residual
    distribution (a uniform fraction of a length-biased duration), per offer.
    """
    initial, n_offers = model.initial, model.n_offers
    rows, ends, codes = [], [], []
    for o, offer in enumerate(model.scenario.offers):
        count = int(initial.in_support[o])
        if count == 0:
            continue
        counters = np.arange(count)
        first, second = _pair(model, Purpose.INITIAL, replications, o, counters)
        kind = initial.remaining_kind[o]
        if kind == "given":
            remaining = np.broadcast_to(initial.remaining_days[o], (len(replications), count))
        elif kind == "fresh":
            remaining = first + offer.duration.ppf(second)
        else:
            remaining = offer.duration.residual_ppf(first, second)
        rows.append(np.repeat(np.arange(len(replications)) * n_offers + o, count))
        ends.append(np.minimum(np.floor(remaining), model.horizon).astype(np.int64).ravel())
        if model.has_returns:
            outcome, delay = _pair(model, Purpose.INITIAL_OUTCOMES, replications, o, counters)
            codes.append(return_codes(model, o, np.asarray(remaining, np.float64), outcome, delay).ravel())
    if not rows:
        empty = np.zeros(0, np.int64)
        return InitialEpisodes(empty, empty, empty.astype(np.int32) if model.has_returns else None)
    return InitialEpisodes(np.concatenate(rows), np.concatenate(ends),
                           np.concatenate(codes) if model.has_returns else None)

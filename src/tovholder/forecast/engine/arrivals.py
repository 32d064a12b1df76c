"""New arrivals per day, offer and priority class, drawn before the daily loop.

Arrivals do not depend on the state of the system, so each replication draws its
whole horizon at once:

1. uncertain rates (and the common conversion rate) once per replication, by
   inversion of counter-based uniforms (stream ``PARAMETERS``);
2. Poisson counts per day and age group (stream ``ARRIVALS``): with constant rates from
   the event times of a Poisson process, vectorised over the chunk; with rates that
   change over time from the replication's own numpy Generator;
3. each arrival is routed to an offer with the routing matrix and, with the offer's
   priority share, put in the priority class, by counter-based uniforms keyed by
   (replication, age group, day, number within the day) (streams ``ROUTING``,
   ``PRIORITY``), vectorised over the whole chunk.

Each step has its own stream per replication, so two scenarios with the same seed
and the same rates see the same arrivals, routed the same way (common random numbers).
"""

from __future__ import annotations

import numpy as np

from . import kernels
from .model import Model
from .random_streams import Purpose, counter_uniforms, replication_generator, stream_keys

# Counter layout for per-arrival streams: day * _PER_DAY + number within the day.
_PER_DAY = 2**20


def draw_rates(model: Model, replications: np.ndarray) -> np.ndarray:
    """Rates per stream for each replication, shape (replications, streams), per rate unit.

    The conversion rate is drawn once per replication and applied to all streams.
    """
    scenario = model.scenario
    streams = scenario.arrivals.streams
    keys = stream_keys(scenario.seed, Purpose.PARAMETERS, replications)
    counters = np.arange(len(streams) + 1)
    uniforms = counter_uniforms(keys[:, None], counters[None, :])
    rates = np.empty((len(replications), len(streams)))
    for s, stream in enumerate(streams):
        rates[:, s] = stream.rate.ppf(uniforms[:, s])
    conversion = scenario.arrivals.conversion.ppf(uniforms[:, len(streams)])
    return rates * conversion[:, None]


def stream_membership(model: Model) -> np.ndarray:
    """(streams, age groups) 0/1 matrix: which age group each stream belongs to."""
    membership = np.zeros((len(model.stream_age), len(model.scenario.age_groups)))
    membership[np.arange(len(model.stream_age)), model.stream_age] = 1.0
    return membership


def daily_means(model: Model, rates: np.ndarray, constant: bool = False) -> np.ndarray:
    """Expected arrivals per day and age group, shape (..., days, age groups).

    ``rates`` are per stream, shape (streams,) or (replications, streams).  With
    ``constant`` (multipliers equal on all days) only the first day is computed and
    returned with a days axis of length 1.
    """
    weighted = rates[..., :, None] * stream_membership(model)
    multipliers = model.rate_multipliers[:1] if constant else model.rate_multipliers
    return np.einsum("ds,...sg->...dg", multipliers, weighted)


def constant_rate_counts(model: Model, replications: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """Poisson counts per (replication, day, age group) when each replication's daily rate is constant.

    The event times of a Poisson process come from cumulated exponential gaps drawn
    from counter-based uniforms keyed by (replication, age group), vectorised over the
    chunk.  ``rates`` (replications, age groups) are expected arrivals per day.
    """
    n_reps, horizon = len(replications), model.horizon
    counts = np.zeros((n_reps, horizon, rates.shape[1]), np.int64)
    for group in range(rates.shape[1]):
        rate = rates[:, group]
        total = rate * horizon
        if not (total > 0).any():
            continue
        keys = stream_keys(model.scenario.seed, Purpose.ARRIVALS, replications, group)
        size = int(np.max(total + 6.0 * np.sqrt(total)) + 16)
        if kernels.jit_enabled():
            while True:
                gaps = kernels.uniform_table(keys, size)
                np.log(gaps, out=gaps)  # numpy's log on both paths (bit-identical gaps)
                np.negative(gaps, out=gaps)
                if kernels.event_day_counts(gaps, total, rate, horizon, counts, group):
                    break
                counts[:, :, group] = 0
                size *= 2
            continue
        while True:
            times = np.cumsum(-np.log(counter_uniforms(keys[:, None], np.arange(size)[None, :])), axis=1)
            if (times[:, -1] >= total).all():
                break
            size *= 2
        inside = times < total[:, None]
        days = (times / np.where(rate > 0, rate, 1.0)[:, None]).astype(np.int64)
        np.minimum(days, horizon - 1, out=days)
        cells = (np.arange(n_reps)[:, None] * horizon + days)[inside]
        counts[:, :, group] = np.bincount(cells, minlength=n_reps * horizon).reshape(n_reps, horizon)
    return counts


def draw_counts(model: Model, replications: np.ndarray) -> np.ndarray:
    """Arrivals per replication, day and age group, shape (replications, days, age groups).

    Constant rates use :func:`constant_rate_counts`; rates that change over time use
    numpy's Poisson sampler with the replication's own Generator (stream ``ARRIVALS``).
    """
    rates = draw_rates(model, replications)
    if bool(np.all(model.rate_multipliers == model.rate_multipliers[:1])):
        return constant_rate_counts(model, replications, daily_means(model, rates, constant=True)[:, 0, :])
    counts = np.empty((len(replications), model.horizon, len(model.scenario.age_groups)), np.int64)
    for local, replication in enumerate(replications):
        generator = replication_generator(model.scenario.seed, Purpose.ARRIVALS, replication)
        counts[local] = generator.poisson(daily_means(model, rates[local]))
    return counts


def deterministic_routing(model: Model) -> np.ndarray | None:
    """The routing matrix if every age group goes to one offer (or none) for sure, else None."""
    routing = model.routing
    certain = np.isclose(routing, 1.0) | (routing == 0.0)
    single = np.count_nonzero(routing, axis=1) <= 1
    return np.where(np.isclose(routing, 1.0), 1.0, 0.0) if bool(certain.all() and single.all()) else None


def _group_keys(model: Model, purpose: Purpose, replications: np.ndarray) -> np.ndarray:
    """Stream keys per (replication, age group)."""
    groups = len(model.scenario.age_groups)
    return np.stack([stream_keys(model.scenario.seed, purpose, replications, g) for g in range(groups)], axis=1)


def route_arrivals(model: Model, replications: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Route every arrival to an offer and a priority class, shape (replications, days, offers, classes)."""
    n_reps, horizon, n_groups = counts.shape
    n_offers, n_classes = model.n_offers, model.n_classes
    priority_share = np.array([o.priority_share for o in model.scenario.offers])
    split_priority = n_classes == 2 and bool(priority_share.any())
    routed = np.zeros((n_reps, horizon, n_offers, n_classes), np.int32)
    fixed = deterministic_routing(model)
    if fixed is not None and not split_priority:
        for group, offer in zip(*np.nonzero(fixed), strict=True):
            routed[:, :, offer, model.normal_class] += counts[:, :, group]
        return routed
    if kernels.jit_enabled():
        cumulative = np.cumsum(np.clip(model.routing, 0.0, 1.0), axis=1)
        thresholds = (2.0 * np.arange(n_groups)[:, None] + cumulative).ravel()
        priority_keys = (_group_keys(model, Purpose.PRIORITY, replications) if split_priority
                         else np.zeros((n_reps, n_groups), np.uint64))
        kernels.route_counts(counts, _group_keys(model, Purpose.ROUTING, replications), priority_keys,
                             thresholds, priority_share.astype(np.float64), split_priority, model.normal_class,
                             _PER_DAY, routed)
        return routed
    flat = counts.ravel()
    total = int(flat.sum())
    cells = np.repeat(np.arange(flat.size), flat)
    number = np.arange(total) - np.repeat(np.cumsum(flat) - flat, flat)
    rep, rest = np.divmod(cells, horizon * n_groups)
    day, group = np.divmod(rest, n_groups)
    counters = day * _PER_DAY + number
    choose = counter_uniforms(_group_keys(model, Purpose.ROUTING, replications)[rep, group], counters)
    # Offer = first with cumulative probability above the uniform; n_offers means no offer.
    cumulative = np.cumsum(np.clip(model.routing, 0.0, 1.0), axis=1)
    thresholds = (2.0 * np.arange(n_groups)[:, None] + cumulative).ravel()
    offer = np.searchsorted(thresholds, 2.0 * group + choose, side="right") - group * n_offers
    kept = offer < n_offers
    classes = np.full(total, model.normal_class)
    if split_priority:
        keys = _group_keys(model, Purpose.PRIORITY, replications)[rep[kept], group[kept]]
        prioritise = counter_uniforms(keys, counters[kept])
        classes[kept] = np.where(prioritise < priority_share[offer[kept]], 0, model.normal_class)
    index = ((rep * horizon + day) * n_offers + offer) * n_classes + classes
    np.add.at(routed.reshape(-1), index[kept], np.ones(int(kept.sum()), np.int32))
    return routed


def draw_new_arrivals(model: Model, replications: np.ndarray, arrivals: np.ndarray) -> None:
    """Write new arrivals into ``arrivals[:days]`` of shape (days..., replications x offers, classes).

    Row ``r * offers + o`` belongs to replication ``replications[r]`` and offer ``o``.
    """
    routed = route_arrivals(model, replications, draw_counts(model, replications))
    n_reps, horizon = len(replications), model.horizon
    arrivals[:horizon] = routed.transpose(1, 0, 2, 3).reshape(horizon, n_reps * model.n_offers, model.n_classes)

"""Exact M/M/c results used to validate the engine (tests and benchmark).

* :func:`mmc_scenario_dict`: one offer set up as an M/M/c queue.
* :func:`mmc_steady_state`: Erlang C probability of waiting and mean queue length.
* :func:`mmc_transient`: the distribution of the number in system at given times,
  starting from a given state, from the continuous-time Markov chain on a truncated
  state space (matrix exponential of the generator).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import linalg


def mmc_scenario_dict(servers: int, arrival_rate: float, mean_service: float, horizon_days: int,
                      replications: int, seed: int = 1, start_date: str = "2020-01-01") -> dict[str, Any]:
    """Scenario dict of one offer as an M/M/c queue: Poisson arrivals per day, exponential
    durations in days, ``servers`` places, empty at the start."""
    return {
        "name": f"M/M/{servers}",
        "start_date": start_date,
        "horizon_days": min(horizon_days, 3700),
        "replications": replications,
        "seed": seed,
        "arrivals": {"unit": "day", "streams": [{"age_group": "30-64", "source": "test", "rate": arrival_rate}]},
        "routing": {"30-64": {"queue": 1.0}},
        "offers": [{"name": "queue", "capacity": {"kind": "places", "places": servers},
                    "duration": {"dist": "exponential", "mean": mean_service}}],
    }


def erlang_c(servers: int, offered_load: float) -> float:
    """Probability that an arrival has to wait in an M/M/c queue (Erlang C).

    ``offered_load`` is arrival rate x mean service time; it must be below ``servers``.
    Computed through the numerically stable Erlang B recursion.
    """
    if not 0 <= offered_load < servers:
        raise ValueError("the queue is unstable (load >= servers)")
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = offered_load * blocking / (k + offered_load * blocking)
    utilisation = offered_load / servers
    return blocking / (1.0 - utilisation * (1.0 - blocking))


@dataclass(frozen=True)
class MMCSteadyState:
    """Steady-state figures of an M/M/c queue (times in days)."""

    p_wait: float
    mean_waiting: float
    mean_wait: float
    mean_in_system: float


def mmc_steady_state(servers: int, arrival_rate: float, mean_service: float) -> MMCSteadyState:
    """Erlang C: probability of waiting, mean number waiting (Lq) and mean wait (Wq)."""
    load = arrival_rate * mean_service
    p_wait = erlang_c(servers, load)
    mean_waiting = p_wait * (load / servers) / (1.0 - load / servers)
    return MMCSteadyState(p_wait, mean_waiting, mean_waiting / arrival_rate, mean_waiting + load)


def mmc_generator(servers: int, arrival_rate: float, mean_service: float, max_in_system: int) -> np.ndarray:
    """Generator matrix of the M/M/c chain truncated at ``max_in_system`` (no arrivals there)."""
    size = max_in_system + 1
    generator = np.zeros((size, size))
    states = np.arange(size)
    up = np.full(size - 1, arrival_rate)
    down = np.minimum(states[1:], servers) / mean_service
    generator[states[:-1], states[1:]] = up
    generator[states[1:], states[:-1]] = down
    generator[states, states] = -generator.sum(axis=1)
    return generator


def mmc_transient(
    servers: int,
    arrival_rate: float,
    mean_service: float,
    times: Sequence[float],
    max_in_system: int,
    initial_in_system: int = 0,
) -> np.ndarray:
    """Distribution of the number in system at each time, shape (len(times), max_in_system + 1).

    Rows are probabilities of 0, 1, ... citizens in the system (waiting + in service).
    The truncation must be generous enough that the last state has negligible mass.
    """
    generator = mmc_generator(servers, arrival_rate, mean_service, max_in_system)
    start = np.zeros(max_in_system + 1)
    start[initial_in_system] = 1.0
    return np.stack([np.clip(start @ linalg.expm(generator * float(t)), 0.0, 1.0) for t in times])


def mmc_daily_distributions(
    servers: int,
    arrival_rate: float,
    mean_service: float,
    days: int,
    max_in_system: int,
) -> np.ndarray:
    """Distribution of the number in system at the end of each day 0 .. days-1, from empty.

    Shape (days, max_in_system + 1); row ``d`` is the distribution at time ``d + 1``.
    One matrix exponential for a day, then repeated one-day steps.
    """
    step = linalg.expm(mmc_generator(servers, arrival_rate, mean_service, max_in_system))
    state = np.zeros(max_in_system + 1)
    state[0] = 1.0
    rows = np.empty((days, max_in_system + 1))
    for day in range(days):
        state = state @ step
        rows[day] = state
    return np.clip(rows, 0.0, 1.0)


def waiting_distribution(in_system: np.ndarray, servers: int) -> np.ndarray:
    """Turn distributions of the number in system into distributions of the number waiting."""
    waiting = np.zeros((in_system.shape[0], max(1, in_system.shape[1] - servers)))
    waiting[:, 0] = in_system[:, : servers + 1].sum(axis=1)
    waiting[:, 1:] = in_system[:, servers + 1:]
    return waiting


def ks_distance(samples: np.ndarray, probabilities: np.ndarray) -> float:
    """Kolmogorov-Smirnov distance between integer samples and a distribution on 0, 1, 2, ..."""
    support = np.arange(probabilities.size)
    empirical = np.searchsorted(np.sort(samples), support, side="right") / samples.size
    return float(np.abs(empirical - np.cumsum(probabilities)).max())


def ks_critical_value(sample_size: int, alpha: float) -> float:
    """Asymptotic one-sample KS critical value (conservative for discrete distributions)."""
    return float(np.sqrt(-0.5 * np.log(alpha / 2.0)) / np.sqrt(sample_size))

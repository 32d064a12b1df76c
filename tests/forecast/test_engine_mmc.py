"""The engine against exact M/M/c results: steady state (Erlang C) and transient (CTMC).

Tolerances come from the simulation itself: a steady-state estimate must lie within
4.5 standard errors (computed across independent replications) of the exact value,
and a transient distribution within the Kolmogorov-Smirnov critical value.  A
deliberately biased discretisation (durations rounded up to whole days) must fail the
same checks, which shows the checks can see a bias of that size.
"""

import math

import numpy as np
import pytest

from tovholder.forecast.engine import (
    kernels,
    ks_critical_value,
    ks_distance,
    mmc_steady_state,
    mmc_transient,
    run_forecast,
    scenario_from_dict,
    waiting_distribution,
)
from tovholder.forecast.engine.queueing import mmc_scenario_dict

SERVERS = 10
MEAN_DAYS = 10.0
Z_TOLERANCE = 4.5


@pytest.fixture(params=[True, False], ids=["numba", "numpy"])
def engine_path(request):
    """Run the exact-value tests on the compiled path and on the numpy fallback."""
    with kernels.use_jit(request.param):
        yield request.param


def _relaxation_days(servers: int, arrival_rate: float, mean_days: float) -> float:
    """Time constant of the M/M/c queue's approach to steady state: 1 / (sqrt(c mu) - sqrt(lambda))^2."""
    return 1.0 / (math.sqrt(servers / mean_days) - math.sqrt(arrival_rate)) ** 2


def _steady_state_run(load: float, discretisation: str = "uniform-offset", replications: int = 200):
    """Per-replication time averages after a warm-up of six relaxation times."""
    arrival_rate = load * SERVERS / MEAN_DAYS
    tau = _relaxation_days(SERVERS, arrival_rate, MEAN_DAYS)
    warm_up = int(6 * tau)
    horizon = warm_up + int(30 * tau)
    scenario = scenario_from_dict(mmc_scenario_dict(SERVERS, arrival_rate, MEAN_DAYS, 100, replications, seed=7))
    result = run_forecast(scenario.with_options(horizon_days=horizon), keep_daily=True,
                          discretisation=discretisation)
    waiting = result.daily["waiting"][:, 0, warm_up:]
    in_support = result.daily["in_support"][:, 0, warm_up:]
    return arrival_rate, waiting.mean(axis=1), (in_support >= SERVERS).mean(axis=1)


def _z(samples: np.ndarray, exact: float) -> float:
    standard_error = samples.std(ddof=1) / math.sqrt(samples.size)
    return (samples.mean() - exact) / max(standard_error, 1e-12)


@pytest.mark.parametrize("load", [0.5, 0.8, 0.9])
def test_steady_state_matches_erlang_c(load, engine_path):
    arrival_rate, mean_waiting, all_busy = _steady_state_run(load)
    exact = mmc_steady_state(SERVERS, arrival_rate, MEAN_DAYS)
    # The share of days with every place taken is the probability of waiting (PASTA).
    assert abs(_z(all_busy, exact.p_wait)) < Z_TOLERANCE, (all_busy.mean(), exact.p_wait)
    assert abs(_z(mean_waiting, exact.mean_waiting)) < Z_TOLERANCE, (mean_waiting.mean(), exact.mean_waiting)


def test_rounding_durations_up_fails_the_steady_state_check():
    arrival_rate, mean_waiting, _ = _steady_state_run(0.9, discretisation="round-up")
    exact = mmc_steady_state(SERVERS, arrival_rate, MEAN_DAYS)
    assert _z(mean_waiting, exact.mean_waiting) > 3 * Z_TOLERANCE


def test_waits_of_those_who_start_match_erlang_c(engine_path):
    """Mean days waited (start day minus arrival day) equals Wq in a stationary queue."""
    load = 0.8
    arrival_rate = load * SERVERS / MEAN_DAYS
    tau = _relaxation_days(SERVERS, arrival_rate, MEAN_DAYS)
    scenario = scenario_from_dict(mmc_scenario_dict(SERVERS, arrival_rate, MEAN_DAYS, 100, 200, seed=8))
    result = run_forecast(scenario.with_options(horizon_days=int(40 * tau)), periods=("month",))
    skip = int(np.searchsorted(result.axes["month"].starts, 6 * tau))
    waited = result.metrics["month"]["wait_days_sum"][:, 0, skip:-1].sum(axis=1)
    started = result.metrics["month"]["starts"][:, 0, skip:-1].sum(axis=1)
    per_replication = waited / started
    exact = mmc_steady_state(SERVERS, arrival_rate, MEAN_DAYS)
    assert abs(_z(per_replication, exact.mean_wait)) < Z_TOLERANCE, (per_replication.mean(), exact.mean_wait)


TRANSIENT_DAYS = (20, 60, 150)
TRANSIENT_REPLICATIONS = 5000


def _transient_distances(discretisation: str) -> tuple[list[float], float]:
    """KS distances of the number in system and the number waiting on given days, from empty."""
    load = 0.9
    arrival_rate = load * SERVERS / MEAN_DAYS
    scenario = scenario_from_dict(mmc_scenario_dict(SERVERS, arrival_rate, MEAN_DAYS, max(TRANSIENT_DAYS) + 1,
                                                    TRANSIENT_REPLICATIONS, seed=11))
    result = run_forecast(scenario, keep_daily=True, discretisation=discretisation)
    # The engine observes at the end of day d, i.e. at time d + 1 after an empty start.
    exact = mmc_transient(SERVERS, arrival_rate, MEAN_DAYS, [d + 1 for d in TRANSIENT_DAYS],
                          max_in_system=SERVERS + 150)
    assert exact[:, -1].max() < 1e-12  # the truncation is harmless
    waiting = result.daily["waiting"][:, 0]
    in_system = result.daily["in_support"][:, 0] + waiting
    exact_waiting = waiting_distribution(exact, SERVERS)
    distances = []
    for i, day in enumerate(TRANSIENT_DAYS):
        distances.append(ks_distance(in_system[:, day], exact[i]))
        distances.append(ks_distance(waiting[:, day], exact_waiting[i]))
    return distances, ks_critical_value(TRANSIENT_REPLICATIONS, 0.001 / len(distances))


def test_transient_distribution_matches_markov_chain(engine_path):
    distances, critical = _transient_distances("uniform-offset")
    assert max(distances) < critical, (distances, critical)


def test_rounding_durations_up_fails_the_transient_check():
    distances, critical = _transient_distances("round-up")
    assert max(distances) > 2 * critical, (distances, critical)

"""Bookkeeping that must hold exactly: conservation of citizens and Little's law."""

from collections import deque

import numpy as np

from tovholder.forecast.engine import InitialState, run_forecast, scenario_from_dict
from tovholder.forecast.engine.queueing import mmc_scenario_dict


def rich_scenario(replications: int = 12, seed: int = 5, waiting: bool = True) -> dict:
    """Three offers with returns, klippekort, a priority class, capacity changes and today's state."""
    return {
        "name": "rich",
        "start_date": "2021-01-01",
        "horizon_days": 800,
        "replications": replications,
        "seed": seed,
        "wait_threshold_days": 30,
        "arrivals": {
            "unit": "week",
            "conversion": {"dist": "triangular", "low": 0.6, "mode": 0.8, "high": 0.9},
            "streams": [
                {"age_group": "18-29", "source": "borger", "rate": {"dist": "lognormal", "low": 1, "high": 3},
                 "trend": {"multiplier_end": 1.5, "end": "2022-06-30"}},
                {"age_group": "30-64", "source": "sagsbehandler", "rate": 4.0},
                {"age_group": "65+", "source": "psykiatri", "rate": {"dist": "uniform", "low": 0.2, "high": 0.6}},
            ],
        },
        "routing": {"18-29": {"A": 0.5, "B": 0.3}, "30-64": {"A": 0.6, "C": 0.3}, "65+": {"C": 1.0}},
        "offers": [
            {"name": "A", "capacity": {"kind": "staff", "fte": 3, "hours_per_week": 37, "direct_share": 0.5,
                                       "hours_per_citizen_week": 2.5, "salary_per_fte_year": 400000},
             "capacity_changes": [{"from": "2021-09-01", "fte": 4}],
             "duration": {"dist": "lognormal", "mean": 120, "sd": 80},
             "klippekort": {"share": 0.3, "return_share": 0.5, "delay": {"dist": "exponential", "mean": 40}},
             "returns": {"share": 0.2, "delay": {"dist": "gamma", "mean": 90, "sd": 30}},
             "priority_share": 0.1,
             "initial": {"in_support": 15, "remaining": "residual",
                         "waiting_days": [0, 3, 10, 45] if waiting else [],
                         "priority_waiting_days": [2] if waiting else []}},
            {"name": "B", "capacity": {"kind": "seats", "seats": 8},
             "duration": {"dist": "fixed", "days": 84}, "price": {"per_place_day": 250}},
            {"name": "C", "capacity": {"kind": "places", "places": 5},
             "capacity_changes": [{"from": "2022-01-01", "places": 3}],
             "duration": {"dist": "empirical", "values": [30, 60, 200, 400, 35.5]},
             "price": {"per_hour": 500}, "returns": {"share": 0.3, "delay": {"dist": "exponential", "mean": 20}},
             "initial": {"in_support": 2, "remaining": [3.5, 100], "waiting_days": [1, 1] if waiting else []}},
        ],
        "budget": {"annual": 3000000},
    }


def test_citizens_are_conserved_every_day():
    result = run_forecast(scenario_from_dict(rich_scenario()), keep_daily=True)
    daily = result.daily
    initial_in_support = np.array([15, 0, 2])[None, :, None]
    initial_waiting = np.array([5, 0, 2])[None, :, None]
    arrived = np.cumsum(daily["arrivals"], axis=2)
    ended = np.cumsum(daily["ends"], axis=2)
    started = np.cumsum(daily["starts"], axis=2)
    np.testing.assert_array_equal(initial_waiting + initial_in_support + arrived,
                                  daily["waiting"] + daily["in_support"] + ended)
    np.testing.assert_array_equal(initial_waiting + arrived - started, daily["waiting"])
    assert (daily["in_support"] >= 0).all() and (daily["waiting"] >= 0).all()
    final = result.final
    np.testing.assert_array_equal(final["arrived"], arrived[:, :, -1])
    np.testing.assert_array_equal(initial_in_support[:, :, 0] + final["started"] - final["ended"],
                                  final["in_support"])
    # Returns happen (the scenario has them) and are counted as arrivals.
    assert result.metrics["month"]["returns"].sum() > 0


def test_capacity_is_never_exceeded_by_new_starts():
    result = run_forecast(scenario_from_dict(rich_scenario(waiting=False)), keep_daily=True)
    daily = result.daily
    over = daily["in_support"] > daily["capacity"]
    # Only a capacity cut (offer C from 2022-01-01) may leave more in support than places,
    # and then nobody starts until it is back under.
    assert not over[:, :2].any()
    blocked = over[:, 2, :]
    assert (daily["starts"][:, 2, :][blocked] == 0).all()


def test_littles_law_holds_exactly_in_days():
    """Sum over days of the end-of-day waitlist = days waited by starters + days waited so far by the rest."""
    result = run_forecast(scenario_from_dict(rich_scenario(waiting=False)), keep_daily=True, periods=("month",))
    waiting_days = result.daily["waiting"].sum(axis=2)
    started_waits = result.metrics["month"]["wait_days_sum"].sum(axis=2)
    np.testing.assert_allclose(waiting_days, started_waits + result.final["open_wait_days"], rtol=0, atol=1e-6)


def test_littles_law_l_equals_lambda_w_in_a_stable_queue():
    """L = lambda W with the simulated arrival rate and waits; only those still waiting at the end differ."""
    scenario = scenario_from_dict(mmc_scenario_dict(10, 0.8, 10.0, 3650, 20, seed=3))
    result = run_forecast(scenario, periods=("year",))
    horizon = scenario.horizon_days
    waiting_mean = (result.metrics["year"]["waiting_mean"][:, 0] * result.axes["year"].lengths).sum(axis=1) / horizon
    arrival_rate = result.final["arrived"][:, 0] / horizon
    mean_wait = result.metrics["year"]["wait_days_sum"][:, 0].sum(axis=1) / result.final["started"][:, 0]
    edge = result.final["open_wait_days"][:, 0] / horizon
    assert np.all(np.abs(waiting_mean - arrival_rate * mean_wait) <= edge + 0.02 * waiting_mean + 0.01)
    assert abs(waiting_mean.mean() / (arrival_rate * mean_wait).mean() - 1) < 0.02


def _reference_waits(arrivals: np.ndarray, starts: np.ndarray, initial_days: list[int], threshold: int):
    """FCFS waits from daily counts, one citizen at a time (a slow, obvious implementation)."""
    queue = deque(sorted(-d for d in initial_days))
    waited, over = [], 0
    for day, (arrived, started) in enumerate(zip(arrivals, starts, strict=True)):
        queue.extend([day] * int(arrived))
        for _ in range(int(started)):
            wait = day - queue.popleft()
            waited.append(wait)
            over += wait > threshold
    return sum(waited), over, sum(len(arrivals) - a for a in queue)


def test_exact_waits_match_a_citizen_by_citizen_reference():
    data = rich_scenario(replications=6)
    for offer in data["offers"]:  # one priority class, so service is plain FCFS
        offer.pop("priority_share", None)
        offer.pop("klippekort", None)
        offer.get("initial", {}).pop("priority_waiting_days", None)
    result = run_forecast(scenario_from_dict(data), keep_daily=True, periods=("month", "year"))
    initial = [[0, 3, 10, 45], [], [1, 1]]
    for rep in range(6):
        for offer in range(3):
            total, over, open_days = _reference_waits(result.daily["arrivals"][rep, offer],
                                                      result.daily["starts"][rep, offer], initial[offer], 30)
            for period in ("month", "year"):
                assert result.metrics[period]["wait_days_sum"][rep, offer].sum() == total
                assert result.metrics[period]["waited_over_threshold"][rep, offer].sum() == over
            assert result.final["open_wait_days"][rep, offer] == open_days


def test_initial_state_arrays_from_the_database_side():
    """Today's caseload and waitlist passed as arrays override the scenario's ``initial`` sections."""
    data = rich_scenario(replications=4, waiting=False)
    scenario = scenario_from_dict(data)
    waitlist = np.zeros((3, 2, 31), np.int64)
    waitlist[0, 1, 30] = 2  # two normal-priority citizens in offer A have waited 30 days
    waitlist[0, 0, 5] = 1   # one priority citizen waited 5 days
    initial = InitialState.from_counts([4, 1, 0], waitlist, [[1.5, 10, 20, 400], None, None])
    result = run_forecast(scenario, initial, keep_daily=True)
    assert result.daily["waiting"][:, 0, 0].min() >= 0
    assert (result.daily["ends"][:, 0, 1] >= 1).all()  # the episode with 1.5 days left ends on day 1
    arrived = np.cumsum(result.daily["arrivals"], axis=2)
    ended = np.cumsum(result.daily["ends"], axis=2)
    np.testing.assert_array_equal(np.array([4 + 3, 1, 0])[None, :, None] + arrived,
                                  result.daily["waiting"] + result.daily["in_support"] + ended)

"""Properties that must hold for any inputs (Hypothesis, few examples)."""

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tovholder.forecast.engine import run_forecast, scenario_from_dict, summarise

DURATIONS = st.sampled_from([
    {"dist": "exponential", "mean": 20},
    {"dist": "lognormal", "mean": 40, "sd": 30},
    {"dist": "gamma", "mean": 15, "sd": 5},
    {"dist": "empirical", "values": [0.3, 5, 12, 60]},
])


def one_offer(capacity: dict, duration: dict, rate: float, seed: int, horizon: int = 300,
              replications: int = 12, changes: list | None = None, initial: dict | None = None) -> dict:
    offer = {"name": "X", "capacity": capacity, "duration": duration, "capacity_changes": changes or []}
    if initial:
        offer["initial"] = initial
    return {
        "name": "property", "start_date": "2022-01-01", "horizon_days": horizon,
        "replications": replications, "seed": seed,
        "arrivals": {"unit": "week", "streams": [
            {"age_group": "18-29", "source": "a", "rate": {"dist": "triangular", "low": rate / 2,
                                                          "mode": rate, "high": rate * 1.5}},
            {"age_group": "65+", "source": "b", "rate": rate / 3}]},
        "routing": {"18-29": {"X": 0.9}, "65+": {"X": 1.0}},
        "offers": [offer],
    }


def staff(fte: float) -> dict:
    return {"kind": "staff", "fte": fte, "hours_per_week": 37, "direct_share": 0.6, "hours_per_citizen_week": 4}


@settings(max_examples=8, deadline=None)
@given(fte=st.integers(0, 4), extra=st.integers(1, 3), rate=st.floats(0.5, 8.0), duration=DURATIONS,
       seed=st.integers(0, 2**31 - 1))
def test_more_staff_never_lengthens_the_waitlist(fte, extra, rate, duration, seed):
    """With common random numbers and first-come-first-served service, per replication and day."""
    fewer = run_forecast(scenario_from_dict(one_offer(staff(fte), duration, rate, seed)), keep_daily=True)
    more = run_forecast(scenario_from_dict(one_offer(staff(fte + extra), duration, rate, seed)), keep_daily=True)
    np.testing.assert_array_equal(fewer.daily["arrivals"], more.daily["arrivals"])
    assert (more.daily["waiting"] <= fewer.daily["waiting"]).all()
    assert (more.metrics["month"]["waiting_mean"] <= fewer.metrics["month"]["waiting_mean"] + 1e-12).all()


@settings(max_examples=5, deadline=None)
@given(rate=st.floats(0.5, 5.0), duration=DURATIONS, seed=st.integers(0, 2**31 - 1))
def test_zero_capacity_means_nobody_starts(rate, duration, seed):
    data = one_offer({"kind": "places", "places": 0}, duration, rate, seed,
                     initial={"waiting_days": [4, 9]})
    result = run_forecast(scenario_from_dict(data), keep_daily=True)
    daily = result.daily
    assert daily["starts"].sum() == 0 and daily["in_support"].sum() == 0
    np.testing.assert_array_equal(daily["waiting"], 2 + np.cumsum(daily["arrivals"], axis=2))
    utilisation = next(s for s in summarise(result, metrics=("utilisation",))["series"] if s["offer"] == "X")
    assert all(value is None for value in utilisation["mean"])


@settings(max_examples=5, deadline=None)
@given(places=st.integers(0, 20), duration=DURATIONS, seed=st.integers(0, 2**31 - 1))
def test_zero_arrivals_and_nobody_today_give_all_zeros(places, duration, seed):
    data = one_offer({"kind": "places", "places": places}, duration, 0.0, seed)
    result = run_forecast(scenario_from_dict(data), keep_daily=True)
    for key in ("arrivals", "starts", "ends", "in_support", "waiting"):
        assert result.daily[key].sum() == 0
    assert result.metrics["month"]["cost"].sum() == 0


@settings(max_examples=8, deadline=None)
@given(change_day=st.integers(1, 250), places=st.integers(1, 6), rate=st.floats(2.0, 8.0),
       duration=DURATIONS, seed=st.integers(0, 2**31 - 1))
def test_capacity_change_takes_effect_on_its_date(change_day, places, rate, duration, seed):
    when = dt.date(2022, 1, 1) + dt.timedelta(days=change_day)
    data = one_offer({"kind": "places", "places": 0}, duration, rate, seed,
                     changes=[{"from": when.isoformat(), "places": places}])
    result = run_forecast(scenario_from_dict(data), keep_daily=True)
    starts, waiting = result.daily["starts"][:, 0], result.daily["waiting"][:, 0]
    capacity = result.daily["capacity"][0, 0]
    assert (capacity[:change_day] == 0).all() and (capacity[change_day:] == places).all()
    assert starts[:, :change_day].sum() == 0
    waited_before = waiting[:, change_day - 1] + result.daily["arrivals"][:, 0, change_day]
    # Everybody who can get a place starts that very day (more if an episode ends the same day).
    assert (starts[:, change_day] >= np.minimum(waited_before, places)).all()
    # From then on no one waits while a place is free (work conservation), every day.
    in_support = result.daily["in_support"][:, 0]
    assert ((waiting == 0) | (in_support >= capacity)).all()
    assert (in_support <= capacity).all()

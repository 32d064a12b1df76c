"""Same seed, same result; chunking never matters; scenarios share random numbers."""

import numpy as np
import pytest

from tovholder.forecast.engine import run_forecast, scenario_from_dict

from .test_engine_accounting import rich_scenario


def _assert_same(first, second):
    for period, metrics in first.metrics.items():
        for name, values in metrics.items():
            np.testing.assert_array_equal(values, second.metrics[period][name], err_msg=f"{period}/{name}")
    for name, values in first.final.items():
        np.testing.assert_array_equal(values, second.final[name], err_msg=name)


def test_same_seed_gives_identical_output():
    scenario = scenario_from_dict(rich_scenario(replications=10, seed=42))
    _assert_same(run_forecast(scenario), run_forecast(scenario))


def test_different_seeds_differ():
    first = run_forecast(scenario_from_dict(rich_scenario(replications=10, seed=1)))
    second = run_forecast(scenario_from_dict(rich_scenario(replications=10, seed=2)))
    assert not np.array_equal(first.metrics["month"]["starts"], second.metrics["month"]["starts"])


@pytest.mark.parametrize("chunk_size", [1, 3, 7])
def test_chunk_size_does_not_change_the_output(chunk_size):
    scenario = scenario_from_dict(rich_scenario(replications=10, seed=9))
    reference = run_forecast(scenario, chunk_size=10, periods=("week", "month", "year"), keep_daily=True)
    chunked = run_forecast(scenario, chunk_size=chunk_size, periods=("week", "month", "year"), keep_daily=True)
    assert chunked.chunk_size == chunk_size
    _assert_same(reference, chunked)
    for name, values in reference.daily.items():
        np.testing.assert_array_equal(values, chunked.daily[name], err_msg=name)


def test_a_replication_does_not_depend_on_how_many_are_run():
    scenario = scenario_from_dict(rich_scenario(seed=9))
    few = run_forecast(scenario, replications=4)
    many = run_forecast(scenario, replications=12)
    np.testing.assert_array_equal(few.metrics["month"]["waiting_mean"], many.metrics["month"]["waiting_mean"][:4])


def test_memory_limit_shrinks_chunks_without_changing_results():
    scenario = scenario_from_dict(rich_scenario(replications=6, seed=4))
    small = run_forecast(scenario, memory_limit=1)
    assert small.chunk_size == 1
    _assert_same(run_forecast(scenario), small)


def test_scenarios_with_the_same_seed_share_arrivals_and_durations():
    """Common random numbers: more capacity changes waits, not who arrives or how long episodes last."""
    base = rich_scenario(replications=8, seed=21)
    more = rich_scenario(replications=8, seed=21)
    more["offers"][1]["capacity"]["seats"] = 12
    first = run_forecast(scenario_from_dict(base), keep_daily=True)
    second = run_forecast(scenario_from_dict(more), keep_daily=True)
    np.testing.assert_array_equal(first.daily["new_arrivals"], second.daily["new_arrivals"])
    assert not np.array_equal(first.daily["starts"][:, 1], second.daily["starts"][:, 1])
    # Offer B has fixed 84-day episodes and no returns: it can only wait less.
    assert (second.daily["waiting"][:, 1] <= first.daily["waiting"][:, 1]).all()


def test_progress_is_reported_up_to_one():
    seen = []
    run_forecast(scenario_from_dict(rich_scenario(replications=5)), chunk_size=2, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == pytest.approx(1.0)
    assert len(seen) > 5


@pytest.mark.parametrize("short_episodes", [False, True])
def test_episode_tables_grow_on_demand_without_changing_results(monkeypatch, short_episodes):
    """Tables are pure functions of (replication, offer, start number): growing them mid-run is invisible."""
    from tovholder.forecast.engine import simulate

    data = rich_scenario(replications=5, seed=13)
    if short_episodes:  # many episodes end on the day they start, so places are reused the same day
        data["offers"][1]["duration"] = {"dist": "empirical", "values": [0.2, 0.6, 3.0]}
    scenario = scenario_from_dict(data)
    reference = run_forecast(scenario, keep_daily=True)
    monkeypatch.setattr(simulate, "initial_table_sizes", lambda model, available: np.ones(model.n_offers, np.int64))
    grown = run_forecast(scenario, keep_daily=True)
    _assert_same(reference, grown)
    np.testing.assert_array_equal(reference.daily["starts"], grown.daily["starts"])


def test_worker_processes_give_the_same_result():
    scenario = scenario_from_dict(rich_scenario(replications=6, seed=17))
    seen = []
    parallel = run_forecast(scenario, chunk_size=2, workers=2, progress=seen.append)
    _assert_same(run_forecast(scenario, chunk_size=6), parallel)
    assert seen[-1] == pytest.approx(1.0)

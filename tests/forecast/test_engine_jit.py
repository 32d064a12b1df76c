"""The compiled (numba) path and the numpy path of the engine give bit-identical results.

Both paths run in every test process: the exact-value tests (Erlang C, the Markov chain's
transient distribution, KS) are parametrized over them in ``test_engine_mmc``; here the
raw arrays of both paths are compared exactly.
"""

import os
import subprocess
import sys

import numpy as np
import pytest

from tovholder.forecast.engine import kernels, run_forecast, scenario_from_dict
from tovholder.forecast.engine.queueing import mmc_scenario_dict

from .test_engine_accounting import rich_scenario
from .test_engine_determinism import _assert_same


def _both_paths(scenario, **options):
    results = []
    for compiled in (True, False):
        with kernels.use_jit(compiled):
            results.append(run_forecast(scenario, keep_daily=True, **options))
    return results


def _assert_identical(compiled, numpy_path):
    _assert_same(compiled, numpy_path)  # every metric and end value (test_engine_determinism)
    for name, values in compiled.daily.items():
        np.testing.assert_array_equal(values, numpy_path.daily[name], err_msg=f"daily/{name}")


def _constant_rates(data: dict) -> dict:
    """The rich scenario without its trend: constant rates take the Poisson-process path."""
    for stream in data["arrivals"]["streams"]:
        stream.pop("trend", None)
    return data


@pytest.mark.parametrize("variant", ["trend", "constant", "short-episodes", "mmc"])
def test_compiled_and_numpy_paths_are_bit_identical(variant):
    if variant == "mmc":
        data = mmc_scenario_dict(5, 0.45, 10.0, 400, 40, seed=3)
    else:
        data = rich_scenario(replications=8, seed=21)
        if variant != "trend":
            _constant_rates(data)
        if variant == "short-episodes":  # places freed and taken again the same day
            data["offers"][1]["duration"] = {"dist": "empirical", "values": [0.2, 0.6, 3.0]}
    compiled, numpy_path = _both_paths(scenario_from_dict(data), periods=("week", "month", "year"))
    _assert_identical(compiled, numpy_path)
    assert compiled.daily["starts"].sum() > 0


def test_paths_agree_when_the_episode_tables_grow(monkeypatch):
    """A row that runs out of tabulated episodes mid-day resumes there after the tables grow."""
    from tovholder.forecast.engine import simulate

    data = _constant_rates(rich_scenario(replications=4, seed=23))
    data["offers"][1]["duration"] = {"dist": "empirical", "values": [0.2, 0.6, 3.0]}
    scenario = scenario_from_dict(data)
    with kernels.use_jit(True):
        reference = run_forecast(scenario, keep_daily=True)
    monkeypatch.setattr(simulate, "initial_table_sizes", lambda model, available: np.ones(model.n_offers, np.int64))
    compiled, numpy_path = _both_paths(scenario)
    _assert_identical(compiled, numpy_path)
    _assert_identical(compiled, reference)


def test_the_compiled_path_is_the_default_and_the_environment_selects_numpy():
    assert kernels.HAVE_NUMBA and kernels.jit_enabled()
    probe = "from tovholder.forecast.engine import kernels; print(kernels.jit_enabled())"
    env = {**os.environ, "TOVHOLDER_FORECAST_JIT": "0"}
    shown = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "False"

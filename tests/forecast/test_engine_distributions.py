"""Building blocks: distributions, random streams, capacity arithmetic, exact queue formulas."""

import datetime as dt
import math

import numpy as np
import pytest
from scipy import special, stats

from tovholder.forecast.engine import (
    CapacitySpec,
    DurationDistribution,
    UncertainValue,
    empirical_distribution,
    erlang_c,
    mmc_steady_state,
    mmc_transient,
)
from tovholder.forecast.engine.capacity import hours_per_citizen_week, places_for
from tovholder.forecast.engine.distributions import gamma_quantile
from tovholder.forecast.engine.outputs import period_axis
from tovholder.forecast.engine.random_streams import Purpose, counter_uniform_pair, counter_uniforms, stream_keys

GRID = (np.arange(200_000) + 0.5) / 200_000  # a fine quadrature grid of uniforms


@pytest.mark.parametrize(("dist", "mean", "variance"), [
    (DurationDistribution("exponential", 30.0), 30.0, 900.0),
    (DurationDistribution("lognormal", 300.0, 200.0), 300.0, 40_000.0),
    (DurationDistribution("gamma", 90.0, 30.0), 90.0, 900.0),
    (DurationDistribution("fixed", 84.0), 84.0, 0.0),
    (empirical_distribution([10, 20, 60]), 30.0, np.var([10, 20, 60])),
])
def test_quantile_functions_have_the_right_moments(dist, mean, variance):
    values = dist.ppf(GRID)
    assert values.mean() == pytest.approx(mean, rel=2e-3)
    assert values.var() == pytest.approx(variance, rel=3e-2, abs=1e-9)
    assert (values > 0).all()


@pytest.mark.parametrize("dist", [
    DurationDistribution("exponential", 30.0),
    DurationDistribution("lognormal", 300.0, 200.0),
    DurationDistribution("gamma", 90.0, 30.0),
    empirical_distribution([10, 20, 60]),
])
def test_residual_durations_have_the_renewal_mean(dist):
    """Remaining time of an episode in progress: E[D^2] / (2 E[D])."""
    values = dist.ppf(GRID)
    expected = (values**2).mean() / (2 * values.mean())
    rng = np.random.default_rng(1)
    residual = dist.residual_ppf(rng.random(400_000), rng.random(400_000))
    assert residual.mean() == pytest.approx(expected, rel=0.02)


@pytest.mark.parametrize("shape", [0.5, 1.0, 2.7, 40.0])
def test_interpolated_gamma_quantiles_are_accurate(shape):
    u = np.concatenate([np.random.default_rng(2).random(10_000), [1e-15, 1 - 2**-53, 0.5]])
    np.testing.assert_allclose(gamma_quantile(shape, u), special.gammaincinv(shape, u), rtol=1e-5)


def test_uncertain_values_cover_their_ranges():
    triangular = UncertainValue("triangular", 2.0, 3.0, 7.0).ppf(GRID)
    assert triangular.min() >= 2.0 and triangular.max() <= 7.0
    assert triangular.mean() == pytest.approx(4.0, rel=1e-3)
    lognormal = UncertainValue("lognormal", 10.0, 0.0, 40.0).ppf(GRID)
    assert np.percentile(lognormal, [5, 95]) == pytest.approx([10.0, 40.0], rel=1e-3)
    assert UncertainValue.fixed(3.5).ppf(GRID[:3]).tolist() == [3.5, 3.5, 3.5]


def test_counter_uniforms_are_uniform_and_independent_between_streams():
    keys = stream_keys(123, Purpose.EPISODES, np.arange(50))
    values = counter_uniforms(keys[:, None], np.arange(4000)[None, :])
    assert stats.kstest(values.ravel(), "uniform").pvalue > 1e-4
    assert abs(np.corrcoef(values[:-1].ravel(), values[1:].ravel())[0, 1]) < 0.01
    assert abs(np.corrcoef(values[:, :-1].ravel(), values[:, 1:].ravel())[0, 1]) < 0.01
    first, second = counter_uniform_pair(keys[:, None], np.arange(4000)[None, :])
    assert abs(np.corrcoef(first.ravel(), second.ravel())[0, 1]) < 0.01
    assert 0.0 < min(first.min(), second.min()) and max(first.max(), second.max()) < 1.0


def test_stream_keys_depend_on_the_replication_not_the_chunk():
    everything = stream_keys(7, Purpose.ARRIVALS, np.arange(10), 2)
    some = stream_keys(7, Purpose.ARRIVALS, np.array([3, 8]), 2)
    np.testing.assert_array_equal(everything[[3, 8]], some)
    assert len(set(everything.tolist())) == 10
    assert not np.array_equal(everything, stream_keys(7, Purpose.ROUTING, np.arange(10), 2))
    assert not np.array_equal(everything, stream_keys(8, Purpose.ARRIVALS, np.arange(10), 2))


def test_places_from_staff_hours_and_intensity_mix():
    skp = CapacitySpec("staff", fte=8, hours_per_week=37, direct_share=0.6, hours_per_citizen_week=2.5,
                       group_share=0.3, group_hours_per_citizen_week=1.0)
    assert hours_per_citizen_week(skp) == pytest.approx(2.05)
    assert places_for(skp) == math.floor(8 * 37 * 0.6 / 2.05)
    assert places_for(CapacitySpec("seats", places=18)) == 18
    assert places_for(CapacitySpec("quota", places=7.0)) == 7
    assert places_for(CapacitySpec("staff", fte=0, hours_per_citizen_week=2)) == 0


def test_erlang_c_known_values():
    # Classic textbook value: 2 servers, offered load 1 Erlang -> P(wait) = 1/3.
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    assert erlang_c(1, 0.5) == pytest.approx(0.5)
    state = mmc_steady_state(1, 0.5, 1.0)
    assert state.mean_waiting == pytest.approx(0.5)  # M/M/1: rho^2 / (1 - rho)
    with pytest.raises(ValueError):
        erlang_c(2, 2.0)


def test_transient_distribution_tends_to_the_stationary_one():
    exact = mmc_transient(3, 2.0, 1.0, [0.0, 200.0], max_in_system=80)
    assert exact[0, 0] == pytest.approx(1.0)
    stationary = exact[1]
    waiting = sum(max(n - 3, 0) * p for n, p in enumerate(stationary))
    assert waiting == pytest.approx(mmc_steady_state(3, 2.0, 1.0).mean_waiting, rel=1e-6)


def test_period_axes_follow_the_calendar():
    months = period_axis("month", dt.date(2016, 1, 15), 60)
    assert months.labels == ("2016-01", "2016-02", "2016-03")
    assert months.lengths.tolist() == [17, 29, 14]
    weeks = period_axis("week", dt.date(2016, 1, 15), 15)
    assert weeks.lengths.tolist() == [7, 7, 1]
    years = period_axis("year", dt.date(2016, 1, 1), 732)
    assert years.labels == ("2016", "2017", "2018")
    assert years.lengths.tolist() == [366, 365, 1]


def test_routing_and_priority_follow_their_probabilities():
    from tovholder.forecast.engine import compile_scenario, scenario_from_dict
    from tovholder.forecast.engine.arrivals import draw_counts, route_arrivals

    from .test_engine_accounting import rich_scenario

    model = compile_scenario(scenario_from_dict(rich_scenario()))
    replications = np.arange(40)
    counts = draw_counts(model, replications)
    routed = route_arrivals(model, replications, counts)
    by_group = counts.sum(axis=(0, 1))
    expected = by_group @ model.routing  # arrivals expected in each offer
    observed = routed.sum(axis=(0, 1, 3))
    share = expected / by_group.sum()
    standard_error = np.sqrt(by_group.sum() * share * (1 - share))
    assert (np.abs(observed - expected) < 5 * standard_error + 1).all()
    priority = routed[:, :, 0, 0].sum() / routed[:, :, 0, :].sum()
    assert priority == pytest.approx(0.1, abs=5 * math.sqrt(0.09 / routed[:, :, 0, :].sum()))

"""The statistics against cases computed by hand."""

import datetime
import math

import pytest

from tovholder.outcomes import statistics as st
from tovholder.outcomes.statistics import Point

D = [datetime.date(2025, 1, 1) + datetime.timedelta(days=100 * i) for i in range(4)]


def test_mean_ci_uses_the_t_distribution():
    # values 1..5: mean 3, sd = sqrt(10/4) = 1.5811; t(0.975, 4) = 2.7764; half = 2.7764 * 1.5811 / sqrt(5) = 1.9632
    ci = st.mean_ci([1, 2, 3, 4, 5])
    assert ci.n == 5 and ci.mean == 3
    assert ci.sd == pytest.approx(1.58114, abs=1e-5)
    assert ci.low == pytest.approx(1.03676, abs=1e-4) and ci.high == pytest.approx(4.96324, abs=1e-4)
    # n = 2: t(0.975, 1) = 12.706; values 0 and 2: mean 1, sd sqrt(2), half = 12.706 * sqrt(2) / sqrt(2)
    two = st.mean_ci([0, 2])
    assert two.low == pytest.approx(1 - 12.7062, abs=1e-3) and two.high == pytest.approx(1 + 12.7062, abs=1e-3)


def test_mean_ci_with_one_or_no_value():
    assert st.mean_ci([4]) == st.MeanCI(1, 4, None, None, None)
    assert st.mean_ci([]) == st.MeanCI(0, None, None, None, None)


def test_area_change_takes_first_and_latest_that_answered_the_area():
    # area "a" is missing in the citizen's first measurement: first = 4 (2nd), latest = 7 (4th)
    citizen = [Point(D[0], {"b": 1}), Point(D[1], {"a": 4, "b": 2}), Point(D[2], {"b": 3}), Point(D[3], {"a": 7})]
    assert st.first_and_latest(citizen, "a") == (4, 7)
    assert st.first_and_latest(citizen, "b") == (1, 3)
    assert st.first_and_latest([Point(D[0], {"a": 4}), Point(D[1], {"b": 1})], "a") is None  # answered once


def test_area_change_by_hand():
    series = [
        [Point(D[0], {"a": 2}), Point(D[1], {"a": 5})],  # +3
        [Point(D[0], {"a": 6}), Point(D[1], {"a": 6})],  # 0
        [Point(D[0], {"a": 4}), Point(D[2], {"a": 3}), Point(D[3], {"a": 5})],  # +1 (first 4, latest 5)
        [Point(D[0], {"a": 1}), Point(D[1], {})],  # a answered once: not in n
        [Point(D[0], {"a": 3})],  # one measurement: not in n
    ]
    change = st.area_change(series, "a", min_group=3)
    assert change.n == 3 and not change.suppressed
    assert change.mean_first == 4 and change.mean_latest == pytest.approx(16 / 3)
    assert change.change.mean == pytest.approx(4 / 3)
    # changes 3, 0, 1: sd = sqrt(((5/3)^2 + (4/3)^2 + (1/3)^2) / 2) = sqrt(7/3); t(0.975, 2) = 4.3027
    half = 4.302653 * math.sqrt(7 / 3) / math.sqrt(3)
    assert change.change.low == pytest.approx(4 / 3 - half, abs=1e-4)
    assert change.change.high == pytest.approx(4 / 3 + half, abs=1e-4)


def test_groups_under_five_are_suppressed():
    four = [[Point(D[0], {"a": 1}), Point(D[1], {"a": 2})]] * 4
    change = st.area_change(four, "a")
    assert change.suppressed and change.change.mean is None and change.mean_first is None
    assert not st.area_change(four + four[:1], "a").suppressed
    assert st.improved(four).suppressed and st.improved(four).share is None


def test_one_measurement_is_never_improved():
    series = [[Point(D[0], {"a": 1})]] * 10 + [[Point(D[0], {"a": 1}), Point(D[1], {"a": 2})]] * 5
    result = st.improved(series)
    assert (result.n, result.improved, result.without_follow_up) == (5, 5, 10)
    assert result.share == 1


def test_improved_uses_common_areas_and_direction():
    up = [Point(D[0], {"a": 2, "b": 5}), Point(D[1], {"a": 4, "c": 1})]  # common area a: +2
    down = [Point(D[0], {"a": 3, "b": 3}), Point(D[1], {"a": 3, "b": 1})]  # mean (0 + -2) / 2 = -1
    flat = [Point(D[0], {"a": 3}), Point(D[1], {"a": 3})]
    disjoint = [Point(D[0], {"a": 3}), Point(D[1], {"b": 9})]  # nothing to compare
    assert st.overall_change(up) == 2 and st.overall_change(down) == -1 and st.overall_change(disjoint) is None
    series = [up, up, down, flat, flat, disjoint]
    higher = st.improved(series, direction=1, min_group=1)
    assert (higher.n, higher.improved) == (5, 2)
    lower = st.improved(series, direction=-1, min_group=1)  # on FFB's scale, lower is better
    assert (lower.n, lower.improved) == (5, 1)


def test_total_change_uses_the_scores():
    series = [[Point(D[0], {}, 40.0), Point(D[1], {}, None), Point(D[2], {}, 64.0)]] * 5
    change = st.total_change(series)
    assert change.n == 5 and change.change.mean == 24 and change.change.sd == 0

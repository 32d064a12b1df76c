"""The arithmetic against hand-computed cases (ADR 0032)."""

import datetime
from decimal import Decimal

from tovholder.budget import calc

D = datetime.date
P = calc.Price


def test_hourly_rate_a_whole_year():
    # 3 hours a week × 520 kr. × 365 days / 7 = 81.342,857… kr.
    c = calc.cost(D(2025, 1, 1), D(2025, 12, 31), [P(D(2020, 1, 1), Decimal(520), "hour")], hours_per_week=Decimal(3))
    assert c.amount == Decimal("81342.86") and c.unpriced_days == 0


def test_price_change_mid_year():
    # 1 Jan–30 Jun: 181 days × 2 h/7 × 500 = 25.857,142…; 1 Jul–31 Dec: 184 days × 2 h/7 × 550 = 28.914,285…
    prices = [P(D(2024, 1, 1), Decimal(500), "hour"), P(D(2025, 7, 1), Decimal(550), "hour")]
    assert calc.cost(D(2025, 1, 1), D(2025, 12, 31), prices, hours_per_week=Decimal(2)).amount == Decimal("54771.43")
    # only the second half: the new price alone
    assert calc.cost(D(2025, 7, 1), D(2025, 12, 31), prices, hours_per_week=Decimal(2)).amount == Decimal("28914.29")


def test_a_period_crossing_a_year_is_split_at_new_year():
    start, end = D(2024, 11, 15), D(2025, 2, 10)
    prices = [P(D(2020, 1, 1), Decimal(1000), "day")]
    in_2024 = calc.clip(start, end, D(2024, 1, 1), D(2024, 12, 31))
    in_2025 = calc.clip(start, end, D(2025, 1, 1), D(2025, 12, 31))
    assert calc.cost(*in_2024, prices).amount == Decimal(47000)  # 15 Nov–31 Dec: 47 days
    assert calc.cost(*in_2025, prices).amount == Decimal(41000)  # 1 Jan–10 Feb: 41 days
    assert calc.cost(start, end, prices).amount == Decimal(88000)


def test_an_effort_ending_mid_month_on_a_monthly_rate():
    # January–March whole months, April 15 of 30 days: 3 × 30.000 + 15.000
    prices = [P(D(2020, 1, 1), Decimal(30000), "month")]
    assert calc.cost(D(2025, 1, 1), D(2025, 4, 15), prices).amount == Decimal(105000)
    # 1 Oct–15 Dec at 40.000: 40.000 + 40.000 + 15/31 × 40.000 = 99.354,838…
    prices = [P(D(2020, 1, 1), Decimal(40000), "month")]
    assert calc.cost(D(2025, 10, 1), D(2025, 12, 15), prices).amount == Decimal("99354.84")


def test_a_yearly_rate_uses_each_years_own_days():
    # 31 Dec 2023 (1/365 of 2023) and 1 Jan 2024 (1/366 of a leap year) at 365.000 kr. a year
    prices = [P(D(2020, 1, 1), Decimal(365000), "year")]
    assert calc.cost(D(2023, 12, 31), D(2024, 1, 1), prices).amount == Decimal("1997.27")


def test_an_hourly_price_without_hours_and_days_before_the_first_price_are_reported_not_guessed():
    c = calc.cost(D(2025, 1, 1), D(2025, 1, 7), [P(D(2020, 1, 1), Decimal(500), "hour")])
    assert c.amount == 0 and c.no_scope and c.unpriced_days == 7
    c = calc.cost(D(2025, 1, 1), D(2025, 1, 10), [P(D(2025, 1, 6), Decimal(100), "day")])
    assert c.amount == Decimal(500) and c.unpriced_days == 5
    assert calc.cost(D(2025, 1, 1), D(2025, 1, 10), []).unpriced_days == 10
    assert calc.cost(D(2025, 1, 10), D(2025, 1, 1), [P(D(2020, 1, 1), Decimal(1), "day")]).amount == 0


def test_full_year_persons_count_overlapping_days_once():
    # 1 Jan–30 Jun and 1 Apr–30 Sep overlap: 1 Jan–30 Sep is 273 days
    fyp = calc.full_year_persons([(D(2025, 1, 1), D(2025, 6, 30)), (D(2025, 4, 1), D(2025, 9, 30))], 2025)
    assert fyp == Decimal(273) / 365
    # a running effort from the year before counts the whole year; one inside another adds nothing
    assert calc.full_year_persons([(D(2024, 5, 1), None), (D(2025, 3, 1), D(2025, 3, 31))], 2025) == 1
    assert calc.full_year_persons([(D(2024, 1, 1), D(2024, 12, 31))], 2025) == 0

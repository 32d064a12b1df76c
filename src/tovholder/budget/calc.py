"""The budget arithmetic, as pure functions on dates and decimals (no database): the cost of one effort or
one purchased place over a period from its scope and the prices in force, and full-year persons
(helårspersoner). Everything the follow-up shows is built from these, and each is tested against a
hand-computed case (tests/budget/test_calc.py).

Rules (ADR 0032):
- a period is whole days, both ends included;
- an hourly rate costs hours per week × rate × days / 7;
- a daily rate costs rate × days; a monthly rate costs rate × (days in the month / the month's days) for each
  month touched (an effort ending on the 15th of a 30-day month costs half a month); a yearly rate costs
  rate × days / the year's days, per calendar year;
- a price holds from its first day until the next price of the offer; days before the first price cost
  nothing and are counted as days without a price;
- amounts are rounded to øre once, at the end of each effort's sum.
"""

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ONE_DAY = datetime.timedelta(days=1)
ORE = Decimal("0.01")
UNITS = ("hour", "day", "month", "year")


@dataclass(frozen=True)
class Price:
    valid_from: datetime.date
    price: Decimal
    unit: str  # hour, day, month, year


@dataclass(frozen=True)
class Cost:
    amount: Decimal
    unpriced_days: int = 0  # days of the period no price covered
    no_scope: bool = False  # an hourly price but no hours per week


def days(start: datetime.date, end: datetime.date) -> int:
    """Days from start to end, both included (0 when end is before start)."""
    return max(0, (end - start).days + 1)


def year_days(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def clip(start: datetime.date, end: datetime.date | None, first: datetime.date, last: datetime.date
         ) -> tuple[datetime.date, datetime.date] | None:
    """The part of [start, end] (end None: open) inside [first, last], or None."""
    a, b = max(start, first), min(end or last, last)
    return (a, b) if a <= b else None


def _months(start: datetime.date, end: datetime.date) -> Iterable[tuple[datetime.date, datetime.date]]:
    """[start, end] cut at month boundaries."""
    a = start
    while a <= end:
        month_end = datetime.date(a.year, a.month, calendar.monthrange(a.year, a.month)[1])
        b = min(month_end, end)
        yield a, b
        a = b + ONE_DAY


def _segment_cost(price: Price, start: datetime.date, end: datetime.date, hours_per_week: Decimal | None
                  ) -> Decimal | None:
    n = days(start, end)
    if price.unit == "hour":
        if not hours_per_week:
            return None
        return hours_per_week * price.price * n / 7
    if price.unit == "day":
        return price.price * n
    if price.unit == "month":
        return sum((price.price * days(a, b) / calendar.monthrange(a.year, a.month)[1]
                    for a, b in _months(start, end)), Decimal(0))
    if price.unit == "year":
        total = Decimal(0)
        a = start
        while a <= end:
            b = min(datetime.date(a.year, 12, 31), end)
            total += price.price * days(a, b) / year_days(a.year)
            a = b + ONE_DAY
        return total
    return None


def cost(start: datetime.date, end: datetime.date, prices: Sequence[Price], *,
         hours_per_week: Decimal | None = None) -> Cost:
    """The cost of one effort (or one purchased place) from start to end, both included."""
    if end < start:
        return Cost(Decimal(0))
    ordered = sorted(prices, key=lambda p: p.valid_from)
    total, unpriced, no_scope = Decimal(0), 0, False
    if not ordered:
        return Cost(Decimal(0), days(start, end))
    if start < ordered[0].valid_from:
        unpriced += days(start, min(end, ordered[0].valid_from - ONE_DAY))
    for i, price in enumerate(ordered):
        until = ordered[i + 1].valid_from - ONE_DAY if i + 1 < len(ordered) else end
        part = clip(start, end, price.valid_from, until)
        if part is None:
            continue
        amount = _segment_cost(price, *part, hours_per_week)
        if amount is None:
            no_scope = True
            unpriced += days(*part)
        else:
            total += amount
    return Cost(total.quantize(ORE, rounding=ROUND_HALF_UP), unpriced, no_scope)


def full_year_persons(intervals: Iterable[tuple[datetime.date, datetime.date | None]], year: int) -> Decimal:
    """Full-year persons (helårspersoner) of ONE citizen in a year: the days of the year covered by any of
    the intervals (overlaps counted once) / the year's days. Sum it over citizens for a group."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    parts = sorted(p for p in (clip(s, e, first, last) for s, e in intervals) if p is not None)
    covered, reach = 0, None
    for a, b in parts:
        if reach is not None and a <= reach:
            if b > reach:
                covered += (b - reach).days
                reach = b
        else:
            covered += days(a, b)
            reach = b
    return Decimal(covered) / year_days(year)


def rounded(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)

"""Danish working days (hverdage): Monday to Friday, not a public holiday in Denmark (the `holidays`
library's calendar), and not Constitution Day (5 June) or Christmas Eve and New Year's Eve, which the
public sector keeps closed."""

import datetime
from functools import lru_cache

import holidays

CLOSED = ((6, 5), (12, 24), (12, 31))


@lru_cache(maxsize=32)
def _holidays(year: int) -> frozenset[datetime.date]:
    days = set(holidays.country_holidays("DK", years=year))
    days.update(datetime.date(year, m, d) for m, d in CLOSED)
    return frozenset(days)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(day: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `day` (n ≥ 1): with n = 5, a meeting "within five working days"."""
    if n < 1:
        raise ValueError("n must be at least 1")
    current = day
    while n:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            n -= 1
    return current

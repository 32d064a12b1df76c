"""Case-processing deadlines: calendar days or Danish working days (holidays from `holidays`)."""

import datetime
from functools import cache

import holidays


@cache
def _danish_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.Denmark(years=year).keys())


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _danish_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (the day of the request does not count)."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def deadline_for(offer, requested_on: datetime.date) -> datetime.date | None:
    if offer.deadline_days is None:
        return None
    if offer.deadline_working_days:
        return add_working_days(requested_on, offer.deadline_days)
    return requested_on + datetime.timedelta(days=offer.deadline_days)

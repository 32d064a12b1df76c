"""Delivered vs granted hours: plain arithmetic over episodes, their intensity steps and the minutes
delivered (journal notes of contacts that delivered support). No Django queries here; the selectors
fetch the rows and call these functions.

Per week (Monday to Sunday) and episode:
- granted: the decision's hours per week, or — for help without visitation and klippekort — the
  agreed intensity; counted for the days the episode ran that week;
- planned: the intensity in effect each day (0 during a pause), likewise per day;
- delivered: minutes of the episode's current notes (a corrected note counts once, in its newest
  version) whose contact delivered support, that week.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(days=7)


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def weeks_back(today: datetime.date, count: int) -> list[datetime.date]:
    """The Mondays of the last `count` weeks, oldest first, ending with this week."""
    this = monday(today)
    return [this - WEEK * i for i in range(count - 1, -1, -1)]


@dataclass(frozen=True)
class Step:
    starts_on: datetime.date
    hours: Decimal


@dataclass
class EpisodeSpan:
    """What the arithmetic needs to know about one episode."""

    key: int
    started_on: datetime.date
    ended_on: datetime.date | None
    granted: Decimal | None  # hours per week of the decision, if any
    steps: list[Step] = field(default_factory=list)  # intensity, sorted by date


def _overlap(a0: datetime.date, a1: datetime.date, b0: datetime.date, b1: datetime.date) -> int:
    """Days in both [a0, a1] and [b0, b1] (inclusive)."""
    return max(0, (min(a1, b1) - max(a0, b0)).days + 1)


@dataclass
class WeekHours:
    week: datetime.date
    granted: Decimal = Decimal(0)
    planned: Decimal = Decimal(0)
    delivered: Decimal = Decimal(0)

    @property
    def ratio(self) -> Decimal | None:
        """Delivered as a share of granted (None when nothing was granted)."""
        return (self.delivered / self.granted) if self.granted else None

    @property
    def percent(self) -> int | None:
        ratio = self.ratio
        return None if ratio is None else int((ratio * 100).to_integral_value())

    def add(self, other: "WeekHours") -> None:
        self.granted += other.granted
        self.planned += other.planned
        self.delivered += other.delivered


def week_hours(span: EpisodeSpan, week: datetime.date, until: datetime.date,
               delivered_minutes: int = 0) -> WeekHours:
    """Granted, planned and delivered hours of one episode in the week starting `week` (a Monday);
    days after `until` (today) are not counted as granted or planned yet."""
    result = WeekHours(week, delivered=(Decimal(delivered_minutes) / 60))
    first = max(week, span.started_on)
    last = min(week + datetime.timedelta(days=6), span.ended_on or until, until)
    if last < first:
        return result
    planned_days = Decimal(0)  # sum of hours-per-week x days
    for i, step in enumerate(span.steps):
        step_end = span.steps[i + 1].starts_on - DAY if i + 1 < len(span.steps) else last
        days = _overlap(step.starts_on, step_end, first, last)
        if days:
            planned_days += step.hours * days
    result.planned = planned_days / 7
    if span.granted is not None:
        result.granted = span.granted * ((last - first).days + 1) / 7
    else:
        result.granted = result.planned
    return result


def total(rows: Iterable[WeekHours], week: datetime.date | None = None) -> WeekHours:
    out = WeekHours(week or datetime.date.min)
    for row in rows:
        out.add(row)
    return out


def rounded(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"))



"""Capacity per offer per day: integer concurrent places, hours per place and staff cost.

Every kind of capacity (staff hours, seats, residential places, quotas) ends up as
an integer number of concurrent places per offer per day, so the simulation only
has to compare counts.  Dated changes (e.g. new staff from a given day) apply from
their date on.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from .scenario import CapacitySpec, Offer

HOURS_PER_WEEK_TO_DAY = 1.0 / 7.0
_EPS = 1e-9


def hours_per_citizen_week(spec: CapacitySpec) -> float:
    """Mix-weighted hours per citizen per week (individual vs group support)."""
    share = spec.group_share
    return (1.0 - share) * spec.hours_per_citizen_week + share * spec.group_hours_per_citizen_week


def places_for(spec: CapacitySpec) -> int:
    """Concurrent places that a capacity specification gives (rounded down)."""
    if spec.kind == "staff":
        per_citizen = hours_per_citizen_week(spec)
        if per_citizen <= 0.0:
            return 0
        direct_hours = spec.fte * spec.hours_per_week * spec.direct_share
        return max(0, math.floor(direct_hours / per_citizen + _EPS))
    return max(0, math.floor(spec.places + _EPS))


def staff_cost_per_year(spec: CapacitySpec) -> float:
    """Fixed yearly cost: salaries plus other fixed costs."""
    return spec.fte * spec.salary_per_fte_year + spec.fixed_cost_per_year


def day_dates(start: dt.date, horizon_days: int) -> np.ndarray:
    """Calendar dates of the simulated days as ``datetime64[D]``."""
    return np.datetime64(start, "D") + np.arange(horizon_days)


def days_in_year(dates: np.ndarray) -> np.ndarray:
    """Number of days in the calendar year of each date (365 or 366)."""
    years = dates.astype("datetime64[Y]")
    return ((years + 1).astype("datetime64[D]") - years.astype("datetime64[D]")).astype(np.int64)


@dataclass(frozen=True)
class CapacityPlan:
    """Per-day capacity arrays of shape (horizon_days, offers)."""

    places: np.ndarray
    hours_per_place_day: np.ndarray
    fixed_cost_day: np.ndarray


def offer_timeline(offer: Offer, start: dt.date, horizon_days: int) -> tuple[np.ndarray, ...]:
    """Places, hours per occupied place per day and fixed cost per day for one offer."""
    dates = day_dates(start, horizon_days)
    places = np.empty(horizon_days, dtype=np.int64)
    hours = np.empty(horizon_days, dtype=np.float64)
    yearly_cost = np.empty(horizon_days, dtype=np.float64)
    spec = offer.capacity
    boundaries = [(np.datetime64(change.start, "D"), change) for change in sorted(offer.changes, key=lambda c: c.start)]
    segment_start = 0
    for when, change in [*boundaries, (None, None)]:
        segment_end = horizon_days if when is None else int(np.searchsorted(dates, when))
        if segment_end > segment_start:
            places[segment_start:segment_end] = places_for(spec)
            hours[segment_start:segment_end] = hours_per_citizen_week(spec) * HOURS_PER_WEEK_TO_DAY
            yearly_cost[segment_start:segment_end] = staff_cost_per_year(spec)
            segment_start = segment_end
        if change is not None:
            spec = spec.updated(change.values)
    return places, hours, yearly_cost / days_in_year(dates)


def capacity_plan(offers: tuple[Offer, ...], start: dt.date, horizon_days: int) -> CapacityPlan:
    """Stack the per-offer timelines into (horizon_days, offers) arrays."""
    timelines = [offer_timeline(offer, start, horizon_days) for offer in offers]
    return CapacityPlan(
        places=np.stack([t[0] for t in timelines], axis=1),
        hours_per_place_day=np.stack([t[1] for t in timelines], axis=1),
        fixed_cost_day=np.stack([t[2] for t in timelines], axis=1),
    )

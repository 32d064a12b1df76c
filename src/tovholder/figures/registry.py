"""The figures as a registry: `@figure(key, label, unit, kind, drill=…)` registers a live query that
computes a figure for one municipality and one day, broken down by its dimensions. The snapshot task
stores what these functions return; the dashboard reads the snapshots; a drill-down runs the figure's
`drill` live, for that one figure (ADR 0035).

- `kind="stock"`: a state at the end of the day (on the waitlist, in an episode). Over a period the
  dashboard shows the value on the period's last day and its trend.
- `kind="flow"`: what happened on the day (requests received, episodes ended). Over a period the
  dashboard sums the days.
- `historical=False`: the figure can only be computed as it is now (capacity comes from
  `offers.capacity.capacity_for`, which counts today's use), so backfilling a past day leaves it out.
- `citizens=True`: the value counts citizens; groups under five are suppressed in exports.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet


@dataclass(frozen=True)
class Cell:
    value: Decimal
    offer_id: int | None = None
    unit_id: int | None = None
    worker_id: int | None = None
    category: str = ""
    band: str = ""


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]


@dataclass(frozen=True)
class Drill:
    """The list behind a figure: `rows(municipality_id, date_from, date_to, offer_ids)` returns a
    queryset of records with a `citizen` (filtered to need to know by the caller), shown in `columns`."""

    rows: Callable[[int, datetime.date, datetime.date, Sequence[int] | None], QuerySet]
    columns: Sequence[Column]
    what: str  # the list's name in the citizens' access log


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str  # "borgere", "timer", "dage", "pladser"
    kind: str  # "stock" or "flow"
    compute: Callable[[int, datetime.date], list[Cell]]
    drill: Drill | None = None
    historical: bool = True
    citizens: bool = True
    by: Sequence[str] = field(default=("offer",))  # the dimensions its table is broken down by
    help: str = ""
    order: int = 100
    # the same figure for every day of a range at once (a backfill, the demo): {day: cells}
    compute_range: Callable[[int, datetime.date, datetime.date], dict[datetime.date, list[Cell]]] | None = None

    def over(self, municipality_id: int, date_from: datetime.date, date_to: datetime.date
             ) -> dict[datetime.date, list[Cell]]:
        """The figure for each day of the range: its range query where it has one, else day by day."""
        if self.compute_range is not None:
            return self.compute_range(municipality_id, date_from, date_to)
        days = [date_from + datetime.timedelta(days=i) for i in range((date_to - date_from).days + 1)]
        return {d: self.compute(municipality_id, d) for d in days}


_figures: dict[str, Figure] = {}


def figure(key: str, label: str, unit: str, *, kind: str, drill: Drill | None = None, historical: bool = True,
           citizens: bool = True, by: Sequence[str] = ("offer",), help: str = "", order: int = 100):
    """Register `fn(municipality_id, day) -> list[Cell]` as the live query of a figure."""
    if kind not in ("stock", "flow"):
        raise ValueError(f"kind must be stock or flow, not {kind!r}")

    def register(fn):
        _figures[key] = Figure(key, label, unit, kind, fn, drill, historical, citizens, tuple(by), help, order)
        return fn

    return register


def ranged(key: str):
    """Register `fn(municipality_id, date_from, date_to) -> {day: [Cell]}`, the range query of a figure
    already registered; it must give, day by day, what the day's query gives (tested)."""

    def register(fn):
        import dataclasses
        _figures[key] = dataclasses.replace(_figures[key], compute_range=fn)
        return fn

    return register


def all_figures() -> list[Figure]:
    return sorted(_figures.values(), key=lambda f: (f.order, f.key))


def get(key: str) -> Figure | None:
    return _figures.get(key)

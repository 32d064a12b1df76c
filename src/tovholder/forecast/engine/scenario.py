"""The scenario: plain, immutable data describing one forecast run.

A scenario is normally built from a dict (JSON/TOML) by
:func:`tovholder.forecast.engine.scenario_io.scenario_from_dict`; the Django side
may also build the dataclasses directly.  Nothing here depends on Django.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from .distributions import DurationDistribution, UncertainValue

AGE_GROUPS: tuple[str, ...] = ("18-29", "30-64", "65+")
CAPACITY_KINDS: tuple[str, ...] = ("staff", "seats", "places", "quota")
RATE_UNITS: dict[str, float] = {"day": 1.0, "week": 7.0, "month": 365.25 / 12.0, "year": 365.25}
# Capacity fields that a dated change may set.
CAPACITY_FIELDS: tuple[str, ...] = (
    "fte",
    "hours_per_week",
    "direct_share",
    "hours_per_citizen_week",
    "group_share",
    "group_hours_per_citizen_week",
    "places",
    "salary_per_fte_year",
    "fixed_cost_per_year",
)


@dataclass(frozen=True)
class CapacitySpec:
    """How many citizens an offer can serve at once, and what its staff cost.

    * ``staff`` (support offers): places = FTE x hours per week x direct share divided
      by the mix-weighted hours per citizen per week (individual vs group support).
    * ``seats`` (group offers), ``places`` (residential), ``quota`` (shared offers):
      ``places`` is the number of concurrent places directly.

    ``fte`` and ``salary_per_fte_year`` give a staff cost for every kind.
    """

    kind: str
    fte: float = 0.0
    hours_per_week: float = 37.0
    direct_share: float = 1.0
    hours_per_citizen_week: float = 0.0
    group_share: float = 0.0
    group_hours_per_citizen_week: float = 0.0
    places: float = 0.0
    salary_per_fte_year: float = 0.0
    fixed_cost_per_year: float = 0.0

    def updated(self, values: tuple[tuple[str, float], ...]) -> CapacitySpec:
        """A copy with some fields replaced (used for dated capacity changes)."""
        return dataclasses.replace(self, **dict(values))


@dataclass(frozen=True)
class CapacityChange:
    """From ``start`` on, the listed capacity fields take new values."""

    start: dt.date
    values: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Price:
    """Unit prices (DKK): per occupied place per day and per delivered hour."""

    per_place_day: float = 0.0
    per_hour: float = 0.0


@dataclass(frozen=True)
class ReturnSpec:
    """What happens when an episode ends.

    A share ``klippekort_share`` ends with a klippekort (punch card); of those a share
    ``klippekort_return_share`` comes back after ``klippekort_delay``, to the offer named
    ``klippekort_offer`` (default: the same offer).  Of the others a share
    ``return_share`` comes back to the same offer after ``return_delay``.  Returns
    re-enter as arrivals.
    """

    klippekort_share: float = 0.0
    klippekort_return_share: float = 0.0
    klippekort_delay: DurationDistribution | None = None
    return_share: float = 0.0
    return_delay: DurationDistribution | None = None
    klippekort_offer: str | None = None

    @property
    def any(self) -> bool:
        """True if any episode can lead to a return."""
        klippekort = self.klippekort_share * self.klippekort_return_share > 0.0
        other = (1.0 - self.klippekort_share) * self.return_share > 0.0
        return klippekort or other


@dataclass(frozen=True)
class InitialOfferState:
    """Today's situation in one offer.

    ``remaining`` is ``"residual"`` (remaining durations drawn from the stationary
    residual distribution), ``"fresh"`` (full new durations) or ``"given"`` (then
    ``remaining_days`` has one entry per citizen in support).  ``waiting_days`` lists,
    per priority class (0 = priority, 1 = normal), the days each waiting citizen has
    already waited.
    """

    in_support: int = 0
    remaining: str = "residual"
    remaining_days: tuple[float, ...] = ()
    waiting_days: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())


@dataclass(frozen=True)
class Offer:
    """One offer (tilbud): capacity over time, durations, prices and returns."""

    name: str
    capacity: CapacitySpec
    duration: DurationDistribution
    changes: tuple[CapacityChange, ...] = ()
    price: Price = field(default_factory=Price)
    returns: ReturnSpec = field(default_factory=ReturnSpec)
    priority_share: float = 0.0
    initial: InitialOfferState = field(default_factory=InitialOfferState)
    description: str = ""


@dataclass(frozen=True)
class ArrivalStream:
    """Poisson arrivals from one source in one age group.

    ``rate`` is per ``ArrivalSpec.unit`` and uncertain.  The rate is multiplied by a
    factor rising (or falling) linearly from 1 at the start date to
    ``trend_end_multiplier`` at ``trend_end`` and constant after.
    """

    age_group: str
    source: str
    rate: UncertainValue
    trend_end_multiplier: float = 1.0
    trend_end: dt.date | None = None


@dataclass(frozen=True)
class AgeShareTrend:
    """The share of one age group in the inflow moves linearly to ``share_end`` at ``end``.

    The total inflow is unchanged: the other groups shrink (or grow) proportionally.
    """

    age_group: str
    share_end: float
    end: dt.date


@dataclass(frozen=True)
class ArrivalSpec:
    """All arrival streams, the unit of their rates and a common conversion rate."""

    streams: tuple[ArrivalStream, ...]
    unit: str = "year"
    conversion: UncertainValue = field(default_factory=lambda: UncertainValue.fixed(1.0))
    share_trend: AgeShareTrend | None = None


@dataclass(frozen=True)
class Budget:
    """Budget per calendar year (DKK): a base amount per year plus extra appropriations."""

    per_year: tuple[tuple[int, float], ...] = ()
    annual: float = 0.0
    additions: tuple[tuple[int, float], ...] = ()

    def for_year(self, year: int) -> float:
        """The budget of one calendar year."""
        base = dict(self.per_year).get(year, self.annual)
        return base + dict(self.additions).get(year, 0.0)


@dataclass(frozen=True)
class Scenario:
    """A complete forecast scenario.

    ``routing[a][o]`` is the probability that an arrival in age group ``a`` goes to
    offer ``o``; a row may sum to less than one (the rest gets no offer).
    """

    name: str
    start_date: dt.date
    horizon_days: int
    offers: tuple[Offer, ...]
    arrivals: ArrivalSpec
    routing: tuple[tuple[float, ...], ...]
    replications: int = 1000
    seed: int = 0
    chunk_size: int = 250
    age_groups: tuple[str, ...] = AGE_GROUPS
    klippekort_skip_waitlist: bool = True
    budget: Budget = field(default_factory=Budget)
    wait_threshold_days: int = 90
    description: str = ""

    @property
    def offer_names(self) -> tuple[str, ...]:
        """Names of the offers in engine order."""
        return tuple(offer.name for offer in self.offers)

    def with_options(self, **changes: object) -> Scenario:
        """A copy with top-level fields replaced (e.g. ``replications=50``)."""
        return dataclasses.replace(self, **changes)

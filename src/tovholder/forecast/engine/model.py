"""Compile a :class:`Scenario` (plus today's state) into the arrays the simulation uses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .capacity import CapacityPlan, capacity_plan
from .scenario import RATE_UNITS, Offer, Scenario

DISCRETISATIONS = ("uniform-offset", "round-up")


@dataclass(frozen=True)
class InitialState:
    """Today's caseload and waitlist, as arrays (the Django side fills these from the database).

    * ``in_support[o]``: citizens in an episode in offer ``o`` today.
    * ``remaining_kind[o]``: ``"residual"`` or ``"fresh"`` (remaining durations drawn per
      replication) or ``"given"`` (``remaining_days[o]`` holds one value per citizen).
    * ``waitlist[o, c, w]``: citizens waiting in offer ``o``, priority class ``c``
      (0 = priority, 1 = normal) who have waited ``w`` days already.
    """

    in_support: np.ndarray
    remaining_kind: tuple[str, ...]
    remaining_days: tuple[np.ndarray, ...]
    waitlist: np.ndarray

    @classmethod
    def empty(cls, n_offers: int) -> InitialState:
        """Nobody in support and nobody waiting."""
        return cls(np.zeros(n_offers, np.int64), ("residual",) * n_offers,
                   tuple(np.zeros(0) for _ in range(n_offers)), np.zeros((n_offers, 2, 1), np.int64))

    @classmethod
    def from_counts(
        cls,
        in_support: Sequence[int],
        waitlist: np.ndarray | None = None,
        remaining_days: Sequence[Sequence[float] | None] | None = None,
    ) -> InitialState:
        """Convenience constructor for the Django side.

        ``in_support[o]`` citizens in support per offer; ``waitlist[o, c, w]`` counts
        waiting by offer, priority class and days already waited (or None); for each
        offer either a list of remaining days (one per citizen in support) or None, in
        which case remaining durations are drawn from the stationary residual distribution.
        """
        support = np.asarray(in_support, np.int64)
        n_offers = support.size
        remaining = list(remaining_days) if remaining_days is not None else [None] * n_offers
        return cls(
            in_support=support,
            remaining_kind=tuple("residual" if days is None else "given" for days in remaining),
            remaining_days=tuple(np.zeros(0) if days is None else np.asarray(days, np.float64)
                                 for days in remaining),
            waitlist=np.zeros((n_offers, 2, 1), np.int64) if waitlist is None else np.asarray(waitlist, np.int64),
        )

    @classmethod
    def from_offers(cls, offers: tuple[Offer, ...]) -> InitialState:
        """Build the arrays from the ``initial`` sections of the offers."""
        longest = max((max(days, default=0) for o in offers for days in o.initial.waiting_days), default=0)
        waitlist = np.zeros((len(offers), 2, longest + 1), np.int64)
        for index, offer in enumerate(offers):
            for priority, days in enumerate(offer.initial.waiting_days):
                np.add.at(waitlist[index, priority], np.asarray(days, dtype=np.int64), 1)
        return cls(
            in_support=np.array([o.initial.in_support for o in offers], np.int64),
            remaining_kind=tuple(o.initial.remaining for o in offers),
            remaining_days=tuple(np.asarray(o.initial.remaining_days, np.float64) for o in offers),
            waitlist=waitlist,
        )

    def validate(self, n_offers: int) -> None:
        """Check shapes and values (raises ``ValueError``)."""
        if self.in_support.shape != (n_offers,) or np.any(self.in_support < 0):
            raise ValueError("in_support must be a non-negative array with one entry per offer")
        if self.waitlist.ndim != 3 or self.waitlist.shape[:2] != (n_offers, 2) or np.any(self.waitlist < 0):
            raise ValueError("waitlist must be non-negative counts of shape (offers, 2, days)")
        for kind, days, count in zip(self.remaining_kind, self.remaining_days, self.in_support, strict=True):
            if kind == "given" and len(days) != count:
                raise ValueError("remaining_days must have one value per citizen in support")


@dataclass(frozen=True)
class Model:
    """Everything the daily loop needs, as numpy arrays (axes: day, offer, ...)."""

    scenario: Scenario
    horizon: int
    n_offers: int
    n_classes: int
    plan: CapacityPlan
    unit_cost_day: np.ndarray
    routing: np.ndarray
    stream_age: np.ndarray
    rate_multipliers: np.ndarray
    initial: InitialState
    discretisation: str
    klippekort_target: np.ndarray

    @property
    def normal_class(self) -> int:
        """Index of the normal priority class (the last one)."""
        return self.n_classes - 1

    @property
    def has_returns(self) -> bool:
        """True if any offer can send citizens back as new arrivals."""
        return any(offer.returns.any for offer in self.scenario.offers)


def compile_scenario(
    scenario: Scenario,
    initial: InitialState | None = None,
    *,
    discretisation: str = "uniform-offset",
) -> Model:
    """Turn a scenario into arrays.

    ``discretisation="round-up"`` books each episode for ``ceil(duration)`` whole days; it
    is biased and exists only so the tests can show that they detect such a bias.
    """
    if discretisation not in DISCRETISATIONS:
        raise ValueError(f"discretisation must be one of {DISCRETISATIONS}")
    initial = initial if initial is not None else InitialState.from_offers(scenario.offers)
    initial.validate(len(scenario.offers))
    plan = capacity_plan(scenario.offers, scenario.start_date, scenario.horizon_days)
    prices = np.array([[o.price.per_place_day for o in scenario.offers]])
    per_hour = np.array([[o.price.per_hour for o in scenario.offers]])
    return Model(
        scenario=scenario,
        horizon=scenario.horizon_days,
        n_offers=len(scenario.offers),
        n_classes=_classes_needed(scenario, initial),
        plan=plan,
        unit_cost_day=prices + plan.hours_per_place_day * per_hour,
        routing=np.asarray(scenario.routing, dtype=np.float64).reshape(len(scenario.age_groups), -1),
        stream_age=np.array([scenario.age_groups.index(s.age_group) for s in scenario.arrivals.streams],
                            dtype=np.int64),
        rate_multipliers=rate_multipliers(scenario),
        initial=initial,
        discretisation=discretisation,
        klippekort_target=np.array([
            scenario.offer_names.index(o.returns.klippekort_offer) if o.returns.klippekort_offer else i
            for i, o in enumerate(scenario.offers)], dtype=np.int64),
    )


def _classes_needed(scenario: Scenario, initial: InitialState) -> int:
    """Two priority classes if anything uses the priority class, otherwise one (faster)."""
    priority_arrivals = any(o.priority_share > 0 for o in scenario.offers)
    klippekort_skips = scenario.klippekort_skip_waitlist and any(
        o.returns.klippekort_share * o.returns.klippekort_return_share > 0 for o in scenario.offers)
    priority_waiting = bool(initial.waitlist[:, 0].sum() > 0)
    return 2 if (priority_arrivals or klippekort_skips or priority_waiting) else 1


def _linear_ramp(start: dt.date, end: dt.date | None, horizon: int) -> np.ndarray:
    """0 at the start date rising linearly to 1 at ``end`` and constant after."""
    if end is None:
        return np.zeros(horizon)
    span = max(1, (end - start).days)
    return np.minimum(np.arange(horizon) / span, 1.0)


def rate_multipliers(scenario: Scenario) -> np.ndarray:
    """Per-day factor for each stream, shape (horizon_days, streams), in arrivals per day per rate unit.

    Combines the unit conversion, each stream's own linear trend and the optional
    age-share trend (which keeps the total inflow unchanged at the central rates).
    """
    spec = scenario.arrivals
    horizon = scenario.horizon_days
    factors = np.ones((horizon, len(spec.streams))) / RATE_UNITS[spec.unit]
    for s, stream in enumerate(spec.streams):
        ramp = _linear_ramp(scenario.start_date, stream.trend_end, horizon)
        factors[:, s] *= 1.0 + ramp * (stream.trend_end_multiplier - 1.0)
    if spec.share_trend is not None and spec.streams:
        trend = spec.share_trend
        central = np.array([s.rate.central for s in spec.streams])
        in_group = np.array([s.age_group == trend.age_group for s in spec.streams])
        share_now = central[in_group].sum() / max(central.sum(), 1e-300)
        ramp = _linear_ramp(scenario.start_date, trend.end, horizon)
        share = share_now + ramp * (trend.share_end - share_now)
        group_factor = share / share_now if share_now > 0 else np.ones(horizon)
        other_factor = (1.0 - share) / (1.0 - share_now) if share_now < 1 else np.ones(horizon)
        factors *= np.where(in_group[None, :], group_factor[:, None], other_factor[:, None])
    return factors


"""An offer's capacity and what uses it, in one place (ADR 0004).

The capacity is the offer's: places for residential and seat-based offers, staff hours per week for
support offers, the municipality's quota for shared offers; open offers always have room. What uses
it is contributed by the apps that record it — visitation's ordered and running grants today;
courses' enrolments and housing's residencies later — each registered with `@usage`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .models import Offer

PLACES = "pladser"
HOURS = "timer pr. uge"


@dataclass(frozen=True)
class Use:
    """What one contributor uses of an offer: places taken and staff hours per week taken."""

    places: int = 0
    hours: Decimal = Decimal(0)


@dataclass(frozen=True)
class Capacity:
    total: Decimal | None  # None: open offer, no fixed capacity
    used: Decimal
    unit: str  # PLACES or HOURS

    @property
    def free(self) -> Decimal | None:
        return None if self.total is None else self.total - self.used

    def has_room_for(self, need: Decimal) -> bool:
        return self.total is None or self.used + need <= self.total


# fn(offer, municipality or None for the whole offer) -> Use
UsageFn = Callable[[Offer, object | None], Use]
_usage: dict[str, UsageFn] = {}


def usage(key: str):
    """Register `fn(offer, municipality | None) -> Use`: what this app's records use of the offer, for
    one municipality (a shared offer's quota) or for the whole offer (None)."""

    def register(fn: UsageFn) -> UsageFn:
        _usage[key] = fn
        return fn

    return register


def _used(offer: Offer, municipality) -> Use:
    places, hours = 0, Decimal(0)
    for fn in _usage.values():
        use = fn(offer, municipality)
        places += use.places
        hours += use.hours
    return Use(places, hours)


def capacity_for(offer: Offer, municipality) -> Capacity:
    """The offer's capacity as seen by `municipality`: its quota in a shared offer, else the offer's own."""
    quota = offer.quotas.filter(municipality=municipality).first() if offer.shared else None
    if quota is not None and quota.places is not None:
        return Capacity(Decimal(quota.places), Decimal(_used(offer, municipality).places), PLACES)
    use = _used(offer, None)
    if offer.capacity_kind == Offer.CapacityKind.OPEN:
        return Capacity(None, Decimal(use.places), PLACES)
    if offer.capacity_kind == Offer.CapacityKind.STAFF_HOURS:
        return Capacity(offer.capacity, use.hours, HOURS)
    return Capacity(offer.capacity, Decimal(use.places), PLACES)

"""Capacity, checked in one place: places for residential and seat-based offers, staff hours for
support offers, the municipality's quota for shared offers; open offers always have room."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from tovholder.offers.models import Offer

OCCUPYING = ("ordered", "active")


@dataclass(frozen=True)
class Capacity:
    total: Decimal | None  # None: open offer, no fixed capacity
    used: Decimal
    unit: str  # "pladser" or "timer pr. uge"

    @property
    def free(self) -> Decimal | None:
        return None if self.total is None else self.total - self.used

    def has_room_for(self, need: Decimal) -> bool:
        return self.total is None or self.used + need <= self.total


def capacity_for(offer: Offer, municipality) -> Capacity:
    from .models import Decision

    occupying = Decision.objects.filter(offer=offer, status__in=OCCUPYING)
    quota = offer.quotas.filter(municipality=municipality).first() if offer.shared else None
    if quota is not None and quota.places is not None:
        used = occupying.filter(municipality=municipality).aggregate(n=Count("pk"))["n"]
        return Capacity(Decimal(quota.places), Decimal(used), "pladser")
    if offer.capacity_kind == Offer.CapacityKind.OPEN:
        return Capacity(None, Decimal(occupying.count()), "pladser")
    if offer.capacity_kind == Offer.CapacityKind.STAFF_HOURS:
        used = occupying.aggregate(h=Sum("hours_per_week"))["h"] or Decimal(0)
        return Capacity(offer.capacity, used, "timer pr. uge")
    return Capacity(offer.capacity, Decimal(occupying.count()), "pladser")


def need_of(offer: Offer, hours_per_week: Decimal | None) -> Decimal:
    """What one grant takes: its hours for staff-hour offers, otherwise one place."""
    if offer.capacity_kind == Offer.CapacityKind.STAFF_HOURS and not offer.shared:
        return hours_per_week or Decimal(0)
    return Decimal(1)

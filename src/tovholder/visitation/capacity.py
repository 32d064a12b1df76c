"""What grants use of an offer's capacity (registered with `offers.capacity.usage`), and what one
new grant would take."""

from decimal import Decimal

from django.db.models import Count, Sum

from tovholder.offers.capacity import Use, usage
from tovholder.offers.models import Offer

from .models import Decision, WaitlistEntry

OCCUPYING = (Decision.Status.ORDERED, Decision.Status.ACTIVE)


@usage("visitation.grants")
def grants_in_use(offer: Offer, municipality) -> Use:
    """Ordered and running grants: one place each, and their hours per week; and the citizens on the
    offer's waitlist."""
    occupying = Decision.objects.filter(offer=offer, status__in=OCCUPYING)
    waiting = WaitlistEntry.objects.filter(offer=offer, removed_on__isnull=True)
    if municipality is not None:
        occupying = occupying.filter(municipality=municipality)
        waiting = waiting.filter(municipality=municipality)
    row = occupying.aggregate(n=Count("pk"), h=Sum("hours_per_week"))
    return Use(row["n"] or 0, row["h"] or Decimal(0), waiting.count())


def need_of(offer: Offer, hours_per_week: Decimal | None) -> Decimal:
    """What one grant takes: its hours for staff-hour offers, otherwise one place."""
    if offer.capacity_kind == Offer.CapacityKind.STAFF_HOURS and not offer.shared:
        return hours_per_week or Decimal(0)
    return Decimal(1)

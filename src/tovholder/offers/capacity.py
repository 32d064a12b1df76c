"""An offer's capacity and what uses it, in one place (ADR 0004).

The capacity is the offer's: places for residential and seat-based offers, staff hours per week for
support offers, the municipality's quota for shared offers; open offers always have room. What uses
it is contributed by the apps that record it — visitation's ordered and running grants (and its
waitlist) today; courses' enrolments and housing's residencies later — each registered with `@usage`.

`capacity_for` is the one place that computes used, total and waiting for an offer: the waitlist pages,
the decision page, the grant and the start pages all read it, so their figures agree. An offer is
"full" only when used >= total; more than the total in use is "over capacity" (a warning, never hidden).

Taking capacity (ordering, starting, moving up from a waitlist; enrolling, moving in) counts rows nothing
locks, so two at once could both find the last place free. Every write that takes or frees capacity calls
`lock_capacity(offer)` – or `capacity_for(..., lock=True)` – first in its transaction: it holds the offer's
row until the transaction ends, so the second waits and then counts what the first committed (ADR
0012-capacity-lock).
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.formats import number_format

from .models import Offer

PLACES = "pladser"
HOURS = "timer pr. uge"


@dataclass(frozen=True)
class Use:
    """What one contributor uses of an offer: places taken and staff hours per week taken."""

    places: int = 0
    hours: Decimal = Decimal(0)
    waiting: int = 0  # citizens on the offer's waitlist


def _n(value: Decimal) -> str:
    return number_format(value.normalize() if value == value.to_integral() else value, use_l10n=True)


@dataclass(frozen=True)
class Capacity:
    total: Decimal | None  # None: open offer, no fixed capacity
    used: Decimal
    unit: str  # PLACES or HOURS
    waiting: int = 0

    @property
    def free(self) -> Decimal | None:
        return None if self.total is None else self.total - self.used

    def has_room_for(self, need: Decimal) -> bool:
        return self.total is None or self.used + need <= self.total

    @property
    def full(self) -> bool:
        """Every place or hour is in use (or more)."""
        return self.total is not None and self.used >= self.total

    @property
    def over(self) -> bool:
        """More is in use than the capacity (or the municipality's quota) allows."""
        return self.total is not None and self.used > self.total

    @property
    def fill_percent(self) -> int:
        """How full, in whole per cent (capped at 100, for a fill bar)."""
        if not self.total:
            return 100 if self.total is not None and self.used > 0 else 0
        return min(100, int(self.used * 100 / self.total))

    @property
    def figures(self) -> str:
        """"43,5 af 88 timer pr. uge i brug" (or "åbent tilbud")."""
        if self.total is None:
            return "åbent tilbud"
        return f"{_n(self.used)} af {_n(self.total)} {self.unit} i brug"

    @property
    def state(self) -> str:
        if self.total is None:
            return "Åbent"
        if self.over:
            return f"Over kapaciteten med {_n(self.used - self.total)} {self.unit}"
        if self.full:
            return "Fuldt"
        return f"{_n(self.total - self.used)} {self.unit} ledige"

    @property
    def warning(self) -> str:
        """What a manager should act on: over capacity, or citizens waiting while there is room."""
        if self.over:
            return (f"Over kapaciteten: {self.figures}. Der er bevilget mere, end tilbuddet (eller kommunens "
                    "kvote) har plads til.")
        if self.waiting and not self.full and self.total is not None:
            return (f"{self.waiting} venter, selv om {_n(self.total - self.used)} {self.unit} er ledige: tilbyd "
                    "pladsen til den første på ventelisten, eller se om behovet er større end det ledige.")
        return ""

    def no_room_reason(self, need: Decimal) -> str:
        """Why a grant needing `need` goes on the waitlist."""
        if self.full:
            return f"Tilbuddet er fuldt ({self.figures})"
        return (f"Der er {_n(self.total - self.used) if self.total is not None else 0} {self.unit} ledige, "
                f"og bevillingen kræver {_n(need)}")


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
    places, hours, waiting = 0, Decimal(0), 0
    for fn in _usage.values():
        use = fn(offer, municipality)
        places += use.places
        hours += use.hours
        waiting += use.waiting
    return Use(places, hours, waiting)


def lock_capacity(offer: Offer) -> None:
    """Hold the offer's row (SELECT … FOR UPDATE) until the transaction ends: whoever else takes or frees
    capacity of this offer waits here, so the count that follows is not stale. Call it inside the
    transaction that writes the use, before counting. On SQLite, which has no row locks, each transaction
    already holds the database's write lock from its start (`transaction_mode` IMMEDIATE)."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("lock_capacity needs a transaction (transaction.atomic).")
    list(Offer.objects.select_for_update().filter(pk=offer.pk).values_list("pk", flat=True))


def capacity_for(offer: Offer, municipality, *, lock: bool = False) -> Capacity:
    """The offer's capacity as seen by `municipality`: its quota in a shared offer, else the offer's own;
    with what is used and how many wait. The one function behind every capacity figure shown.
    `lock=True` (in a write that takes capacity) first takes `lock_capacity(offer)`."""
    if lock:
        lock_capacity(offer)
    quota = offer.quotas.filter(municipality=municipality).first() if offer.shared else None
    if quota is not None and quota.places is not None:
        use = _used(offer, municipality)
        return Capacity(Decimal(quota.places), Decimal(use.places), PLACES, use.waiting)
    use = _used(offer, None)
    if offer.capacity_kind == Offer.CapacityKind.OPEN:
        return Capacity(None, Decimal(use.places), PLACES, use.waiting)
    if offer.capacity_kind == Offer.CapacityKind.STAFF_HOURS:
        return Capacity(offer.capacity, use.hours, HOURS, use.waiting)
    return Capacity(offer.capacity, Decimal(use.places), PLACES, use.waiting)

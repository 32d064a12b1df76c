"""The indicators an action-plan goal can follow: a registry of live figures from the apps below.

`@indicator(key, label, unit, counts_citizens=…)` registers `fn(municipality_id, day) -> Reading`: the
value on that day, and — where the value counts citizens — how many citizens it is built on, so a view
outside need to know (the psychiatry council's) can suppress a group smaller than five. Only counts leave
here, never a name. The manual indicator has no function: its value is entered on the goal.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Min, Q
from django.utils import timezone

from tovholder.citizens.cpr import age_on
from tovholder.courses.models import Course
from tovholder.dropin.models import OpeningPeriod
from tovholder.offers.models import Offer
from tovholder.outcomes.statistics import MIN_GROUP
from tovholder.support.models import Episode
from tovholder.visitation.models import WaitlistEntry

MANUAL = "manual"


@dataclass(frozen=True)
class Reading:
    value: Decimal | None
    group: int | None = None  # the citizens the value is built on (None: not a count of citizens)

    @property
    def suppressed(self) -> bool:
        """Built on fewer than five citizens (but some): not shown outside need to know."""
        return self.group is not None and 0 < self.group < MIN_GROUP


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    fn: Callable[[int, datetime.date], Reading] | None
    counts_citizens: bool = False

    def read(self, municipality_id: int, day: datetime.date | None = None) -> Reading:
        if self.fn is None:
            return Reading(None)
        return self.fn(municipality_id, day or timezone.localdate())


_registry: dict[str, Indicator] = {}


def indicator(key: str, label: str, unit: str, *, counts_citizens: bool = False):
    def register(fn: Callable[[int, datetime.date], Reading]):
        _registry[key] = Indicator(key, label, unit, fn, counts_citizens)
        return fn

    return register


_registry[MANUAL] = Indicator(MANUAL, "Indtastet værdi (opgøres uden for Tovholder)", "", None)


def get(key: str) -> Indicator | None:
    return _registry.get(key)


def choices() -> list[tuple[str, str]]:
    return [(i.key, i.label) for i in sorted(_registry.values(), key=lambda i: (i.key == MANUAL, i.label))]


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- the built-in indicators ----------------------------------------------------------------------------------

@indicator("waitlist", "Borgere på venteliste (alle tilbud)", "borgere", counts_citizens=True)
def waitlist_length(municipality_id: int, day: datetime.date) -> Reading:
    """Citizens on a waitlist at the end of the day (each counted once across offers)."""
    n = (WaitlistEntry.objects.filter(municipality_id=municipality_id, added_on__lte=day)
         .filter(Q(removed_on__isnull=True) | Q(removed_on__gt=day))
         .order_by().values("citizen_id").distinct().count())
    return Reading(Decimal(n), n)


@indicator("group_courses", "Gruppeforløb begyndt i året", "forløb")
def group_courses(municipality_id: int, day: datetime.date) -> Reading:
    """Group courses whose first session lies in the day's year, on or before the day."""
    first = datetime.datetime.combine(datetime.date(day.year, 1, 1), datetime.time.min,
                                      tzinfo=timezone.get_current_timezone())
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min,
                                    tzinfo=timezone.get_current_timezone())
    n = (Course.objects.filter(municipality_id=municipality_id)
         .annotate(first=Min("sessions__occasion__starts_at"))
         .filter(first__gte=first, first__lt=end).count())
    return Reading(Decimal(n))


@indicator("dropin_hours", "Værestedets åbningstimer pr. uge (Støberiet)", "timer pr. uge")
def dropin_hours(municipality_id: int, day: datetime.date) -> Reading:
    """The weekly opening hours of the municipality's drop-in centres in the schedule valid on the day."""
    periods = (OpeningPeriod.objects.filter(municipality_id=municipality_id, offer__format=Offer.Format.DROPIN,
                                            valid_from__lte=day)
               .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
               .order_by("offer_id", "-valid_from", "-pk").prefetch_related("hours"))
    seen: set[int] = set()
    total = Decimal(0)
    for period in periods:
        if period.offer_id in seen:
            continue
        seen.add(period.offer_id)
        total += period.week_hours
    return Reading(total.quantize(Decimal("0.01")))


@indicator("young_share", "Andel 18–30-årige blandt årets nye borgere", "%", counts_citizens=True)
def young_share(municipality_id: int, day: datetime.date) -> Reading:
    """Of the citizens whose first support episode began in the day's year (up to the day), the share aged
    18–30 on that first day (seed 002: 16 % in 2008, 25–30 % in 2012)."""
    firsts = (Episode.objects.filter(municipality_id=municipality_id).order_by()
              .values("citizen_id").annotate(first=Min("started_on"))
              .filter(first__gte=datetime.date(day.year, 1, 1), first__lte=day)
              .values_list("citizen__birth_date", "first"))
    new = young = 0
    for born, first in firsts:
        new += 1
        if 18 <= age_on(born, first) <= 30:
            young += 1
    return Reading(_share(young, new), new)

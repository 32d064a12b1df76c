"""Every write of the drop-in centre and the activity calendar. Keyword-only, the acting user first,
the write gate first (need to know for every citizen named; the unit for the centre's own records),
one transaction, audited.

Visits and sessions are written to the activities ledger (occasions and participations); an
anonymous door tally is a participation without a citizen whose headcount is the count.
"""

import datetime
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import holidays
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tovholder.accounts.principals import Actor, Principal, principal_of, require_perm
from tovholder.activities import services as kernel
from tovholder.activities.models import Occasion, OccasionStaff, Participation
from tovholder.audit.services import audit
from tovholder.citizens.gate import require_write
from tovholder.citizens.models import Citizen
from tovholder.offers.models import Offer, OfferQuota
from tovholder.records import check_day, clean_text, int_or_none, lock_version

from .events import Event
from .models import (
    Activity,
    ActivityOutcome,
    Closure,
    CouncilDecision,
    CouncilMeeting,
    OpeningHours,
    OpeningPeriod,
    Shift,
    WorkTask,
)

PERM = "activities.plan_occasions"
MANAGER_PERM = "support.view_delivered_hours"
NOT_YOURS = "Værestedet hører ikke til dine enheder."
NOT_OPEN = "Aktiviteten er ikke åben for tilmelding i Min Tovholder. Spørg personalet, hvis du gerne vil med."
P = Participation.Status
O = Occasion.Status  # noqa: E741
MAX_DOOR_COUNT = 2000
MAX_SESSIONS = 52
DEFAULT_OPEN = (datetime.time(10, 0), datetime.time(16, 0))


# --- who may ---------------------------------------------------------------------------------------

def may_run(actor: Actor, offer: Offer) -> bool:
    """The actor works in the unit that runs the offer, or manages it (figures only)."""
    try:
        principal = principal_of(actor)
    except PermissionDenied:
        return False
    return (offer.municipality_id == principal.municipality_id and offer.unit_id is not None
            and (offer.unit_id in principal.unit_ids or offer.unit_id in principal.scope_unit_ids))


def require_dropin(actor: Actor, offer: Offer) -> Principal:
    principal = require_perm(actor, PERM)
    if offer.format != Offer.Format.DROPIN or not may_run(actor, offer):
        raise PermissionDenied(NOT_YOURS)
    return principal


def is_operator(actor: Actor, activity: Activity) -> bool:
    return activity.municipality_id == principal_of(actor).municipality_id


def require_activity(actor: Actor, activity: Activity) -> Principal:
    """Staff of the operating unit, or staff of a municipality that holds a quota in the shared offer
    (they sign up and follow their own citizens)."""
    principal = require_perm(actor, PERM)
    if principal.citizen_id is not None:  # a citizen signing themself up (Min Tovholder)
        if not activity.open_for_booking:
            raise PermissionDenied(NOT_OPEN)
        if activity.municipality_id == principal.municipality_id:
            return principal
    if activity.municipality_id == principal.municipality_id:
        if not may_run(actor, activity.offer):
            raise PermissionDenied("Aktiviteten hører ikke til dine enheder.")
    elif not OfferQuota.objects.filter(offer_id=activity.offer_id, municipality_id=principal.municipality_id).exists():
        raise PermissionDenied("Aktiviteten hører til en anden kommune.")
    return principal


# --- opening hours ----------------------------------------------------------------------------------

@functools.lru_cache(maxsize=64)
def _holidays(year: int) -> dict[datetime.date, str]:
    return dict(holidays.country_holidays("DK", years=year, language="da").items())


def public_holiday(day: datetime.date) -> str | None:
    """The Danish public holiday on the day, by its Danish name (from the `holidays` package)."""
    return _holidays(day.year).get(day)


@dataclass(frozen=True)
class DayOpening:
    day: datetime.date
    opens: datetime.time | None
    closes: datetime.time | None
    closed_because: str = ""
    exception: bool = True  # closed by a holiday or a closure, not by the weekly schedule

    @property
    def is_open(self) -> bool:
        return self.opens is not None

    @property
    def minutes(self) -> int:
        if self.opens is None or self.closes is None:
            return 0
        return (self.closes.hour * 60 + self.closes.minute) - (self.opens.hour * 60 + self.opens.minute)


def openings(periods: Sequence[OpeningPeriod], closures: dict[datetime.date, str], start: datetime.date,
             end: datetime.date) -> list[DayOpening]:
    """The opening of each day in [start, end]: the newest period covering the day decides its hours;
    a public holiday or a closure closes it. `periods` come with their hours prefetched."""
    result = []
    day = start
    while day <= end:
        holiday = public_holiday(day)
        covering = [p for p in periods if p.covers(day)]
        period = max(covering, key=lambda p: (p.valid_from, p.pk)) if covering else None
        hours = next((h for h in period.hours.all() if h.weekday == day.weekday()), None) if period else None
        if holiday:
            result.append(DayOpening(day, None, None, f"Helligdag: {holiday}"))
        elif day in closures:
            result.append(DayOpening(day, None, None, closures[day]))
        elif hours is None:
            result.append(DayOpening(day, None, None, f"ingen åbningstid om {OpeningHours.WEEKDAYS[day.weekday()]}en",
                                     exception=False))
        else:
            result.append(DayOpening(day, hours.opens, hours.closes))
        day += datetime.timedelta(days=1)
    return result


def opening_of(offer: Offer, start: datetime.date, end: datetime.date) -> list[DayOpening]:
    periods = list(OpeningPeriod.objects.filter(offer=offer, valid_from__lte=end).prefetch_related("hours"))
    closures = dict(Closure.objects.filter(offer=offer, day__gte=start, day__lte=end).values_list("day", "reason"))
    return openings(periods, closures, start, end)


def _check_period_day(day: datetime.date | None, field: str, what: str) -> datetime.date:
    if day is None:
        raise ValidationError({field: f"Skriv {what}."})
    if not (1990 <= day.year <= 2100):
        raise ValidationError({field: "Datoen ligger uden for, hvad der giver mening (1990–2100)."})
    return day


@transaction.atomic
def add_opening_period(*, actor: Actor, offer: Offer, valid_from: datetime.date | None,
                       valid_to: datetime.date | None = None,
                       hours: dict[int, tuple[datetime.time, datetime.time]], note: str = "") -> OpeningPeriod:
    """A new weekly schedule from `valid_from`. Earlier periods stay as history: on any day the newest
    period covering it decides."""
    require_dropin(actor, offer)
    assert actor.is_authenticated
    valid_from = _check_period_day(valid_from, "valid_from", "hvornår åbningstiderne gælder fra")
    if valid_to is not None:
        _check_period_day(valid_to, "valid_to", "hvornår åbningstiderne gælder til")
        if valid_to < valid_from:
            raise ValidationError({"valid_to": "Perioden kan ikke slutte, før den begynder."})
    if not hours:
        raise ValidationError("Skriv åbningstiden for mindst én ugedag.")
    for weekday, (opens, closes) in hours.items():
        if weekday not in range(7):
            raise ValidationError("Ugedagen findes ikke.")
        if opens is None or closes is None or closes <= opens:
            raise ValidationError({f"closes_{weekday}": f"Om {OpeningHours.WEEKDAYS[weekday]}en skal lukketiden "
                                                        "ligge efter åbningstiden."})
    note = clean_text(note, field="note", label="en bemærkning", required=False, max_length=300)
    period = OpeningPeriod.objects.create(municipality=offer.municipality, offer=offer, valid_from=valid_from,
                                          valid_to=valid_to, note=note, created_by=actor)
    OpeningHours.objects.bulk_create([OpeningHours(municipality=offer.municipality, period=period, weekday=w,
                                                   opens=o, closes=c) for w, (o, c) in sorted(hours.items())])
    audit(actor, period, Event.OPENING_PERIOD_ADDED, None, fra=valid_from, til=valid_to,
          timer={OpeningHours.WEEKDAYS[w]: f"{o:%H:%M}-{c:%H:%M}" for w, (o, c) in hours.items()})
    return period


@transaction.atomic
def add_closure(*, actor: Actor, offer: Offer, day: datetime.date | None, reason: str) -> Closure:
    require_dropin(actor, offer)
    assert actor.is_authenticated
    day = _check_period_day(day, "day", "dagen")
    reason = clean_text(reason, field="reason", label="årsagen til, at der er lukket", required=True,
                        max_length=300, min_length=3)
    if Closure.objects.filter(offer=offer, day=day).exists():
        raise ValidationError({"day": "Der er allerede lukket den dag."})
    closure = Closure.objects.create(municipality=offer.municipality, offer=offer, day=day, reason=reason,
                                     created_by=actor)
    audit(actor, closure, Event.CLOSURE_ADDED, None, dag=day, aarsag=reason)
    return closure


# --- visits ----------------------------------------------------------------------------------------

def _opening_occasion(actor: Actor, offer: Offer, day: datetime.date) -> Occasion:
    """The day's DROPIN_OPENING occasion (created at the first count), locked for this transaction.
    The offer's row is locked first so two doors counting at once make one occasion."""
    assert actor.is_authenticated
    Offer.objects.select_for_update().get(pk=offer.pk)
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    found = Occasion.objects.select_for_update().filter(
        municipality_id=offer.municipality_id, offer=offer, kind=Occasion.Kind.DROPIN_OPENING,
        starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1)).first()
    if found is not None:
        return found
    day_opening = opening_of(offer, day, day)[0]
    opens, closes = (day_opening.opens, day_opening.closes) if day_opening.is_open else DEFAULT_OPEN
    assert opens is not None and closes is not None
    occasion = Occasion.objects.create(
        municipality=offer.municipality, kind=Occasion.Kind.DROPIN_OPENING, offer=offer, unit_id=offer.unit_id,
        starts_at=datetime.datetime.combine(day, opens, tzinfo=tz),
        ends_at=datetime.datetime.combine(day, closes, tzinfo=tz), status=O.HELD, created_by=actor)
    OccasionStaff.objects.create(municipality=offer.municipality, occasion=occasion, user=actor)
    return occasion


def _visit_day(offer: Offer, day: datetime.date | None) -> datetime.date:
    day = day or timezone.localdate()
    return check_day(day, field="day", what="Besøgsdagen", years_back=offer.municipality.backdate_years)


@transaction.atomic
def set_door_count(*, actor: Actor, offer: Offer, count: int | None, day: datetime.date | None = None,
                   delta: bool = False) -> int:
    """The day's anonymous tally at the door: set to `count`, or changed by `count` when `delta`.
    No citizen and no name is stored — only a number. Returns the new count."""
    require_dropin(actor, offer)
    day = _visit_day(offer, day)
    if count is None or isinstance(count, bool) or not isinstance(count, int):
        raise ValidationError({"count": "Skriv antallet af besøgende som et helt tal."})
    occasion = _opening_occasion(actor, offer, day)
    row = Participation.objects.select_for_update().filter(occasion=occasion, citizen__isnull=True).first()
    before = row.headcount if row else 0
    new = before + count if delta else count
    if new < 0:
        raise ValidationError({"count": "Antallet af besøgende kan ikke blive under nul."})
    if new > MAX_DOOR_COUNT:
        raise ValidationError({"count": f"Antallet kan højst være {MAX_DOOR_COUNT} på en dag."})
    if row is None and new > 0:
        row = Participation.objects.create(municipality=offer.municipality, occasion=occasion, offer=offer,
                                           headcount=new, status=P.ATTENDED)
    elif row is not None and new > 0:
        row.headcount = new
        row.version += 1
        row.save(update_fields=["headcount", "version"])
    elif row is not None:
        row.delete()
    audit(actor, occasion, Event.DOOR_COUNTED, None, dag=day, foer=before, efter=new)
    return new


@transaction.atomic
def check_in(*, actor: Actor, offer: Offer, citizen: Citizen, day: datetime.date | None = None) -> Participation:
    """A named visit, for a citizen who wants to be checked in."""
    require_dropin(actor, offer)
    require_write(actor, citizen, perm=PERM)
    day = _visit_day(offer, day)
    occasion = _opening_occasion(actor, offer, day)
    if Participation.objects.filter(occasion=occasion, citizen=citizen).exists():
        raise ValidationError({"citizen": f"{citizen.full_name} er allerede tjekket ind i dag."})
    row = Participation.objects.create(municipality=citizen.municipality, occasion=occasion, citizen=citizen,
                                       offer=offer, status=P.ATTENDED)
    audit(actor, row, Event.DROPIN_CHECKED_IN, citizen, dag=day)
    return row


# --- the work list -----------------------------------------------------------------------------------

def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({"hours": "Skriv timerne som et tal, fx 2,5."}) from None
    if not hours.is_finite() or hours <= 0 or hours > 12:
        raise ValidationError({"hours": "En vagt varer mere end 0 og højst 12 timer."})
    if hours != hours.quantize(Decimal("0.1")):
        raise ValidationError({"hours": "Skriv timerne med højst én decimal."})
    return hours


@transaction.atomic
def add_shift(*, actor: Actor, offer: Offer, task_name: str, day: datetime.date | None, hours) -> Shift:
    """An open shift on the work list (the task is made the first time it is named)."""
    require_dropin(actor, offer)
    name = clean_text(task_name, field="task", label="opgaven", required=True, max_length=120, min_length=2)
    day = check_day(day, field="day", what="Vagten", years_back=1, allow_future=True)
    hours = _hours(hours)
    task = WorkTask.objects.filter(offer=offer, name__iexact=name).first() or WorkTask.objects.create(
        municipality=offer.municipality, offer=offer, name=name)
    shift = Shift.objects.create(municipality=offer.municipality, task=task, day=day, hours=hours)
    audit(actor, shift, Event.SHIFT_ADDED, None, opgave=task.name, dag=day, timer=hours)
    return shift


@transaction.atomic
def take_shift(*, actor: Actor, shift: Shift, citizen: Citizen, version: int | None = None) -> Shift:
    """A user takes an open shift. Two taking the same shift at once: the first wins."""
    require_dropin(actor, shift.task.offer)
    require_write(actor, citizen, perm=PERM)
    current = lock_version(Shift, shift, version, "En anden har taget eller ændret vagten imens. Se listen igen.")
    if current.citizen_id is not None:
        raise ValidationError("Vagten er allerede taget.")
    current.citizen = citizen
    current.version += 1
    current.save(update_fields=["citizen", "version"])
    audit(actor, current, Event.SHIFT_TAKEN, citizen, opgave=shift.task.name, dag=current.day)
    return current


@transaction.atomic
def finish_shift(*, actor: Actor, shift: Shift, hours=None) -> Shift:
    """The shift was done: its hours count as user work (the planned hours unless others are given)."""
    require_dropin(actor, shift.task.offer)
    current = lock_version(Shift, shift, None)
    if current.citizen is None:
        raise ValidationError("Ingen har taget vagten endnu.")
    require_write(actor, current.citizen, perm=PERM)
    if current.day > timezone.localdate():
        raise ValidationError("Vagten ligger i fremtiden; den markeres udført, når den er gået.")
    if current.done:
        raise ValidationError("Vagten er allerede markeret udført.")
    if hours not in (None, ""):
        current.hours = _hours(hours)
    current.done = True
    current.version += 1
    current.save(update_fields=["done", "hours", "version"])
    audit(actor, current, Event.SHIFT_DONE, current.citizen, timer=current.hours)
    return current


# --- the user council ----------------------------------------------------------------------------------

@transaction.atomic
def record_council_meeting(*, actor: Actor, offer: Offer, held_on: datetime.date | None, minutes: str,
                           decisions: Iterable[tuple[str, str]] = ()) -> CouncilMeeting:
    """A meeting of the user council with its minutes and decisions (each with who follows up)."""
    require_dropin(actor, offer)
    assert actor.is_authenticated
    held_on = check_day(held_on, field="held_on", what="Mødet", years_back=offer.municipality.backdate_years)
    minutes = clean_text(minutes, field="minutes", label="referatet", required=True, max_length=4000, min_length=3)
    cleaned = []
    for i, (text, who) in enumerate(decisions):
        if not (text or "").strip() and not (who or "").strip():
            continue
        cleaned.append((clean_text(text, field=f"decision_{i}", label="beslutningen", required=True, max_length=500),
                        clean_text(who, field=f"follow_up_{i}", label="hvem der følger op på beslutningen",
                                   required=True, max_length=120)))
    meeting = CouncilMeeting.objects.create(municipality=offer.municipality, offer=offer, held_on=held_on,
                                            minutes=minutes, created_by=actor)
    CouncilDecision.objects.bulk_create([CouncilDecision(municipality=offer.municipality, meeting=meeting, text=t,
                                                         follow_up=w) for t, w in cleaned])
    audit(actor, meeting, Event.COUNCIL_MEETING_RECORDED, None, dato=held_on, beslutninger=len(cleaned))
    return meeting


# --- the activity calendar ---------------------------------------------------------------------------

@transaction.atomic
def create_activity(*, actor: Actor, offer: Offer, title: str, kind: str = Occasion.Kind.GROUP_SESSION,
                    first_day: datetime.date | None, starts: datetime.time | None, minutes: int | None,
                    weeks: int = 12, seats: int | None = None, place: str = "",
                    leaders: Sequence | None = None, open_for_booking: bool = False) -> Activity:
    """A recurring activity of the offer with its sessions, one a week from `first_day` for `weeks`
    weeks; the leaders (the actor by default) hold them and find them in their calendar."""
    principal = require_perm(actor, PERM)
    assert actor.is_authenticated
    if offer.municipality_id != principal.municipality_id or not may_run(actor, offer):
        raise PermissionDenied("Tilbuddet hører ikke til dine enheder.")
    title = clean_text(title, field="title", label="aktivitetens navn", required=True, max_length=120, min_length=2)
    place = clean_text(place, field="place", label="stedet", required=False, max_length=200)
    if kind not in dict(Activity.KINDS):
        raise ValidationError({"kind": "Vælg en form."})
    if first_day is None or starts is None:
        raise ValidationError({"first_day": "Skriv dagen og klokkeslættet for første gang."})
    check_day(first_day, field="first_day", what="Første gang", years_back=1, allow_future=True)
    if minutes is None or minutes < 15 or minutes > 12 * 60:
        raise ValidationError({"minutes": "En gang varer mindst 15 minutter og højst 12 timer."})
    if weeks < 1 or weeks > MAX_SESSIONS:
        raise ValidationError({"weeks": f"Planlæg mellem 1 og {MAX_SESSIONS} uger ad gangen."})
    if seats is not None and (seats < 1 or seats > 500):
        raise ValidationError({"seats": "Pladser skal være mellem 1 og 500, eller tomt for ingen grænse."})
    if open_for_booking and seats is None:
        raise ValidationError({"open_for_booking": "Borgerne kan kun melde sig selv til en aktivitet med pladser. "
                                                   "Skriv antallet af pladser."})
    if Activity.objects.filter(offer=offer, title__iexact=title).exists():
        raise ValidationError({"title": "Tilbuddet har allerede en aktivitet med det navn."})
    leaders = list(leaders) if leaders is not None else [actor]
    for user in leaders:
        profile = getattr(user, "staff", None)
        if profile is None or profile.municipality_id != principal.municipality_id:
            raise ValidationError({"leaders": "Medarbejderen findes ikke i kommunen."})
    activity = Activity.objects.create(municipality=offer.municipality, offer=offer, title=title, kind=kind,
                                       place=place, seats=seats, open_for_booking=open_for_booking is True,
                                       created_by=actor)
    tz = timezone.get_current_timezone()
    length = datetime.timedelta(minutes=minutes)
    sessions = Occasion.objects.bulk_create([
        Occasion(municipality=offer.municipality, kind=kind, offer=offer, unit_id=offer.unit_id,
                 starts_at=datetime.datetime.combine(first_day + datetime.timedelta(weeks=i), starts, tzinfo=tz),
                 ends_at=datetime.datetime.combine(first_day + datetime.timedelta(weeks=i), starts, tzinfo=tz) + length,
                 place=place, series=activity.series, created_by=actor) for i in range(weeks)])
    OccasionStaff.objects.bulk_create([OccasionStaff(municipality=offer.municipality, occasion=o, user=u)
                                       for o in sessions for u in leaders])
    audit(actor, activity, Event.ACTIVITY_CREATED, None, navn=title, gange=weeks, pladser=seats)
    return activity


def session_of(activity: Activity, occasion_id) -> Occasion:
    pk = int_or_none(occasion_id)
    found = Occasion.objects.filter(series=activity.series, pk=pk).first() if pk is not None else None
    if found is None:
        raise ValidationError("Gangen findes ikke.")
    return found


@transaction.atomic
def sign_up(*, actor: Actor, activity: Activity, occasion: Occasion, citizen: Citizen) -> Participation:
    """Sign a citizen up for a session. The session's row is locked first, so when two take the last
    seat at once exactly one wins; where the offer gives the citizen's municipality a quota of places,
    that is its share of the seats."""
    require_activity(actor, activity)
    require_write(actor, citizen, perm=PERM)
    session = Occasion.objects.select_for_update().get(pk=occasion.pk)
    if session.series != activity.series:
        raise ValidationError("Gangen hører ikke til aktiviteten.")
    if session.status != O.PLANNED or session.starts_at < timezone.now():
        raise ValidationError("Gangen er holdt, aflyst eller begyndt; der kan ikke tilmeldes.")
    taken = Participation.objects.filter(occasion=session, status__in=[P.PLANNED, P.ATTENDED])
    if taken.filter(citizen=citizen).exists():
        raise ValidationError({"citizen": "Borgeren er allerede tilmeldt."})
    if activity.seats is not None and taken.count() >= activity.seats:
        raise ValidationError("Der er ikke flere ledige pladser på denne gang.")
    if citizen.municipality_id != activity.municipality_id:
        quota = OfferQuota.objects.filter(offer_id=activity.offer_id, municipality_id=citizen.municipality_id).first()
        if quota is None:
            raise PermissionDenied("Kommunen har ikke pladser i tilbuddet.")
        if quota.places is not None and taken.filter(municipality_id=citizen.municipality_id).count() >= quota.places:
            raise ValidationError("Kommunens pladser på denne gang er optaget.")
    existing = Participation.objects.filter(occasion=session, citizen=citizen).first()
    if existing is not None:  # signed up before and cancelled: signed up again
        existing.status, existing.minutes = P.PLANNED, None
        existing.version += 1
        existing.save(update_fields=["status", "minutes", "version"])
        row = existing
    else:
        row = Participation.objects.create(municipality=citizen.municipality, occasion=session, citizen=citizen,
                                           offer=activity.offer, status=P.PLANNED)
    audit(actor, row, Event.ACTIVITY_SIGNED_UP, citizen, aktivitet=activity.title, start=session.starts_at)
    return row


@transaction.atomic
def cancel_sign_up(*, actor: Actor, activity: Activity, participation: Participation, reason: str) -> Participation:
    """Cancel a citizen's sign-up for a session not yet begun (through the kernel: the seat is free again)."""
    require_activity(actor, activity)
    assert participation.citizen is not None
    require_write(actor, participation.citizen, perm=PERM)
    current = Participation.objects.select_for_update().get(pk=participation.pk)  # no outer join: PostgreSQL locks
    if current.occasion.series != activity.series:
        raise ValidationError("Gangen hører ikke til aktiviteten.")
    if current.status != P.PLANNED:
        raise ValidationError("Tilmeldingen er allerede afmeldt.")
    if current.occasion.starts_at <= timezone.now():
        raise ValidationError("Gangen er begyndt eller holdt; tilmeldingen kan ikke afmeldes længere.")
    reason = clean_text(reason, field="reason", label="årsagen", required=True, max_length=300, min_length=3)
    kernel.withdraw_participations(actor=actor, participations=[current], reason=reason)
    current.refresh_from_db()
    audit(actor, current, Event.ACTIVITY_SIGN_UP_CANCELLED, current.citizen, aktivitet=activity.title,
          start=current.occasion.starts_at)
    return current


@transaction.atomic
def record_outcome(*, actor: Actor, activity: Activity, citizen: Citizen, kind: str, day: datetime.date | None,
                   note: str = "") -> ActivityOutcome:
    """What came of the citizen's time in the activity (e.g. moved on to an ordinary sports club)."""
    require_activity(actor, activity)
    require_write(actor, citizen, perm=PERM)
    assert actor.is_authenticated
    if kind not in ActivityOutcome.Kind.values:
        raise ValidationError({"kind": "Vælg et udfald."})
    day = check_day(day, field="day", what="Datoen", years_back=citizen.municipality.backdate_years)
    note = clean_text(note, field="note", label="en bemærkning", required=False, max_length=300)
    row = ActivityOutcome.objects.create(municipality=citizen.municipality, activity=activity, citizen=citizen,
                                         kind=kind, day=day, note=note, created_by=actor)
    audit(actor, row, Event.ACTIVITY_OUTCOME_RECORDED, citizen, udfald=kind, aktivitet=activity.title)
    return row

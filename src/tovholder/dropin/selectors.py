"""Every read of the drop-in centre and the activity calendar. Names are shown only of citizens in the
user's need to know (`Citizen.objects.known_to`), and those shown are logged; everyone else — another
municipality's citizens above all — is a count."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of
from tovholder.activities.ledger import monday, start_of
from tovholder.activities.models import Occasion, Participation
from tovholder.audit.services import record_list_access
from tovholder.citizens.models import Citizen
from tovholder.offers.models import Offer
from tovholder.records import int_or_none

from . import services
from .models import Activity, ActivityOutcome, CouncilMeeting, OpeningPeriod, Shift

P = Participation.Status
CORE_VISITS = 8  # named visits in the period that make a core user
CORE_DAYS = 90


def _int(value) -> int:
    if (pk := int_or_none(value)) is None:
        raise Http404("Siden findes ikke.")
    return pk


def dropin_offers(user: Actor) -> list[Offer]:
    principal = principal_of(user)
    return [o for o in Offer.objects.filter(municipality_id=principal.municipality_id, format=Offer.Format.DROPIN,
                                            active=True, unit__isnull=False).order_by("name")
            if services.may_run(user, o)]


def activity_offers(user: Actor) -> list[Offer]:
    """The offers the user may plan activities for: active offers run by a unit they work in."""
    if not user.has_perm(services.PERM):
        return []
    principal = principal_of(user)
    return [o for o in Offer.objects.filter(municipality_id=principal.municipality_id, active=True,
                                            unit_id__in=principal.unit_ids).order_by("name")
            if services.may_run(user, o)]


def may_see_figures(user: Actor, offer: Offer) -> bool:
    return services.may_run(user, offer) and (user.has_perm(services.PERM) or user.has_perm(services.MANAGER_PERM))


def dropin_offer(user: Actor, offer_id, *, figures: bool = False) -> Offer:
    """The drop-in offer for its staff's pages; with `figures`, also for the managers of its unit."""
    principal = principal_of(user)
    offer = Offer.objects.filter(municipality_id=principal.municipality_id, format=Offer.Format.DROPIN,
                                 pk=_int(offer_id)).select_related("municipality").first()
    if offer is None:
        raise Http404("Værestedet findes ikke.")
    if figures and offer.format == Offer.Format.DROPIN and may_see_figures(user, offer):
        return offer
    services.require_dropin(user, offer)
    return offer


def _known(user: Actor, ids) -> set[int]:
    return set(Citizen.objects.known_to(user).filter(pk__in=[i for i in ids if i]).values_list("pk", flat=True))


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    return start_of(day), start_of(day + datetime.timedelta(days=1))


@dataclass
class SessionRow:
    occasion: Occasion
    activity: Activity
    names: list[Participation]  # participations of citizens the user knows
    own_others: int  # the user's municipality's other participants
    other_municipalities: dict[str, int]  # municipality name -> count
    taken: int

    @property
    def free(self) -> int | None:
        return None if self.activity.seats is None else max(self.activity.seats - self.taken, 0)


def _session_rows(user: Actor, activities: list[Activity], occasions: list[Occasion]) -> list[SessionRow]:
    by_series = {a.series: a for a in activities}
    parts: list[Participation] = list(Participation.objects.filter(occasion__in=occasions).exclude(status=P.CANCELLED)
                 .select_related("citizen", "municipality"))
    known = _known(user, [p.citizen_id for p in parts])
    mine = principal_of(user).municipality_id
    rows = []
    for o in occasions:
        own = [p for p in parts if p.occasion_id == o.pk]
        names = [p for p in own if p.citizen_id in known]
        others = Counter(p.municipality.name for p in own if p.municipality_id != mine)
        assert o.series is not None  # sessions of activities
        rows.append(SessionRow(o, by_series[o.series], names,
                               sum(1 for p in own if p.municipality_id == mine and p.citizen_id not in known),
                               dict(others), len(own)))
    return rows


@dataclass
class DayPage:
    offer: Offer
    day: datetime.date
    opening: services.DayOpening
    tally: int
    checked_in: list[Participation]
    checked_in_others: int
    sessions: list[SessionRow]
    open_shifts: list[Shift]
    citizens: list[Citizen] = field(default_factory=list)  # the known citizens to check in


def day_page(user: Actor, offer: Offer) -> DayPage:
    day = timezone.localdate()
    start, end = _day_bounds(day)
    visits = list(Participation.objects.filter(
        occasion__offer=offer, occasion__kind=Occasion.Kind.DROPIN_OPENING, occasion__starts_at__gte=start,
        occasion__starts_at__lt=end).select_related("citizen"))
    known = _known(user, [p.citizen_id for p in visits])
    named = [p for p in visits if p.citizen_id in known]
    activities = list(Activity.objects.filter(offer__unit=offer.unit, municipality_id=offer.municipality_id))
    occasions = list(Occasion.objects.filter(series__in=[a.series for a in activities], starts_at__gte=start,
                                             starts_at__lt=end).order_by("starts_at", "pk"))
    sessions = _session_rows(user, activities, occasions)
    shifts = list(Shift.objects.filter(task__offer=offer, citizen__isnull=True, day__gte=day,
                                       day__lte=day + datetime.timedelta(days=7)).select_related("task"))
    citizens = list(Citizen.objects.known_to(user).filter(involvements__unit_id=offer.unit_id,
                                                          involvements__ended_on__isnull=True).distinct()
                    .order_by("first_name", "last_name")[:300])
    page = DayPage(offer, day, services.opening_of(offer, day, day)[0],
                   sum(p.headcount for p in visits if p.citizen_id is None), named,
                   sum(1 for p in visits if p.citizen_id is not None and p.citizen_id not in known),
                   sessions, shifts, citizens)
    record_list_access(actor=user, citizens=[p.citizen for p in named] + [p.citizen for s in sessions for p in s.names],
                       what=f"{offer.name}: dagens besøg og aktiviteter")
    return page


def opening_history(offer: Offer) -> list[OpeningPeriod]:
    return list(OpeningPeriod.objects.filter(offer=offer).prefetch_related("hours").select_related("created_by")
                .order_by("-valid_from", "-pk"))


def coming_closed_days(offer: Offer, days: int = 60) -> list[services.DayOpening]:
    today = timezone.localdate()
    return [d for d in services.opening_of(offer, today, today + datetime.timedelta(days=days))
            if not d.is_open and d.exception]


@dataclass
class WorkList:
    shifts: list[Shift]
    names: set[int]  # citizens the user knows (named in the list)
    citizens: list[Citizen]


def work_list(user: Actor, offer: Offer) -> WorkList:
    today = timezone.localdate()
    shifts = list(Shift.objects.filter(task__offer=offer, day__gte=today - datetime.timedelta(days=14),
                                       day__lte=today + datetime.timedelta(days=28))
                  .select_related("task", "citizen").order_by("day", "task__name", "pk"))
    known = _known(user, [s.citizen_id for s in shifts])
    record_list_access(actor=user, citizens=[s.citizen for s in shifts if s.citizen_id in known],
                       what=f"{offer.name}: arbejdslisten")
    citizens = list(Citizen.objects.known_to(user).filter(involvements__unit_id=offer.unit_id,
                                                          involvements__ended_on__isnull=True).distinct()
                    .order_by("first_name", "last_name")[:300])
    return WorkList(shifts, known, citizens)


def council_meetings(offer: Offer) -> list[CouncilMeeting]:
    return list(CouncilMeeting.objects.filter(offer=offer).prefetch_related("decisions")[:30])


# --- the manager's figures ---------------------------------------------------------------------------

@dataclass
class WeekFigures:
    monday: datetime.date
    opening_minutes: int
    anonymous: int
    named: int
    work_hours: Decimal

    @property
    def visits(self) -> int:
        return self.anonymous + self.named

    @property
    def opening_hours(self) -> Decimal:
        return Decimal(self.opening_minutes) / 60


@dataclass
class Figures:
    weeks: list[WeekFigures]
    days: list[tuple[datetime.date, int, int]]  # day, anonymous, named
    core_users: int
    core_visits: int
    core_days: int


def figures(user: Actor, offer: Offer, *, weeks: int = 26, today: datetime.date | None = None) -> Figures:
    """Numbers only (no names): opening hours per week, visits per day and week, core users, user work."""
    if not may_see_figures(user, offer):
        raise PermissionDenied(services.NOT_YOURS)
    today = today or timezone.localdate()
    first = monday(today) - datetime.timedelta(weeks=weeks - 1)
    end = monday(today) + datetime.timedelta(days=6)
    opening = services.opening_of(offer, first, end)
    visits = (Participation.objects.filter(occasion__offer=offer, occasion__kind=Occasion.Kind.DROPIN_OPENING,
                                           status=P.ATTENDED, occasion__starts_at__gte=start_of(first),
                                           occasion__starts_at__lt=start_of(end + datetime.timedelta(days=1)))
              .values_list("occasion__starts_at", "citizen_id", "headcount"))
    per_day: dict[datetime.date, list[int]] = {}
    for starts_at, citizen_id, headcount in visits:
        d = timezone.localdate(starts_at)
        slot = per_day.setdefault(d, [0, 0])
        slot[0 if citizen_id is None else 1] += headcount
    work = dict(Shift.objects.filter(task__offer=offer, done=True, day__gte=first, day__lte=end)
                .values_list("day").annotate(h=Sum("hours")).values_list("day", "h"))
    rows = []
    for i in range(weeks):
        m = first + datetime.timedelta(weeks=i)
        days = [m + datetime.timedelta(days=k) for k in range(7)]
        rows.append(WeekFigures(m, sum(o.minutes for o in opening if m <= o.day <= days[-1]),
                                sum(per_day.get(d, [0, 0])[0] for d in days),
                                sum(per_day.get(d, [0, 0])[1] for d in days),
                                sum((work.get(d, Decimal(0)) for d in days), Decimal(0))))
    recent = [today - datetime.timedelta(days=k) for k in range(13, -1, -1)]
    core = (Participation.objects.filter(occasion__offer=offer, occasion__kind=Occasion.Kind.DROPIN_OPENING,
                                         citizen__isnull=False, status=P.ATTENDED,
                                         occasion__starts_at__gte=start_of(today - datetime.timedelta(days=CORE_DAYS)))
            .values("citizen_id").annotate(n=Count("pk")).filter(n__gte=CORE_VISITS).count())
    by_day = [(d, per_day.get(d, [0, 0])[0], per_day.get(d, [0, 0])[1]) for d in recent]
    return Figures(rows, by_day, core, CORE_VISITS, CORE_DAYS)


# --- the activity calendar -----------------------------------------------------------------------------

def activities_for(user: Actor) -> list[Activity]:
    principal = principal_of(user)
    found = Activity.objects.filter(Q(municipality_id=principal.municipality_id)
                                    | Q(offer__quotas__municipality_id=principal.municipality_id)).distinct()
    return [a for a in found.select_related("offer", "municipality").order_by("title")
            if _may_see(user, a)]


def _may_see(user: Actor, activity: Activity) -> bool:
    try:
        services.require_activity(user, activity)
    except PermissionDenied:
        return False
    return True


def shift_of(offer: Offer, shift_id) -> Shift:
    """A shift on the offer's work list, for a write (the services check who may take or finish it)."""
    pk = int_or_none(shift_id)
    found = (Shift.objects.filter(task__offer=offer, pk=pk).select_related("task__offer").first()
             if pk is not None else None)
    if found is None:
        raise ValidationError("Vagten findes ikke.")
    return found


def named_participation(activity: Activity, participation_id) -> Participation:
    """A named participation in one of the activity's sessions, for recording attendance (the activities
    kernel's service passes the write gate)."""
    pk = int_or_none(participation_id)
    found = (Participation.objects.filter(pk=pk, occasion__series=activity.series, citizen__isnull=False).first()
             if pk is not None else None)
    if found is None:
        raise ValidationError("Deltagelsen findes ikke.")
    return found


def citizen_for_write(user: Actor, citizen_id) -> Citizen:
    """A citizen to sign up, check in or give a shift: one in the user's need to know (the citizens
    offered are those; the service's gate decides the rest)."""
    found = Citizen.objects.known_to(user).filter(pk=int_or_none(citizen_id)).first()
    if found is None:
        raise ValidationError({"citizen": "Vælg en borger fra listen."})
    return found


def activity(user: Actor, activity_id) -> Activity:
    found = Activity.objects.filter(pk=_int(activity_id)).select_related("offer", "municipality").first()
    if found is None:
        raise Http404("Aktiviteten findes ikke.")
    services.require_activity(user, found)
    return found


@dataclass
class ActivityPage:
    activity: Activity
    sessions: list[SessionRow]
    citizens: list[Citizen]  # the user's known citizens to sign up
    outcomes: list[ActivityOutcome]


def activity_page(user: Actor, act: Activity, *, offset_days: int = 0) -> ActivityPage:
    now = timezone.now()
    occasions = list(Occasion.objects.filter(series=act.series, starts_at__gte=now - datetime.timedelta(days=28))
                     .order_by("starts_at", "pk")[:12])
    sessions = _session_rows(user, [act], occasions)
    citizens = list(Citizen.objects.known_to(user).order_by("first_name", "last_name")[:300])
    known_ids = {c.pk for c in citizens}
    outcomes = [o for o in ActivityOutcome.objects.filter(activity=act).select_related("citizen")
                if o.citizen_id in known_ids]
    record_list_access(actor=user, citizens=[p.citizen for s in sessions for p in s.names] +
                       [o.citizen for o in outcomes], what=f"Aktivitet: {act.title}")
    return ActivityPage(act, sessions, citizens, outcomes)


def dropin_and_activities(user: Actor) -> tuple[list[Offer], list[Activity]]:
    """The drop-in offers the user's units run and the activities the user may follow (own units', and
    shared offers the municipality holds a quota in). One read when there are none (the start page)."""
    principal = principal_of(user)
    mine = principal.municipality_id
    offers = list(Offer.objects.filter(
        (Q(municipality_id=mine, unit_id__in=principal.scope_units())
         & (Q(format=Offer.Format.DROPIN, active=True) | Q(activities__isnull=False)))
        | Q(quotas__municipality_id=mine, activities__isnull=False)).distinct().order_by("name")
        .prefetch_related("activities__municipality", "activities__offer"))
    dropins = [o for o in offers if o.format == Offer.Format.DROPIN and o.municipality_id == mine]
    activities = sorted((a for o in offers for a in o.activities.all()), key=lambda a: a.title)
    return dropins, activities


def sessions_today(user: Actor, activities: list[Activity]) -> list[SessionRow]:
    """Today's sessions of the activities (the start page logs the names shown)."""
    start, end = _day_bounds(timezone.localdate())
    occasions = list(Occasion.objects.filter(series__in=[a.series for a in activities], starts_at__gte=start,
                                             starts_at__lt=end).order_by("starts_at", "pk"))
    return _session_rows(user, activities, occasions) if occasions else []


def citizen_activities(citizen: Citizen) -> tuple[list[tuple[Participation, str]], int]:
    """The citizen's sessions in activities (with the activity's title) and named drop-in visits in the
    last year, in one read (the caller has opened the citizen)."""
    since = start_of(timezone.localdate() - datetime.timedelta(days=365))
    title = Subquery(Activity.objects.filter(series=OuterRef("occasion__series")).values("title")[:1])
    found = (Participation.objects.filter(
        Q(occasion__series__isnull=False) | Q(occasion__kind=Occasion.Kind.DROPIN_OPENING),
        municipality_id=citizen.municipality_id, citizen=citizen, occasion__starts_at__gte=since)
        .select_related("occasion").annotate(activity_title=title).order_by("-occasion__starts_at", "-pk"))
    rows: list[tuple[Participation, str]] = []
    visits = 0
    for p in found:
        if p.occasion.kind == Occasion.Kind.DROPIN_OPENING:
            visits += 1
        elif p.activity_title and len(rows) < 40:
            rows.append((p, str(p.activity_title)))
    return rows, visits

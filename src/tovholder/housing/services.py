"""Every write in housing. Keyword-only, the acting user first, one transaction, the write gate first,
audited in the same transaction."""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of, require_perm, require_same_municipality
from tovholder.activities import services as activities
from tovholder.activities.models import Occasion, Participation
from tovholder.audit.services import audit as _audit
from tovholder.audit.services import lock_naming_editor
from tovholder.citizens.gate import require_write
from tovholder.citizens.models import Citizen
from tovholder.layout import formats
from tovholder.offers.capacity import lock_capacity
from tovholder.offers.models import Offer
from tovholder.records import check_day, clean_text
from tovholder.visitation import services as visitation
from tovholder.visitation.models import Decision, EndProposal, Order

from .events import Event
from .models import Flat, HelpKind, HouseMeeting, Meal, Residency, WeeklyHelp


def _today() -> datetime.date:
    return timezone.localdate()


# === flats (Skolehaven) ==============================================================================

SUPPORT = "support.provide_support"
MANAGE = "offers.manage_offers"
MEET = activities.PERM
MAX_PLANNED_DAYS = 2 * 366
HOUSE_MEETING_MINUTES = 60


def _day(day, municipality, *, field: str, what: str, not_before=None, before_what="", allow_future=False):
    return check_day(day, field=field, what=what, years_back=municipality.backdate_years, not_before=not_before,
                     before_what=before_what, allow_future=allow_future)


def _planned(day: datetime.date | None, *, field: str, not_before: datetime.date) -> datetime.date | None:
    if day is None:
        return None
    if day < not_before:
        raise ValidationError({field: f"Den planlagte fraflytning kan ikke ligge før indflytningen "
                                      f"({formats.day(not_before)})."})
    if day > _today() + datetime.timedelta(days=MAX_PLANNED_DAYS):
        raise ValidationError({field: "En fraflytning kan højst planlægges to år frem."})
    return day


@transaction.atomic
def add_flat(*, actor: Actor, offer: Offer, number: str, size_m2, floor: int, accessible: bool) -> Flat:
    """A flat of a housing offer, added by whoever keeps the municipality's offers."""
    principal = require_perm(actor, MANAGE)
    require_same_municipality(actor, offer)
    if offer.format != Offer.Format.RESIDENTIAL:
        raise ValidationError({"offer": "Lejligheder hører til et bo- eller opholdstilbud."})
    number = clean_text(number, field="number", label="lejlighedens nummer", required=True, max_length=12,
                        markup=False)
    try:
        size = Decimal(str(size_m2))
    except (InvalidOperation, TypeError):
        raise ValidationError({"size_m2": "Skriv størrelsen i kvadratmeter, fx 42,5."}) from None
    if not Decimal(10) <= size <= Decimal(300):
        raise ValidationError({"size_m2": "En lejlighed er mellem 10 og 300 m²."})
    if not isinstance(floor, int) or not -1 <= floor <= 20:
        raise ValidationError({"floor": "Etagen skal være mellem -1 (kælder) og 20."})
    if Flat.objects.filter(offer=offer, number=number).exists():
        raise ValidationError({"number": f"{offer.name} har allerede en lejlighed nummer {number}."})
    flat = Flat.objects.create(municipality=principal.municipality, offer=offer, number=number,
                               size_m2=size.quantize(Decimal("0.1")), floor=floor, accessible=bool(accessible))
    _audit(actor, flat, Event.FLAT_ADDED, None, tilbud=offer.name, nummer=number)
    return flat


def _vacant_on(flat: Flat, day: datetime.date) -> Residency | None:
    """The residency that holds the flat on `day` or later (None: the flat is free from that day on)."""
    return (Residency.objects.filter(flat=flat).filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=day))
            .select_related("citizen").first())


@transaction.atomic
def move_in(*, actor: Actor, order: Order, flat: Flat, moved_in_on: datetime.date,
            planned_move_out_on: datetime.date | None = None) -> Residency:
    """Move the citizen of an accepted order into a vacant flat of the ordered offer. The effort starts (the
    grant becomes active, the order started, the waitlist entry removed). The offer's row is locked before
    the flat is counted as free, so two move-ins into the last flat cannot both win (ADR 0012)."""
    citizen = order.citizen
    require_write(actor, citizen, perm=SUPPORT)
    assert actor.is_authenticated
    require_same_municipality(actor, order, flat)
    current = Order.objects.select_related("decision", "decision__offer").get(pk=order.pk)
    decision = current.decision
    if current.status != Order.Status.ACCEPTED:
        raise ValidationError("Borgeren kan kun flytte ind på en bestilling, som udføreren har taget imod "
                              f"(bestillingen er {current.get_status_display().lower()}).")
    if flat.offer_id != decision.offer_id:
        raise ValidationError({"flat": f"Lejligheden hører ikke til {decision.offer.name}."})
    if current.unit_id is None or current.unit_id not in principal_of(actor).scope_unit_ids:
        raise PermissionDenied("Bestillingen er sendt til en anden enhed.")
    moved_in_on = _day(moved_in_on, citizen.municipality, field="moved_in_on", what="Indflytningen",
                       not_before=current.answered_on, before_what="modtagelsen af bestillingen")
    planned_move_out_on = _planned(planned_move_out_on, field="planned_move_out_on", not_before=moved_in_on)
    lock_capacity(decision.offer)
    flat = Flat.objects.get(pk=flat.pk)
    holder = _vacant_on(flat, moved_in_on)
    if holder is not None:
        raise ValidationError({"flat": f"Lejlighed {flat.number} er ikke ledig fra {formats.day(moved_in_on)}: "
                                       "der bor en anden. Vælg en ledig lejlighed."})
    if Residency.objects.filter(citizen=citizen, moved_out_on__isnull=True).exists():
        raise ValidationError(f"{citizen.full_name} bor allerede i en lejlighed. Registrér fraflytningen først.")
    try:
        with transaction.atomic():
            residency = Residency.objects.create(
                municipality=citizen.municipality, flat=flat, citizen=citizen, decision=decision, order=current,
                moved_in_on=moved_in_on, planned_move_out_on=planned_move_out_on, created_by=actor)
    except IntegrityError:
        raise ValidationError({"flat": f"Lejlighed {flat.number} blev taget i samme øjeblik. Vælg en anden."}) \
            from None
    _audit(actor, residency, Event.FLAT_MOVED_IN, citizen, lejlighed=flat.number, dato=moved_in_on)
    if decision.status in (Decision.Status.GRANTED, Decision.Status.ORDERED):
        visitation.activate_grant(actor=actor, decision=decision, on=moved_in_on)
    return residency


@transaction.atomic
def plan_move_out(*, actor: Actor, residency: Residency, version: int | None,
                  planned_on: datetime.date | None) -> Residency:
    """The date the resident is planned to move out (or none)."""
    require_write(actor, residency.citizen, perm=SUPPORT)
    current = lock_naming_editor(Residency, residency, version, "Beboerforholdet")
    if current.moved_out_on is not None:
        raise ValidationError("Beboeren er flyttet ud.")
    current.planned_move_out_on = _planned(planned_on, field="planned_on", not_before=current.moved_in_on)
    current.version += 1
    current.save(update_fields=["planned_move_out_on", "version"])
    _audit(actor, current, Event.FLAT_MOVE_OUT_PLANNED, current.citizen, planlagt=current.planned_move_out_on)
    return current


MOVED_OUT = "Flyttet ud af lejligheden"


@transaction.atomic
def move_out(*, actor: Actor, residency: Residency, version: int | None, moved_out_on: datetime.date,
             reason: str) -> Residency:
    """The resident has moved out: the residency ends and the flat is free from that day. An effort still
    running is proposed ended on that day; the caseworker decides (and the place is freed then)."""
    require_write(actor, residency.citizen, perm=SUPPORT)
    current = lock_naming_editor(Residency, residency, version, "Beboerforholdet")
    if current.moved_out_on is not None:
        raise ValidationError(f"Beboeren flyttede ud {formats.day(current.moved_out_on)}.")
    moved_out_on = _day(moved_out_on, current.municipality, field="moved_out_on", what="Fraflytningen",
                        not_before=current.moved_in_on, before_what="indflytningen")
    reason = clean_text(reason, field="reason", label="årsagen til fraflytningen", required=True, max_length=500,
                        min_length=3)
    lock_capacity(current.flat.offer)
    current.moved_out_on, current.move_out_reason = moved_out_on, reason
    current.version += 1
    current.save(update_fields=["moved_out_on", "move_out_reason", "version"])
    _audit(actor, current, Event.FLAT_MOVED_OUT, current.citizen, dato=moved_out_on, lejlighed=current.flat.number)
    decision = current.decision
    if (decision.status == Decision.Status.ACTIVE
            and not decision.end_proposals.filter(status=EndProposal.Status.PROPOSED).exists()):
        visitation.propose_end(actor=actor, decision=decision, end_on=max(moved_out_on, decision.activated_on
                                                                          or moved_out_on),
                               reason=MOVED_OUT, note=reason)
    return current


def _count(value, *, field: str, top: int, what: str) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: f"Skriv {what} som et helt tal."}) from None
    if not 0 <= n <= top:
        raise ValidationError({field: f"{what.capitalize()} skal være mellem 0 og {top}."})
    return n


@transaction.atomic
def plan_weekly_help(*, actor: Actor, residency: Residency, plan: Mapping[str, tuple[int, int]],
                     starts_on: datetime.date | None = None) -> list[WeeklyHelp]:
    """The help planned per week from a date: for each kind (finances, shopping, cooking, cleaning, laundry)
    times a week and minutes each time. Only kinds that change get a new row."""
    require_write(actor, residency.citizen, perm=SUPPORT)
    assert actor.is_authenticated
    current = Residency.objects.select_for_update().get(pk=residency.pk)
    if current.moved_out_on is not None:
        raise ValidationError("Beboeren er flyttet ud; hjælpen kan ikke planlægges.")
    starts_on = starts_on or _today()
    starts_on = _day(starts_on, current.municipality, field="starts_on", what="Planen", not_before=current.moved_in_on,
                     before_what="indflytningen", allow_future=True)
    unknown = set(plan) - set(HelpKind.values)
    if unknown:
        raise ValidationError("Vælg hjælp fra listen (økonomi, indkøb, madlavning, rengøring, tøjvask).")
    now = {h.kind: h for h in reversed(list(current.help.order_by("starts_on", "pk")))}
    rows = []
    for kind, (times, minutes) in plan.items():
        label = HelpKind(kind).label.lower()
        times = _count(times, field=f"{kind}_times", top=14, what=f"antal gange {label}")
        minutes = _count(minutes, field=f"{kind}_minutes", top=480, what=f"minutter pr. gang ({label})")
        if times and not minutes:
            raise ValidationError({f"{kind}_minutes": f"Skriv hvor mange minutter hver gang ({label})."})
        if not times:
            minutes = 0
        before = now.get(kind)
        if (before is None and not times) or (before is not None and (before.times_per_week, before.minutes_each)
                                              == (times, minutes)):
            continue
        rows.append(WeeklyHelp(municipality=current.municipality, residency=current, citizen=current.citizen,
                               kind=kind, times_per_week=times, minutes_each=minutes, starts_on=starts_on, by=actor))
    if not rows:
        raise ValidationError("Planen er den samme som nu; intet er ændret.")
    created = WeeklyHelp.objects.bulk_create(rows)
    _audit(actor, current, Event.FLAT_HELP_PLANNED, current.citizen, fra=starts_on,
           hjaelp={r.kind: [r.times_per_week, r.minutes_each] for r in created})
    return created


# --- the weekly house meeting -------------------------------------------------------------------------

def next_monday(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=7 - day.weekday())


def residents_on(offer: Offer, day: datetime.date) -> list[Residency]:
    """The offer's residencies that hold a flat on `day`."""
    return list(Residency.objects.filter(flat__offer=offer, moved_in_on__lte=day)
                .filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=day))
                .select_related("citizen", "flat").order_by("flat__number"))


def _require_house(actor: Actor, offer: Offer) -> None:
    """House meetings are held by the staff of the unit that runs the housing offer."""
    principal = require_perm(actor, MEET)
    require_same_municipality(actor, offer)
    if offer.unit_id is None or offer.unit_id not in principal.scope_unit_ids:
        raise PermissionDenied("Husmødet holdes af tilbuddets egne medarbejdere.")


@transaction.atomic
def plan_house_meeting(*, actor: Actor, offer: Offer, starts_at: datetime.datetime,
                       minutes: int = HOUSE_MEETING_MINUTES, place: str = "", staff: Iterable | None = None
                       ) -> HouseMeeting:
    """The week's house meeting: an occasion of kind house meeting with every resident invited (their time
    counts under the housing offer), held by the actor (and `staff`); its meal plan is for the next week."""
    _require_house(actor, offer)
    if not Flat.objects.filter(offer=offer).exists():
        raise ValidationError({"offer": "Tilbuddet har ingen lejligheder."})
    day = timezone.localtime(starts_at).date() if timezone.is_aware(starts_at) else starts_at.date()
    residents = [r.citizen for r in residents_on(offer, day)]
    if not residents:
        raise ValidationError("Der bor ingen i lejlighederne den dag.")
    occasion = activities.plan_occasions(actor=actor, kind=Occasion.Kind.HOUSE_MEETING, starts_at=starts_at,
                                         minutes=minutes, citizens=residents,
                                         staff=list(staff) if staff else None, offer=offer, unit=offer.unit,
                                         place=place or "Fælleslokalet", allow_overlap=True)[0]
    meeting = HouseMeeting.objects.create(municipality=offer.municipality, occasion=occasion, offer=offer,
                                          week_of=next_monday(day))
    _audit(actor, meeting, Event.HOUSE_MEETING_PLANNED, None, start=occasion.starts_at, beboere=len(residents))
    return meeting


ATTENDANCE = (Participation.Status.ATTENDED, Participation.Status.NO_SHOW, Participation.Status.CANCELLED)


@transaction.atomic
def record_house_meeting(*, actor: Actor, meeting: HouseMeeting, version: int | None,
                         attendance: Mapping[int, str], minutes_text: str, decisions: str = "") -> HouseMeeting:
    """What happened at the house meeting: who came (the ledger's attendance, through the activities
    kernel), the minutes and what was decided."""
    _require_house(actor, meeting.offer)
    current = lock_naming_editor(HouseMeeting, meeting, version, "Husmødet")
    occasion = current.occasion
    if occasion.status == Occasion.Status.CANCELLED:
        raise ValidationError("Husmødet er aflyst.")
    if occasion.starts_at > timezone.now() + activities.FUTURE_SLACK:
        raise ValidationError("Husmødet ligger i fremtiden; skriv referatet, når det er holdt.")
    rows = {p.pk: p for p in occasion.participations.select_related("citizen", "occasion")}
    if set(attendance) - set(rows):
        raise ValidationError("En deltager hører ikke til husmødet.")
    if any(status not in ATTENDANCE for status in attendance.values()):
        raise ValidationError("Vælg for hver beboer: deltog, udeblev eller meldte afbud.")
    minutes_text = clean_text(minutes_text, field="minutes_text", label="referatet", required=True, max_length=8000,
                              min_length=10)
    decisions = clean_text(decisions, field="decisions", label="det besluttede", required=False, max_length=4000)
    for pk, status in attendance.items():
        if rows[pk].status != status:
            activities.record_attendance(actor=actor, participation=rows[pk], status=status)
    current.minutes_text, current.decisions = minutes_text, decisions
    current.recorded_by, current.recorded_at = actor, timezone.now()
    current.version += 1
    current.save(update_fields=["minutes_text", "decisions", "recorded_by", "recorded_at", "version"])
    _audit(actor, current, Event.HOUSE_MEETING_RECORDED, None, deltog=sum(
        1 for s in attendance.values() if s == Participation.Status.ATTENDED))
    return current


@transaction.atomic
def write_meal_plan(*, actor: Actor, meeting: HouseMeeting, week_of: datetime.date,
                    meals: Iterable[Mapping]) -> list[Meal]:
    """Next week's meal plan as the house meeting wrote it: per day the dish, who cooks and who shops (both
    residents), and what to buy. Written again, it replaces the meeting's plan. A week that has passed is
    refused."""
    _require_house(actor, meeting.offer)
    assert actor.is_authenticated
    current = HouseMeeting.objects.select_for_update().select_related("occasion").get(pk=meeting.pk)
    if week_of.weekday() != 0:
        raise ValidationError({"week_of": "Madplanen gælder en uge fra mandag."})
    last = week_of + datetime.timedelta(days=6)
    if last < _today():
        raise ValidationError({"week_of": f"Ugen fra {formats.day(week_of)} er gået; en madplan lægges for en "
                                          "uge, der kommer."})
    if week_of > _today() + datetime.timedelta(days=28):
        raise ValidationError({"week_of": "En madplan lægges højst fire uger frem."})
    meeting_residents = set(current.occasion.participations.values_list("citizen_id", flat=True))
    allowed = {r.citizen_id for r in residents_on(current.offer, week_of)} | meeting_residents
    residency_of = {r.citizen_id: r for r in Residency.objects.filter(flat__offer=current.offer,
                                                                      citizen_id__in=allowed).order_by("moved_in_on")}
    rows, seen = [], set()
    for meal in meals:
        day, dish = meal.get("day"), meal.get("dish", "")
        if not dish and not meal.get("ingredients") and not meal.get("cook") and not meal.get("shopper"):
            continue
        if not isinstance(day, datetime.date) or not week_of <= day <= last:
            raise ValidationError({"week_of": "Hver dag i madplanen skal ligge i ugen."})
        if day in seen:
            raise ValidationError({"week_of": f"{formats.day(day)} står to gange i madplanen."})
        seen.add(day)
        dish = clean_text(dish, field="dish", label=f"retten {formats.day(day)}", required=True, max_length=200,
                          markup=False)
        ingredients = clean_text(meal.get("ingredients", ""), field="ingredients", label="indkøbet",
                                 required=False, max_length=2000)
        people = []
        for key, what in (("cook", "laver mad"), ("shopper", "køber ind")):
            who = meal.get(key)
            if who is not None and (not isinstance(who, Citizen) or who.pk not in residency_of):
                raise ValidationError({key: f"Den, der {what}, skal være beboer i {current.offer.name}."})
            if who is not None:
                require_write(actor, who, perm=MEET)
            people.append(residency_of.get(who.pk) if who is not None else None)
        rows.append(Meal(municipality=current.municipality, meeting=current, day=day, dish=dish, cook=people[0],
                         shopper=people[1], ingredients=ingredients))
    if not rows:
        raise ValidationError({"week_of": "Skriv mindst én dag i madplanen."})
    Meal.objects.filter(meeting=current).delete()
    created = Meal.objects.bulk_create(rows)
    if current.week_of != week_of:
        current.week_of = week_of
    current.version += 1
    current.save(update_fields=["week_of", "version"])
    _audit(actor, current, Event.MEAL_PLAN_WRITTEN, None, uge=week_of, dage=len(created))
    return created


ATTENDANCE_CHOICES = [(s.value, s.label) for s in ATTENDANCE]


@transaction.atomic
def save_house_meeting(*, actor: Actor, meeting: HouseMeeting, version: int | None, attendance: Mapping[int, str],
                       minutes_text: str, decisions: str, week_of: datetime.date | None,
                       meals: Iterable[Mapping]) -> HouseMeeting:
    """The house meeting's page in one step: attendance, minutes and – when written – next week's meal plan.
    All or nothing."""
    current = record_house_meeting(actor=actor, meeting=meeting, version=version, attendance=attendance,
                                   minutes_text=minutes_text, decisions=decisions)
    meals = [m for m in meals if m.get("dish") or m.get("ingredients") or m.get("cook") or m.get("shopper")]
    if meals:
        if week_of is None:
            raise ValidationError({"week_of": "Vælg den uge, madplanen gælder."})
        write_meal_plan(actor=actor, meeting=current, week_of=week_of, meals=meals)
        current.refresh_from_db()
    return current

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
from tovholder.audit.services import audit, lock_naming_editor
from tovholder.audit.services import audit as _audit
from tovholder.citizens.gate import NO_PERMISSION, require_write
from tovholder.citizens.models import Citizen, Involvement
from tovholder.layout import formats
from tovholder.layout.dates import check_date
from tovholder.offers.capacity import capacity_for, lock_capacity
from tovholder.offers.models import Offer, OfferQuota
from tovholder.records import check_day, clean_text, int_or_none, lock_version
from tovholder.tenancy.models import Municipality
from tovholder.visitation import services as visitation
from tovholder.visitation.models import Case, Decision, EndProposal, Order, WaitlistEntry

from .events import Event
from .models import Flat, HelpKind, HouseMeeting, Meal, Residency, Stay, StayEntryReason, StayPlace, WeeklyHelp


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
    _audit(actor, current, Event.HOUSE_MEETING_MEAL_PLAN_WRITTEN, None, uge=week_of, dage=len(created))
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


# === stays: rehabilitating stays and acute places (§ 107) ========================================

RUN_STAYS = "housing.run_stays"
CASES = "visitation.handle_cases"
PROVIDE = "support.provide_support"
HOME_SUPPORT_PARAGRAPH = "§ 85"
MAX_STAY_DAYS = 730  # nobody plans a "short" stay of more than two years, reason or not
MIN_REASON = 10


def require_stay_keeper(actor: Actor, stay: Stay) -> None:
    """Moving the return date and ending a stay: whoever runs stays (the caseworker), or a worker of the unit
    that runs the place – in both cases with need to know of the citizen. A break-the-glass grant never
    writes."""
    principal = require_write(actor, stay.citizen)
    if principal.has_perm(RUN_STAYS):
        return
    unit_id = stay.place.place_type.offer.unit_id
    if unit_id is not None and unit_id in principal.unit_ids and principal.has_perm(PROVIDE):
        return
    raise PermissionDenied(NO_PERMISSION)


def _check_length(place: StayPlace, started_on: datetime.date, planned_return_on: datetime.date | None,
                  reason: str) -> str:
    if planned_return_on is None:
        raise ValidationError({"planned_return_on": "Vælg datoen for den planlagte hjemkomst."})
    if planned_return_on <= started_on:
        raise ValidationError({"planned_return_on": "Den planlagte hjemkomst skal ligge efter indskrivningen."})
    days = (planned_return_on - started_on).days
    if days > MAX_STAY_DAYS:
        raise ValidationError({"planned_return_on": "Et rehabiliterende ophold kan ikke planlægges til mere end "
                                                    "to år."})
    reason = clean_text(reason, field="beyond_max_reason", label="begrundelsen", required=False, max_length=1000)
    kind = place.place_type
    if days > kind.max_days and len(reason) < MIN_REASON:
        raise ValidationError({"beyond_max_reason": (
            f"Opholdet varer {days} dage, og et ophold på en {kind.name.lower()} må højst vare {kind.max_days} "
            f"dage. Skriv en begrundelse på mindst {MIN_REASON} tegn for det længere ophold, eller vælg en "
            "tidligere hjemkomst.")})
    return reason if days > kind.max_days else ""


@transaction.atomic
def start_stay(*, actor: Actor, citizen: Citizen, place: StayPlace, entry_reason: StayEntryReason,
               started_on: datetime.date | None, planned_return_on: datetime.date | None, home_address: str,
               home_tenancy: str, referred_by: str = "", beyond_max_reason: str = "") -> Stay:
    """The citizen moves into a place for a short stay – after a discharge from hospital or in an acute
    situation – and keeps their own home meanwhile. Takes a place of the offer (locked before counting);
    the unit that runs the place becomes involved with the citizen (which gives its staff need to know)."""
    principal = require_write(actor, citizen, perm=RUN_STAYS)
    assert actor.is_authenticated
    if place.municipality_id != citizen.municipality_id or not place.active:
        raise ValidationError({"place": "Vælg en af kommunens pladser."})
    if entry_reason.municipality_id != citizen.municipality_id or not entry_reason.active:
        raise ValidationError({"entry_reason": "Vælg en indskrivningsårsag fra listen."})
    check_date(started_on, born=citizen.birth_date, field="started_on")
    started_on = check_day(started_on, field="started_on", what="Indskrivningen",
                           years_back=principal.municipality.backdate_years)
    check_date(planned_return_on, kind="planned", field="planned_return_on")
    reason = _check_length(place, started_on, planned_return_on, beyond_max_reason)
    home_address = clean_text(home_address, field="home_address", label="adressen på borgerens egen bolig",
                              required=True, max_length=300, markup=False)
    home_tenancy = clean_text(home_tenancy, field="home_tenancy", label="hvordan lejeforholdet holdes under "
                              "opholdet", required=True, max_length=500, min_length=5)
    referred_by = clean_text(referred_by, field="referred_by", label="hvem der henviste", required=False,
                             max_length=200, markup=False)
    lock_capacity(place.place_type.offer)
    offer = Offer.objects.get(pk=place.place_type.offer_id)  # its capacity as it is now that we hold it
    if Stay.objects.filter(citizen=citizen, ended_on__isnull=True).exists():
        raise ValidationError("Borgeren har allerede et ophold, der ikke er afsluttet.")
    if Stay.objects.filter(place=place, ended_on__isnull=True).count() >= place.capacity:
        raise ValidationError({"place": f"{place.name} er optaget. Vælg en ledig plads."})
    capacity = capacity_for(offer, citizen.municipality)
    if not capacity.has_room_for(Decimal(1)):
        raise ValidationError(f"{capacity.no_room_reason(Decimal(1))}. Der er ingen ledig plads lige nu.")
    assert planned_return_on is not None
    stay = Stay.objects.create(
        municipality=citizen.municipality, citizen=citizen, place=place, entry_reason=entry_reason,
        referred_by=referred_by, started_on=started_on, planned_return_on=planned_return_on,
        beyond_max_reason=reason, home_address=home_address, home_tenancy=home_tenancy, started_by=actor)
    if offer.unit_id is not None and not Involvement.objects.filter(
            citizen=citizen, unit_id=offer.unit_id, ended_on__isnull=True).exists():
        Involvement.objects.create(municipality=citizen.municipality, citizen=citizen, unit_id=offer.unit_id,
                                   started_on=started_on)
    audit(actor, stay, Event.STAY_STARTED, citizen, plads=place.name, aarsag=entry_reason.name, start=started_on,
          hjemkomst=planned_return_on)
    return stay


@transaction.atomic
def move_return(*, actor: Actor, stay: Stay, version: int | None, planned_return_on: datetime.date | None,
                reason: str) -> Stay:
    """A new planned return date, with the reason (and the reason for a stay beyond the longest)."""
    require_stay_keeper(actor, stay)
    current = lock_version(Stay, stay, version)
    if current.ended_on is not None:
        raise ValidationError("Opholdet er afsluttet.")
    check_date(planned_return_on, kind="planned", field="planned_return_on")
    reason = clean_text(reason, field="reason", label="hvorfor hjemkomsten flyttes", required=True,
                        max_length=1000, min_length=MIN_REASON)
    if planned_return_on == current.planned_return_on:
        raise ValidationError({"planned_return_on": "Det er den samme dato som nu; intet er ændret."})
    beyond = _check_length(current.place, current.started_on, planned_return_on, reason)
    before = current.planned_return_on
    assert planned_return_on is not None
    current.planned_return_on, current.beyond_max_reason = planned_return_on, beyond
    current.version += 1
    current.save(update_fields=["planned_return_on", "beyond_max_reason", "version"])
    audit(actor, current, Event.STAY_RETURN_MOVED, current.citizen, foer=before, efter=planned_return_on,
          begrundelse=reason)
    return current


def home_support_offers(municipality) -> list[Offer]:
    """The offers of support in one's own home a stay can end with (§ 85, as data on the offer)."""
    return list(Offer.objects.available_to(municipality).grantable().filter(
        active=True, legal_basis__paragraph=HOME_SUPPORT_PARAGRAPH).order_by("name"))


@transaction.atomic
def prepare_home_support(*, actor: Actor, stay: Stay, offer: Offer, hours_per_week: Decimal | None,
                         start_on: datetime.date | None, reasons: str, goals: str = "") -> Decision:
    """During the stay the caseworker prepares the support at home: through visitation's own services the
    citizen's open case (opened if there is none) asks for the § 85 offer, it is granted from the planned
    return, and ordered from the provider – or, when the offer is full, the citizen is put on its waitlist
    (the grant stands). The grant is kept on the stay."""
    if not require_write(actor, stay.citizen, perm=CASES).has_perm(RUN_STAYS):
        raise PermissionDenied(NO_PERMISSION)
    current = lock_version(Stay, stay, None)
    if current.ended_on is not None:
        raise ValidationError("Opholdet er afsluttet; støtten i eget hjem forberedes under opholdet.")
    if current.home_support_id is not None and current.home_support.status not in (
            Decision.Status.REFUSED, Decision.Status.CANCELLED):
        raise ValidationError("Støtten i eget hjem er allerede forberedt for dette ophold.")
    if offer.pk not in {o.pk for o in home_support_offers(current.municipality)}:
        raise ValidationError({"offer": "Vælg et tilbud om støtte i eget hjem (§ 85) fra kommunens katalog."})
    today = _today()
    start_on = start_on or current.planned_return_on
    if start_on < today:
        raise ValidationError({"start_on": "Støtten kan tidligst starte i dag."})
    check_date(start_on, kind="planned", field="start_on")
    case = Case.objects.filter(citizen=current.citizen, status=Case.Status.OPEN).first()
    if case is None:
        case = visitation.open_case(actor=actor, citizen=current.citizen)
    requested = visitation.request_offer(actor=actor, case=case, offer=offer, requested_on=today)
    granted = visitation.grant(actor=actor, decision=requested, version=requested.version, start_on=start_on,
                               review_on=start_on + datetime.timedelta(days=91), reasons=reasons, decided_on=today,
                               hours_per_week=hours_per_week, goals=goals)
    waiting = WaitlistEntry.objects.filter(decision=granted, removed_on__isnull=True).exists()
    if not waiting:
        granted = visitation.order(actor=actor, decision=granted, on=today,
                                   message=f"Borgeren kommer hjem fra et rehabiliterende ophold "
                                           f"{formats.day(current.planned_return_on)}.")
    current.home_support = granted
    current.version += 1
    current.save(update_fields=["home_support", "version"])
    audit(actor, current, Event.STAY_HOME_SUPPORT_PREPARED, current.citizen, tilbud=offer.name,
          bestilt=not waiting, venteliste=waiting)
    return granted


@transaction.atomic
def end_stay(*, actor: Actor, stay: Stay, version: int | None, ended_on: datetime.date | None, outcome: str,
             note: str = "") -> Stay:
    """The citizen leaves the place: where they went, and – when they go home – the support at home
    prepared during the stay (or why none is needed). Frees the place; the unit's involvement ends."""
    require_stay_keeper(actor, stay)
    current = lock_version(Stay, stay, version)
    if current.ended_on is not None:
        raise ValidationError("Opholdet er allerede afsluttet.")
    if outcome not in Stay.Outcome.values:
        raise ValidationError({"outcome": "Vælg hvor borgeren gik hen fra listen."})
    ended_on = check_day(ended_on, field="ended_on", what="Udskrivningen",
                         years_back=current.municipality.backdate_years, not_before=current.started_on,
                         before_what="indskrivningen")
    note = clean_text(note, field="end_note", label="bemærkningen", required=False, max_length=1000)
    if outcome == Stay.Outcome.HOME and current.home_support_id is None and len(note) < MIN_REASON:
        raise ValidationError({"end_note": "Borgeren vender hjem uden forberedt støtte i eget hjem. Forbered "
                                           "støtten (§ 85) først, eller skriv her hvorfor der ikke er brug for "
                                           f"den (mindst {MIN_REASON} tegn)."})
    offer = current.place.place_type.offer
    lock_capacity(offer)
    current.ended_on, current.outcome, current.end_note = ended_on, outcome, note
    current.version += 1
    current.save(update_fields=["ended_on", "outcome", "end_note", "version"])
    if offer.unit_id is not None and not Stay.objects.filter(
            citizen=current.citizen, ended_on__isnull=True).exclude(pk=current.pk).exists():
        Involvement.objects.filter(citizen=current.citizen, unit_id=offer.unit_id, ended_on__isnull=True).update(
            ended_on=ended_on)
    audit(actor, current, Event.STAY_ENDED, current.citizen, udskrevet=ended_on, udfald=outcome,
          dage=(ended_on - current.started_on).days)
    return current


# === stays: Flex Bostøtte's shared quota ========================================================

MANAGE_OFFERS = "offers.manage_offers"


@transaction.atomic
def set_quota(*, actor: Actor, offer: Offer, municipality: Municipality, places) -> OfferQuota:
    """The operating municipality sets a partner's quota (places) in a shared offer. A quota is a whole
    number, 0 or more; it is never set below the places the municipality uses now (that would make the
    offer over quota), and the quotas together never exceed the offer's places."""
    principal = require_perm(actor, MANAGE_OFFERS)
    if offer.municipality_id != principal.municipality_id:
        raise PermissionDenied("Kun den kommune, der driver tilbuddet, kan ændre kvoterne.")
    if not offer.shared:
        raise ValidationError("Tilbuddet er ikke fælles med andre kommuner.")
    value = int_or_none(places)
    if value is None or value > 10_000:
        raise ValidationError({"places": "Skriv kvoten som et helt antal pladser, 0 eller flere."})
    lock_capacity(offer)
    quota = OfferQuota.objects.select_for_update().filter(offer=offer, municipality=municipality).first()
    if quota is None:
        raise ValidationError({"municipality": "Kommunen har ingen kvote i tilbuddet."})
    used = capacity_for(offer, municipality).used
    if value < used:
        raise ValidationError({"places": f"{municipality.name} bruger {formats.number(used)} pladser nu. Kvoten kan "
                                         "ikke sættes lavere, så tilbuddet kommer over kvoten."})
    others = sum(q.places or 0 for q in OfferQuota.objects.filter(offer=offer).exclude(pk=quota.pk))
    if offer.capacity_kind == Offer.CapacityKind.PLACES and others + value > offer.capacity:
        raise ValidationError({"places": f"Kvoterne bliver i alt {others + value} pladser, men tilbuddet har "
                                         f"{formats.number(offer.capacity)}."})
    before = quota.places
    quota.places = value
    quota.save(update_fields=["places"])
    audit(actor, offer, Event.OFFER_QUOTA_CHANGED, None, kommune=municipality.name, foer=before, efter=value)
    return quota

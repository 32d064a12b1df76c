"""Demo housing. Bulk inserts, deterministic (`ctx.rng`, `ctx.today`).

=== flats (Skolehaven) ===
Skolehaven's 18 flats; 17 residents on running grants (the demo's Skolehaven citizens first, then users of
Støberiet, to which Skolehaven is tied), their help per week, one accepted order waiting for the vacant flat,
three granted citizens on the waitlist, and the weekly house meetings of the last four weeks with attendance,
minutes and meal plans; next week's meeting is planned.
"""

import datetime
import zoneinfo
from decimal import Decimal

from django.db.models import Q

from tovholder.activities.models import Occasion, OccasionStaff, Participation
from tovholder.citizens.models import Citizen, Involvement
from tovholder.demo.steps import DemoContext, step
from tovholder.offers.capacity import capacity_for
from tovholder.offers.models import Offer, OfferQuota
from tovholder.visitation.models import Case, Decision, Order, Request, Source, WaitlistEntry

from .models import (
    Flat,
    HelpKind,
    HouseMeeting,
    Meal,
    Residency,
    Stay,
    StayEntryReason,
    StayPlace,
    StayPlaceType,
    WeeklyHelp,
)

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")
SKOLEHAVEN = "Opgangsfællesskabet Skolehaven"
FLATS = 18
RESIDENTS = 17
WAITING = 3
MEETINGS = 4
REQUEST_SOURCES = [Source.CITIZEN, Source.RELATIVE, Source.HOSPITAL, Source.GP]
DISHES = [("Lasagne", ["Hakket oksekød", "Lasagneplader", "Hakkede tomater", "Revet ost"]),
          ("Frikadeller med kartofler", ["Hakket svinekød", "Kartofler", "Løg", "Æg"]),
          ("Kyllingesuppe", ["Kylling", "Gulerødder", "Porrer", "Persille"]),
          ("Fiskefrikadeller med rugbrød", ["Fiskefars", "Rugbrød", "Remoulade", "Citron"]),
          ("Chili con carne", ["Hakket oksekød", "Kidneybønner", "Hakkede tomater", "Ris"]),
          ("Boller i karry", ["Hakket svinekød", "Karry", "Ris", "Æbler"]),
          ("Pastasalat", ["Pasta", "Skinke", "Ærter", "Majs"]),
          ("Tacos", ["Tortillas", "Hakket oksekød", "Salat", "Revet ost"]),
          ("Grøntsagslasagne", ["Lasagneplader", "Squash", "Aubergine", "Hakkede tomater"]),
          ("Pølser og kartoffelmos", ["Pølser", "Kartofler", "Mælk", "Smør"])]
MINUTES = ["Vi gennemgik sidste uges madplan og fællesspisningen. Trappevasken blev fordelt.",
           "Beboerne talte om støj om aftenen og aftalte ro efter kl. 22. Vi planlagde næste uges mad.",
           "Turen til Støberiet torsdag blev aftalt. Vaskekælderens tider blev fordelt.",
           "Vi talte om budget til fællesindkøb og lavede næste uges madplan sammen."]
DECISIONS = ["Fællesspisning torsdag kl. 18.", "Ro efter kl. 22 på hverdage.", "Tur til Støberiet torsdag.",
             "Fællesindkøb om mandagen."]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=CPH)


@step(order=45)
def skolehaven_flats(ctx: DemoContext) -> None:
    m, rng, today = ctx.municipality, ctx.rng, ctx.today
    offer = Offer.objects.filter(municipality=m, name=SKOLEHAVEN).first()
    staff = ctx.staff.get("Skolehaven", [])
    casework = next((users for name, users in ctx.staff.items() if ctx.units[name].kind == "casework"), [])
    if offer is None or not staff or not casework or "Skolehaven" not in ctx.units:
        return
    unit = ctx.units["Skolehaven"]
    flats = Flat.objects.bulk_create([
        Flat(municipality=m, offer=offer, number=str(n), size_m2=rng.choice([38, 42, 45, 48, 52, 55, 61]),
             floor=(n - 1) // 5, accessible=n <= 5) for n in range(1, FLATS + 1)])
    active = list(Decision.objects.filter(municipality=m, offer=offer, status=Decision.Status.ACTIVE)
                  .order_by("activated_on", "pk")[:RESIDENTS])
    taken = set(Decision.objects.filter(municipality=m, offer=offer).values_list("citizen_id", flat=True))
    # more residents and those waiting: adult users of Støberiet (18–70) without a Skolehaven grant
    low, high = today.replace(year=today.year - 70), today.replace(year=today.year - 18)
    adults = Involvement.objects.filter(municipality=m, ended_on__isnull=True, citizen__birth_date__gte=low,
                                        citizen__birth_date__lte=high).order_by("citizen_id")
    pool = list(dict.fromkeys(
        c for c in [*adults.filter(unit__name="Støberiet").values_list("citizen_id", flat=True),
                    *adults.filter(unit__name="SKP-teamet").values_list("citizen_id", flat=True)]
        if c not in taken))  # Støberiet's users first, then SKP's (a small demo has few at Støberiet)
    need = max(0, RESIDENTS - len(active))
    # the order waiting for the vacant flat and the waitlist first, so a small demo has them too
    ordered, waiting = pool[:1], pool[1:1 + WAITING]
    new_residents = pool[1 + WAITING:1 + WAITING + need]
    created = _grants(ctx, offer, casework, new_residents + ordered + waiting)
    for d in created[:len(new_residents)]:
        d.status, d.activated_on = Decision.Status.ACTIVE, d.start_on
    for d in created[len(new_residents):len(new_residents) + len(ordered)]:
        d.status, d.ordered_on = Decision.Status.ORDERED, today - datetime.timedelta(days=6)
    Decision.objects.bulk_update(created, ["status", "activated_on", "ordered_on"])
    residents_d = active + created[:len(new_residents)]
    Involvement.objects.bulk_create([
        Involvement(municipality=m, citizen_id=d.citizen_id, unit=unit, worker=staff[i % len(staff)],
                    started_on=d.activated_on or d.ordered_on)
        for i, d in enumerate(created[:len(new_residents) + len(ordered)])])
    for d in created[len(new_residents):len(new_residents) + len(ordered)]:
        Order.objects.create(municipality=m, decision=d, citizen_id=d.citizen_id, unit=unit,
                             status=Order.Status.ACCEPTED, ordered_on=d.ordered_on, ordered_by=d.decided_by,
                             answered_on=today - datetime.timedelta(days=3), answered_by=staff[0],
                             contact_person=staff[0])
    WaitlistEntry.objects.bulk_create([
        WaitlistEntry(municipality=m, decision=d, offer=offer, citizen_id=d.citizen_id, added_on=d.decided_on,
                      priority=rng.choice([1, 2, 2]), reason="Tilbuddet er fuldt (18 af 18 pladser i brug)")
        for d in created[len(new_residents) + len(ordered):]])
    # the vacant flat is number 1 (on the ground floor); the residents live in 2 … 18
    residencies = Residency.objects.bulk_create([
        Residency(municipality=m, flat=flats[i + 1], citizen_id=d.citizen_id, decision=d,
                  moved_in_on=max(d.activated_on or d.start_on, today - datetime.timedelta(days=3 * 365)),
                  planned_move_out_on=today + datetime.timedelta(days=45) if i == 3 else None, created_by=staff[0])
        for i, d in enumerate(residents_d[:FLATS - 1])])
    help_rows = []
    for r in residencies:
        for kind in HelpKind.values:
            if rng.random() < 0.7:
                help_rows.append(WeeklyHelp(municipality=m, residency=r, citizen_id=r.citizen_id, kind=kind,
                                            times_per_week=rng.choice([1, 1, 2, 3]),
                                            minutes_each=rng.choice([30, 45, 60]), starts_on=r.moved_in_on,
                                            by=staff[0]))
    WeeklyHelp.objects.bulk_create(help_rows)
    _meetings(ctx, offer, unit, staff, residencies)


def _requested(ctx: DemoContext, cases: list[Case], asks_for: str) -> list[Case]:
    """Every case starts with a request, as in the rest of the demo: one received a few days before it opened."""
    requests = Request.objects.bulk_create([
        Request(municipality=ctx.municipality, citizen_id=case.citizen_id, source=ctx.rng.choice(REQUEST_SOURCES),
                asks_for=asks_for, received_on=case.opened_on - datetime.timedelta(days=ctx.rng.randint(2, 14)),
                received_by=case.caseworker, status=Request.Status.CASE) for case in cases])
    for request, case in zip(requests, cases, strict=True):
        case.request = request
    return cases


def _grants(ctx: DemoContext, offer: Offer, casework: list, citizen_ids: list[int]) -> list[Decision]:
    rng, today, m = ctx.rng, ctx.today, ctx.municipality
    cases = Case.objects.bulk_create(_requested(ctx, [
        Case(municipality=m, citizen_id=c, caseworker=casework[i % len(casework)],
             opened_on=today - datetime.timedelta(days=rng.randint(60, 400)),
             citizen_wishes="At kunne bo for mig selv med hjælp til hverdagen.")
        for i, c in enumerate(citizen_ids)], "Hjælp til at kunne bo i egen bolig."))
    decisions = []
    for case in cases:
        decided = case.opened_on + datetime.timedelta(days=rng.randint(10, 40))
        decisions.append(Decision(
            municipality=m, case=case, citizen_id=case.citizen_id, offer=offer, status=Decision.Status.GRANTED,
            requested_on=case.opened_on, decided_on=decided, decided_by=case.caseworker,
            start_on=decided + datetime.timedelta(days=14), review_on=decided + datetime.timedelta(days=196),
            services=["5af56051-8413-4115-aaa2-83a0767e1137", "638f44df-6bf2-47f8-9935-b8fdc83e5bf5",
                      "d473dea2-4f6d-4f36-a8f0-260f0213f50a"],
            reasons="Borgeren kan ikke klare egen bolig uden hjælp, men har ikke behov for døgndækning."))
    return Decision.objects.bulk_create(decisions)


def _meetings(ctx: DemoContext, offer: Offer, unit, staff: list, residencies: list[Residency]) -> None:
    rng, today, m = ctx.rng, ctx.today, ctx.municipality
    this_tuesday = today - datetime.timedelta(days=(today.weekday() - 1) % 7)
    days = [this_tuesday - datetime.timedelta(weeks=w) for w in range(MEETINGS - 1, -1, -1)]
    days = [d for d in days if d < today] + [this_tuesday + datetime.timedelta(weeks=1)]
    occasions = Occasion.objects.bulk_create([
        Occasion(municipality=m, kind=Occasion.Kind.HOUSE_MEETING, offer=offer, unit=unit, starts_at=_at(d, 16),
                 ends_at=_at(d, 17), place="Fælleslokalet",
                 status=Occasion.Status.HELD if d < today else Occasion.Status.PLANNED, created_by=staff[0])
        for d in days])
    OccasionStaff.objects.bulk_create([OccasionStaff(municipality=m, occasion=o, user=staff[i % len(staff)])
                                       for i, o in enumerate(occasions)])
    parts = []
    for o, d in zip(occasions, days, strict=True):
        held = d < today
        for r in residencies:
            if r.moved_in_on > d:
                continue
            came = rng.random() < 0.75
            parts.append(Participation(municipality=m, occasion=o, citizen_id=r.citizen_id, offer=offer,
                                       status=(Participation.Status.ATTENDED if came else Participation.Status.NO_SHOW)
                                       if held else Participation.Status.PLANNED,
                                       minutes=60 if held and came else None))
    Participation.objects.bulk_create(parts)
    meetings = HouseMeeting.objects.bulk_create([
        HouseMeeting(municipality=m, occasion=o, offer=offer, week_of=d + datetime.timedelta(days=6),
                     minutes_text=MINUTES[i % len(MINUTES)] if d < today else "",
                     decisions=DECISIONS[i % len(DECISIONS)] if d < today else "",
                     recorded_by=staff[i % len(staff)] if d < today else None,
                     recorded_at=_at(d, 17) if d < today else None)
        for i, (o, d) in enumerate(zip(occasions, days, strict=True))])
    meals = []
    for meeting, d in zip(meetings, days, strict=True):
        if d >= today:
            continue
        for k in range(7):
            if k in (5, 6) and rng.random() < 0.5:
                continue  # weekends: not always a shared meal
            dish, items = rng.choice(DISHES)
            cook, shopper = rng.choice(residencies), rng.choice(residencies)
            meals.append(Meal(municipality=m, meeting=meeting, day=meeting.week_of + datetime.timedelta(days=k),
                              dish=dish, cook=cook, shopper=shopper,
                              ingredients="\n".join(items)))
    Meal.objects.bulk_create(meals)


# === stays: rehabilitating stays and acute places (§ 107) ========================================

REHAB_OFFER = "Rehabiliterende bo- og akutpladser"
REHAB, ACUTE = "Rehabiliterende ophold", "Akutplads"
# place type, longest stay (days), warning days; places
PLACE_TYPES = [(REHAB, 90, 14, ["Rehabiliterende bolig 1", "Rehabiliterende bolig 2", "Rehabiliterende bolig 3"]),
               (ACUTE, 14, 3, ["Akutpladsen"])]
ENTRY_REASONS = [("Udskrivelse fra psykiatrisk afdeling", True, 10), ("Akut krise i eget hjem", False, 20),
                 ("Risiko for døgnanbringelse", False, 30)]
REFERRERS = ["Psykiatrisk Center Ballerup", "Psykiatrisk Center Ballerup, afsnit 2", "Egen læge", "Akutteamet"]
TENANCIES = ["Lejebolig; huslejen betales videre under opholdet", "Almen bolig; naboen tømmer postkassen",
             "Andelsbolig; familien ser efter boligen", "Lejebolig; boligstøtten fortsætter under opholdet"]
# running stays now: place, days since start, days to the planned return (negative: overdue)
RUNNING = {"Rehabiliterende bolig 1": (96, -6), "Rehabiliterende bolig 2": (78, 5), "Akutpladsen": (5, 9)}
HISTORY_DAYS = 730
OUTCOMES = [(Stay.Outcome.HOME, 0.72), (Stay.Outcome.OTHER_HOUSING, 0.12), (Stay.Outcome.HOSPITAL, 0.11),
            (Stay.Outcome.OTHER, 0.05)]
HOME_SUPPORT_PARAGRAPH = "§ 85"


def _address(c: Citizen) -> str:
    return ", ".join(p for p in (c.address, f"{c.postal_code} {c.city}".strip()) if p) or "Ukendt adresse"


@step(order=50)
def rehabilitating_stays(ctx: DemoContext) -> None:
    """Two years of stays on four places: most end at home with support there (the § 85 grant starts the day
    the stay ends); three run now, one past its planned return."""
    offer = Offer.objects.filter(municipality=ctx.municipality, name=REHAB_OFFER).select_related("unit").first()
    if offer is None:
        return
    rng, today = ctx.rng, ctx.today
    types = {name: StayPlaceType.objects.create(municipality=ctx.municipality, offer=offer, name=name,
                                                max_days=longest, warn_days=warn)
             for name, longest, warn, _ in PLACE_TYPES}
    places = [StayPlace.objects.create(municipality=ctx.municipality, place_type=types[kind], name=name)
              for kind, _, _, names in PLACE_TYPES for name in names]
    reasons = [StayEntryReason.objects.create(municipality=ctx.municipality, name=name, from_hospital=hospital,
                                              order=order) for name, hospital, order in ENTRY_REASONS]
    caseworkers = next((users for name, users in ctx.staff.items() if ctx.units[name].kind == "casework"), [])
    workers = ctx.staff.get(offer.unit.name, []) if offer.unit else []
    if not caseworkers:
        return
    adults = list(Citizen.objects.filter(municipality=ctx.municipality, birth_date__lte=today.replace(
        year=today.year - 18)).order_by("pk"))
    busy = set(Involvement.objects.filter(municipality=ctx.municipality, ended_on__isnull=True,
                                          unit__kind="housing").values_list("citizen_id", flat=True))
    by_id = {c.pk: c for c in adults}
    support_starts: dict[datetime.date, list[tuple[int, int]]] = {}
    for pk, citizen_id, start in Decision.objects.filter(
            municipality=ctx.municipality, offer__legal_basis__paragraph=HOME_SUPPORT_PARAGRAPH,
            start_on__gte=today - datetime.timedelta(days=HISTORY_DAYS), start_on__lte=today,
            status__in=(Decision.Status.ACTIVE, Decision.Status.ENDED)).order_by("pk").values_list(
            "pk", "citizen_id", "start_on"):
        if citizen_id in by_id and citizen_id not in busy:
            support_starts.setdefault(start, []).append((citizen_id, pk))
    pool = [c for c in adults if c.pk not in busy]
    taken: dict[int, list[tuple[datetime.date, datetime.date]]] = {}  # a citizen may come back, never twice at once

    def free(citizen_id: int, start: datetime.date, end: datetime.date) -> bool:
        return all(end < a or start > b for a, b in taken.get(citizen_id, ()))

    def take(citizen_id: int, start: datetime.date, end: datetime.date) -> None:
        taken.setdefault(citizen_id, []).append((start, end))

    def any_citizen(start: datetime.date, end: datetime.date) -> Citizen | None:
        for _ in range(60):
            c = rng.choice(pool) if pool else None
            if c is not None and free(c.pk, start, end):
                take(c.pk, start, end)
                return c
        return None

    stays, involvements = [], []
    for place in places:
        kind = place.place_type
        day = today - datetime.timedelta(days=HISTORY_DAYS - rng.randint(0, 20))
        running = RUNNING.get(place.name)
        last_start = today - datetime.timedelta(days=running[0]) if running else today - datetime.timedelta(days=12)
        while True:
            longest = kind.max_days
            length = rng.randint(max(2, longest // 4), longest + (longest // 6 if rng.random() < 0.15 else 0))
            start, end = day, day + datetime.timedelta(days=length)
            if end >= last_start - datetime.timedelta(days=2):
                break
            outcome = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
            citizen, support = None, None
            if outcome == Stay.Outcome.HOME:  # a grant of support at home that starts the day the stay ends
                for shift in range(0, 10):
                    shifted = end + datetime.timedelta(days=shift)
                    found = [(c, d) for c, d in support_starts.get(shifted, ()) if free(c, start, shifted)]
                    if found:
                        citizen_id, support = found[0]
                        end = shifted
                        take(citizen_id, start, end)
                        citizen = by_id[citizen_id]
                        break
            citizen = citizen or any_citizen(start, end)
            if citizen is None:
                break
            planned = start + datetime.timedelta(days=min(longest, max(length, 2)))
            stays.append(Stay(
                municipality=ctx.municipality, citizen=citizen, place=place, entry_reason=rng.choice(reasons),
                referred_by=rng.choice(REFERRERS), started_on=start, planned_return_on=planned,
                beyond_max_reason="Boligen var ikke klar til hjemkomst; aftalt med borgeren og udlejeren."
                if length > longest else "",
                home_address=_address(citizen), home_tenancy=rng.choice(TENANCIES), ended_on=end, outcome=outcome,
                end_note="" if support or outcome != Stay.Outcome.HOME else "Borgeren klarer sig uden støtte i "
                                                                             "eget hjem; netværket hjælper.",
                home_support_id=support, started_by=rng.choice(caseworkers)))
            day = end + datetime.timedelta(days=rng.randint(1, 12 if kind.max_days > 30 else 30))
        if running:
            since, left = running
            start = today - datetime.timedelta(days=since)
            citizen = any_citizen(start, datetime.date.max)
            if citizen is None:
                continue
            stays.append(Stay(
                municipality=ctx.municipality, citizen=citizen, place=place, entry_reason=reasons[0],
                referred_by=REFERRERS[1], started_on=start, planned_return_on=today + datetime.timedelta(days=left),
                beyond_max_reason="Venter på, at støtten i eget hjem kan starte."
                if since + left > kind.max_days else "",
                home_address=_address(citizen), home_tenancy=rng.choice(TENANCIES),
                started_by=rng.choice(caseworkers)))
            if offer.unit is not None:
                involvements.append(Involvement(municipality=ctx.municipality, citizen=citizen, unit=offer.unit,
                                                worker=rng.choice(workers) if workers else None, started_on=start))
    Stay.objects.bulk_create(stays, batch_size=1000)
    Involvement.objects.bulk_create(involvements)


# === stays: Flex Bostøtte's shared quota ========================================================

FLEX = "Flex Bostøtte"


@step(order=50)
def flex_quota_in_use(ctx: DemoContext) -> None:
    """A municipality holding a quota in a shared offer run by another (Ballerup in Herlev's Flex Bostøtte)
    uses all of it – 7 of 7 – with one more citizen granted and waiting for a place in the quota."""
    quota = (OfferQuota.objects.filter(municipality=ctx.municipality, places__isnull=False, offer__name=FLEX)
             .exclude(offer__municipality=ctx.municipality).select_related("offer").first())
    caseworkers = next((users for name, users in ctx.staff.items() if ctx.units[name].kind == "casework"), [])
    if quota is None or not caseworkers or not quota.places:
        return
    rng, today, offer = ctx.rng, ctx.today, quota.offer
    known = set(Involvement.objects.filter(municipality=ctx.municipality, ended_on__isnull=True)
                .values_list("citizen_id", flat=True))
    with_case = set(Case.objects.filter(municipality=ctx.municipality, status=Case.Status.OPEN)
                    .values_list("citizen_id", flat=True))
    candidates = list(Citizen.objects.filter(municipality=ctx.municipality, birth_date__lte=today.replace(
        year=today.year - 25)).filter(~Q(pk__in=known) & ~Q(pk__in=with_case)).order_by("pk")[:400])
    rng.shuffle(candidates)
    picked = candidates[:quota.places + 1]
    if len(picked) < quota.places + 1:
        return
    cases, decisions = [], []
    for i, citizen in enumerate(picked):
        start = today - datetime.timedelta(days=rng.randint(30, 500)) if i < quota.places else None
        requested = (start or today) - datetime.timedelta(days=rng.randint(20, 50))
        decided = requested + datetime.timedelta(days=rng.randint(5, 15))
        caseworker = rng.choice(caseworkers)
        case = Case(municipality=ctx.municipality, citizen=citizen, caseworker=caseworker, opened_on=requested,
                    citizen_wishes="At kunne blive boende i min egen lejlighed med støtte døgnet rundt.")
        cases.append(case)
        decisions.append(Decision(
            municipality=ctx.municipality, case=case, citizen=citizen, offer=offer,
            status=Decision.Status.ACTIVE if start else Decision.Status.GRANTED, requested_on=requested,
            decided_on=decided, decided_by=caseworker, start_on=start or decided + datetime.timedelta(days=14),
            review_on=(start or decided) + datetime.timedelta(days=182), ordered_on=start, activated_on=start,
            reasons="Borgeren har brug for døgndækket støtte i eget hjem i stedet for et botilbud."))
    Case.objects.bulk_create(_requested(ctx, cases, "Støtte døgnet rundt for at kunne blive boende i egen bolig."))
    for d in decisions:
        d.case_id = d.case.pk
    Decision.objects.bulk_create(decisions)
    Order.objects.bulk_create(
        Order(municipality=ctx.municipality, decision=d, citizen_id=d.citizen_id, unit=None, ordered_on=d.start_on,
              ordered_by=d.decided_by, status=Order.Status.STARTED, answered_on=d.start_on, started_on=d.start_on,
              message="Bestilt hos Herlev Kommune (fælles tilbud).")
        for d in decisions if d.status == Decision.Status.ACTIVE)
    waiting = decisions[-1]
    capacity = capacity_for(offer, ctx.municipality)
    WaitlistEntry.objects.create(municipality=ctx.municipality, decision=waiting, offer=offer,
                                 citizen_id=waiting.citizen_id, added_on=waiting.decided_on,
                                 reason=capacity.no_room_reason(Decimal(1)))

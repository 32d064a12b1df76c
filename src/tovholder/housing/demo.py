"""Demo housing. Bulk inserts, deterministic (`ctx.rng`, `ctx.today`).

=== flats (Skolehaven) ===
Skolehaven's 18 flats; 17 residents on running grants (the demo's Skolehaven citizens first, then users of
Støberiet, to which Skolehaven is tied), their help per week, one accepted order waiting for the vacant flat,
three granted citizens on the waitlist, and the weekly house meetings of the last four weeks with attendance,
minutes and meal plans; next week's meeting is planned.
"""

import datetime
import zoneinfo

from tovholder.activities.models import Occasion, OccasionStaff, Participation
from tovholder.citizens.models import Involvement
from tovholder.demo.steps import DemoContext, step
from tovholder.offers.models import Offer
from tovholder.visitation.models import Case, Decision, Order, WaitlistEntry

from .models import Flat, HelpKind, HouseMeeting, Meal, Residency, WeeklyHelp

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")
SKOLEHAVEN = "Opgangsfællesskabet Skolehaven"
FLATS = 18
RESIDENTS = 17
WAITING = 3
MEETINGS = 4
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


def _grants(ctx: DemoContext, offer: Offer, casework: list, citizen_ids: list[int]) -> list[Decision]:
    rng, today, m = ctx.rng, ctx.today, ctx.municipality
    cases = Case.objects.bulk_create([
        Case(municipality=m, citizen_id=c, caseworker=casework[i % len(casework)],
             opened_on=today - datetime.timedelta(days=rng.randint(60, 400)),
             citizen_wishes="At kunne bo for mig selv med hjælp til hverdagen.")
        for i, c in enumerate(citizen_ids)])
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

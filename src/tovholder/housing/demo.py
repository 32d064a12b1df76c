"""Housing's demo history. Two parts side by side: Skolehaven's flats (the flats block) and the
rehabilitating stays with Flex Bostøtte at its quota (the stays block)."""

import datetime
from decimal import Decimal

from django.db.models import Q

from tovholder.citizens.models import Citizen, Involvement
from tovholder.demo.steps import DemoContext, step
from tovholder.offers.capacity import capacity_for
from tovholder.offers.models import Offer, OfferQuota
from tovholder.visitation.models import Case, Decision, Order, WaitlistEntry

from .models import Stay, StayEntryReason, StayPlace, StayPlaceType

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
    Case.objects.bulk_create(cases)
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

"""Demo history for visitation: routing rules from the seeds, and cases and decisions behind the
demo's involvements (active grants, ended ones, pending requests with deadlines, refusals, a waitlist);
`casework` (after the assessments) tells those cases as they happened and adds cases at every stage."""

import datetime
from decimal import Decimal

from tovholder.citizens.models import Involvement
from tovholder.demo.steps import DemoContext, step
from tovholder.offers import ffb
from tovholder.offers.capacity import capacity_for
from tovholder.offers.models import Offer, OfferQuota

from ..capacity import need_of
from ..deadlines import deadline_for
from ..models import Case, Decision, DirectHelp, Need, RoutingRule, WaitlistEntry

S = Decision.Status

# unit name -> offer name, for the units whose citizens hold a granted offer
UNIT_OFFER = {
    "SKP-teamet": "SKP – støtte-kontaktperson-ordning",
    "Kompetenceteamet": "SKP kompetenceteam",
    "Ballerup Ungeindsats": "Ballerup Ungeindsats – mentorforløb",
    "ASF-teamet": "ASF-tilbud (autismespektrum)",
    "Skolehaven": "Opgangsfællesskabet Skolehaven",
    "Flex Bostøtte": "Flex Bostøtte",
    "Herlev Bostøtte": "Herlev SKP",
}

WISHES = [
    "At få styr på min økonomi og komme ud blandt andre.",
    "Jeg vil gerne i gang med en uddannelse.",
    "At kunne bo i min egen lejlighed og have en hverdag, der hænger sammen.",
    "Færre indlæggelser og en at ringe til, når det er svært.",
]

HEAVY = [Need.OUTWARD, Need.ADHD, Need.EATING, Need.OCD, Need.SUBSTANCE]

# order, name, min age, max age, all, any, none, offer, explanation (seed 002)
RULES = [
    (10, "Unge under 30 → Ungeindsats", 16, 29, [], [], [Need.EARLY_PENSION], "Ballerup Ungeindsats – mentorforløb",
     "Alle unge under 30 med tilknytning til socialpsykiatrien henvises som udgangspunkt til et mentorforløb."),
    (20, "30 år og derover → SKP", 30, None, [], [], [], "SKP – støtte-kontaktperson-ordning",
     "Borgere fra 30 år får støtte i eget hjem i SKP-ordningen."),
    (30, "Ung på førtidspension → SKP", 16, 29, [Need.EARLY_PENSION], [], [], "SKP – støtte-kontaktperson-ordning",
     "Unge, der har fået tilkendt førtidspension, overgår til SKP."),
    (40, "Autisme 18–30 → ASF-tilbud", 18, 30, [Need.AUTISM], [], [], "ASF-tilbud (autismespektrum)",
     "Unge 18–30 år med autismespektrumforstyrrelse: SKP-støtte og klubaften."),
    (50, "De tungeste behov → kompetenceteam", 18, 65, [], HEAVY, [], "SKP kompetenceteam",
     "Udadreagerende adfærd, svær ADHD, spiseforstyrrelse, svær OCD eller misbrug kræver specialistviden."),
    (60, "Sindslidelse og misbrug → integreret indsats", 18, None, [Need.MENTAL_ILLNESS, Need.SUBSTANCE], [], [],
     "Projekt integreret indsats (dobbeltdiagnose)",
     "Sindslidelse og misbrug: fælles udredning og én forløbsplan med Psykiatrisk Center Ballerup og Brydehuset."),
]


@step(order=10)
def routing_rules(ctx: DemoContext) -> None:
    offers = {o.name: o for o in Offer.objects.filter(municipality=ctx.municipality)}
    RoutingRule.objects.bulk_create(
        RoutingRule(municipality=ctx.municipality, order=order, name=name, min_age=low, max_age=high,
                    needs_all=list(all_), needs_any=list(any_), needs_none=list(none), offer=offers[offer],
                    explanation=why)
        for order, name, low, high, all_, any_, none, offer, why in RULES if offer in offers)


def _hours(offer: Offer, rng) -> Decimal | None:
    if offer.capacity_kind == Offer.CapacityKind.STAFF_HOURS and not offer.shared:
        return Decimal(rng.choice([1.5, 2, 2.5, 3, 3, 4, 5]))
    return None


@step(order=20)
def cases_and_decisions(ctx: DemoContext) -> None:
    rng, today = ctx.rng, ctx.today
    offers = {o.name: o for o in Offer.objects.filter(municipality__isnull=False)}
    caseworkers = next((users for name, users in ctx.staff.items()
                        if ctx.units[name].kind == "casework"), [])
    if not caseworkers:
        return
    involvements = (Involvement.objects.filter(municipality=ctx.municipality, unit__name__in=UNIT_OFFER)
                    .select_related("unit").order_by("pk"))
    cases, decisions, waiting = [], [], []
    # a shared offer's quota is never exceeded (issue 13: the demo showed Flex Bostøtte at "13 af 8"): who
    # would be over it ended their support earlier
    quotas = dict(OfferQuota.objects.filter(municipality=ctx.municipality, places__isnull=False)
                  .values_list("offer_id", "places"))
    in_quota: dict[int, int] = {}
    ended_early = []
    for inv in involvements.iterator(chunk_size=2000):
        offer = offers.get(UNIT_OFFER[inv.unit.name])
        if offer is None:
            continue
        if inv.ended_on is None and offer.pk in quotas:
            if in_quota.get(offer.pk, 0) >= quotas[offer.pk]:
                inv.ended_on = inv.started_on + (today - inv.started_on) / 2
                ended_early.append(inv)
            else:
                in_quota[offer.pk] = in_quota.get(offer.pk, 0) + 1
        requested = inv.started_on - datetime.timedelta(days=rng.randint(10, 50))
        decided = min(inv.started_on, requested + datetime.timedelta(days=rng.randint(5, 40)))
        case = Case(municipality=ctx.municipality, citizen_id=inv.citizen_id, caseworker=rng.choice(caseworkers),
                    opened_on=requested, status=Case.Status.CLOSED if inv.ended_on else Case.Status.OPEN,
                    citizen_wishes=rng.choice(WISHES))
        cases.append(case)
        decisions.append(Decision(
            municipality=ctx.municipality, case=case, citizen_id=inv.citizen_id, offer=offer,
            status=S.ENDED if inv.ended_on else S.ACTIVE, requested_on=requested,
            deadline_on=deadline_for(offer, requested), hours_per_week=_hours(offer, rng), start_on=inv.started_on,
            review_on=inv.started_on + datetime.timedelta(days=182), decided_on=decided,
            decided_by=case.caseworker, activated_on=inv.started_on, ended_on=inv.ended_on,
            end_reason="Målene er nået" if inv.ended_on else "",
            reasons="Borgeren har behov for støtte til at mestre egen hverdag efter udredningen."))
    Involvement.objects.bulk_update(ended_early, ["ended_on"], batch_size=1000)
    Case.objects.bulk_create(cases, batch_size=1000)
    for decision in decisions:
        decision.case_id = decision.case.pk
    Decision.objects.bulk_create(decisions, batch_size=1000)
    # pending requests on a sample of open cases: some within the deadline, some overdue; a few waiting for a place
    open_cases = [c for c in cases if c.status == Case.Status.OPEN]
    pending = []
    for case in rng.sample(open_cases, min(len(open_cases), max(3, len(open_cases) // 12))):
        offer = offers[rng.choice(["SKP kompetenceteam", "Opgangsfællesskabet Skolehaven",
                                   "Projekt integreret indsats (dobbeltdiagnose)"])]
        if offer.municipality_id != ctx.municipality.pk:
            continue
        requested = today - datetime.timedelta(days=rng.randint(3, 80))
        pending.append(Decision(municipality=ctx.municipality, case=case, citizen_id=case.citizen_id, offer=offer,
                                requested_on=requested, deadline_on=deadline_for(offer, requested)))
    Decision.objects.bulk_create(pending, batch_size=1000)
    for decision in pending[: len(pending) // 3]:  # granted; on the waitlist only when there is no room
        priority = rng.choice([1, 2, 2, 2])
        staff_hours = decision.offer.capacity_kind == Offer.CapacityKind.STAFF_HOURS and not decision.offer.shared
        decision.hours_per_week = Decimal(3) if staff_hours else None
        capacity = capacity_for(decision.offer, ctx.municipality)
        need = need_of(decision.offer, decision.hours_per_week)
        decision.status = S.GRANTED
        decision.decided_on = min(today, decision.requested_on + datetime.timedelta(days=14))
        decision.start_on = decision.decided_on + datetime.timedelta(days=14)
        decision.review_on = decision.start_on + datetime.timedelta(days=182)
        decision.decided_by = decision.case.caseworker
        if capacity.has_room_for(need):
            decision.reasons = "Bevilget efter udredningen; indsatsen bestilles hos udføreren."
            decision.save()
            continue
        decision.reasons = "Bevilget; der er ikke plads i tilbuddet lige nu, og borgeren er skrevet op på ventelisten."
        decision.save()
        waiting.append(WaitlistEntry(municipality=ctx.municipality, decision=decision, offer=decision.offer,
                                     citizen_id=decision.citizen_id, added_on=decision.decided_on,
                                     priority=priority, reason=capacity.no_room_reason(need)))
    WaitlistEntry.objects.bulk_create(waiting)


@step(order=30)
def direct_help(ctx: DemoContext) -> None:
    """Open counselling at Støberiet: light records, some anonymous."""
    offer = Offer.objects.filter(municipality=ctx.municipality, requires_visitation=False,
                                 name__startswith="Åben rådgivning").first()
    workers = ctx.staff.get("Støberiet", [])
    if offer is None or not workers:
        return
    citizen_ids = list(Involvement.objects.filter(municipality=ctx.municipality, unit__name="Støberiet")
                       .values_list("citizen_id", flat=True)[:500])
    rows = []
    for _ in range(min(400, 20 + len(citizen_ids))):
        anonymous = not citizen_ids or ctx.rng.random() < 0.3
        rows.append(DirectHelp(
            municipality=ctx.municipality, citizen_id=None if anonymous else ctx.rng.choice(citizen_ids),
            anonymous_label=ctx.rng.choice(["Kvinde ca. 40 år", "Mand ca. 25 år", "Pårørende"]) if anonymous else "",
            offer=offer, given_on=ctx.today - datetime.timedelta(days=ctx.rng.randint(0, 365)),
            minutes=ctx.rng.choice([15, 20, 30, 45, 60]), worker=ctx.rng.choice(workers),
            note="Samtale om at komme i gang med en hverdag."))
    DirectHelp.objects.bulk_create(rows)


@step(order=25)
def assessments(ctx: DemoContext) -> None:
    """An FFB assessment behind most cases: a few conditions with functional levels 0–4."""
    from ..models import Assessment, ConditionScore

    activity = sorted(c.code for c in ffb.under("Aktivitet og deltagelse") if len(c.path) >= 3)
    functions = sorted(c.code for c in ffb.under("Funktioner og forhold") if len(c.path) >= 3)
    needs = sorted(c.code for c in ffb.under("Støttebehovsniveau") if c.display != "Ikke vurderet")
    cases = list(Case.objects.filter(municipality=ctx.municipality).values_list("pk", "citizen_id", "opened_on",
                                                                                 "caseworker_id"))
    rows = [Assessment(municipality=ctx.municipality, case_id=pk, citizen_id=citizen,
                       assessed_on=opened + datetime.timedelta(days=ctx.rng.randint(0, 10)), assessed_by_id=worker,
                       summary="Udredning efter VUM med borgeren.")
            for pk, citizen, opened, worker in cases if ctx.rng.random() < 0.7]
    Assessment.objects.bulk_create(rows, batch_size=1000)
    scores = []
    for assessment in rows:
        picked = ctx.rng.sample(activity, ctx.rng.randint(2, 4)) + ctx.rng.sample(functions, ctx.rng.randint(0, 2))
        for code in picked:
            scores.append(ConditionScore(municipality=ctx.municipality, assessment=assessment, condition=code,
                                         functional_level=ctx.rng.choice([1, 2, 2, 3, 3, 4]),
                                         support_need=ctx.rng.choice(needs)))
    ConditionScore.objects.bulk_create(scores, batch_size=2000)


from . import casework  # noqa: E402, F401 - the casework story (step 22)

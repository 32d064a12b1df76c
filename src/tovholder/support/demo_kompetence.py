"""Demo: the kompetenceteam and the ASF offer (issue 13, items 4 and 6). Deterministic, bulk writes.

- The competence list says what each competence covers (the case's needs, FFB target groups and
  conditions); the kompetenceteam's workers have the seeds' specialist competences.
- The kompetenceteam's cases carry the heaviest needs and their target groups; three granted
  kompetenceteam efforts are ordered and wait at the team's intake, where the contact-person suggestion
  shows its matches.
- Three externally bought cases: one taken home (now in the kompetenceteam), one with a plan and steps,
  one not planned yet.
- ASF: every ASF effort has the offer's two services (support and the club evening).
"""

import datetime
from decimal import Decimal

from tovholder.accounts.models import Competence, StaffProfile
from tovholder.citizens.models import Citizen, Involvement
from tovholder.demo.steps import DemoContext, step
from tovholder.offers.models import Offer
from tovholder.visitation.models import Case, Decision, Need, Order

from .models import Episode, ExternalPlacement, HomeTakingStep

OUTWARD, ADHD_FFB, EATING_FFB = "e1b59a4a-9cc2-4113-a5f1-84af588b02a2", "cc6a58cf-d3d2-4e5f-b7fe-98b009647eac", \
    "192b7d79-415c-4f4f-9223-607938ecbe97"
SUBSTANCE, DRUGS, ALCOHOL = "e2ecc751-21b9-4aab-a20f-2f3dd9701c97", "0e25a2ec-4f04-4d14-a5ad-a6519a7d1d5f", \
    "ab4413f0-fa81-41c0-ad8c-21782c12a0fa"
ANXIETY, AUTISM = "303deb9b-84f0-49d2-ab7a-f8b98eed40a2", "9b3fd322-a75a-4ed8-9b74-425fa1e01c95"

# what each competence of the seeds' list covers: needs (visitation.Need) and FFB target groups / conditions
COVERS = {
    "Udadreagerende adfærd": [Need.OUTWARD, OUTWARD, "dccaa419-0bcd-4056-a11a-2e385e23edc6"],  # Følelser og adfærd
    "Svær ADHD": [Need.ADHD, ADHD_FFB, "17c35058-eb88-4a7a-8727-74cd12be42c7"],  # Opmærksomhed og koncentration
    "Spiseforstyrrelser": [Need.EATING, EATING_FFB, "c67aed23-d4f3-4ae6-8886-156c99048e5b",  # Kost
                           "464a2ab6-a7df-4b3a-b74d-7873f4cfe668"],  # Spise
    "Svær OCD": [Need.OCD, ANXIETY],
    "Misbrug": [Need.SUBSTANCE, SUBSTANCE, DRUGS, ALCOHOL, "c8f4475a-8de3-4920-ad0c-eea78c49a68d"],  # Rusmidler
    "Dobbeltdiagnose": [Need.SUBSTANCE, SUBSTANCE, DRUGS, ALCOHOL],
    "Autismespektrum": [Need.AUTISM, AUTISM],
    "Psykoedukation": [Need.MENTAL_ILLNESS, "f2ccc0c0-2a0a-49c9-9d6a-741a7cd220a3",  # Forandret virkelighedsopf.
                       "ee5b52bd-b839-4e69-ad04-c8b33eabfbde"],  # Depression
    "Recovery-mentor": ["6279a3dc-7085-4157-809c-f96922242b1b", "8028b034-cad2-42df-b51c-aaba9c0bba61"],
    "Uddannelse og job": ["f695cec7-2b39-4c7e-8731-da8558a4fb3f", "685e8517-2f5c-4ef8-a7c4-fa2d008fdd9d",
                          "8888edfa-642b-4329-9fe3-a9b180e6d3f4"],
}
# a third competence for each kompetenceteam worker, so the team covers the whole list of the seeds
EXTRA = ["Dobbeltdiagnose", "Misbrug", "Udadreagerende adfærd"]
# (need, its FFB target group) for the kompetenceteam's cases
HEAVY = [(Need.OUTWARD, OUTWARD), (Need.ADHD, ADHD_FFB), (Need.EATING, EATING_FFB), (Need.OCD, ANXIETY),
         (Need.SUBSTANCE, DRUGS), (Need.SUBSTANCE, ALCOHOL)]
# provider, what, price, unit, months ago it started, (months until / since home-taking), hours at home
PLACEMENTS = [
    ("Bostøtten Lyngly ApS", "§ 85-støtte, 20 timer pr. uge", Decimal(78000), "month", 16, -4, Decimal(8)),
    ("Støttecentret Egely", "§ 85-støtte med døgnkontakt", Decimal(910000), "year", 11, 2, Decimal(10)),
    ("Kastanjehuset A/S", "§ 85-støtte, 15 timer pr. uge", Decimal(65000), "month", 5, None, None),
]
ORDERS = 3  # kompetenceteam orders waiting at the team's intake
STEPS = [("Møde med leverandøren om overdragelsen", -20, True), ("Første besøg sammen med leverandøren", -5, True),
         ("Overdragelsesmøde med borgeren og sagsbehandleren", 21, False),
         ("Kontaktpersonen overtager støtten", 50, False)]


def _months(day: datetime.date, months: int) -> datetime.date:
    return day - datetime.timedelta(days=round(30.4 * months))


@step(order=75)
def kompetenceteam_and_asf(ctx: DemoContext) -> None:
    for name, codes in COVERS.items():
        Competence.objects.filter(name=name).update(covers=[str(c) for c in codes])
    unit = ctx.units.get("Kompetenceteamet")
    if unit is None:  # the neighbour has no kompetenceteam
        return
    m, rng, today = ctx.municipality, ctx.rng, ctx.today
    workers = list(ctx.staff.get("Kompetenceteamet", []))
    extra = {c.name: c for c in Competence.objects.filter(name__in=EXTRA)}
    for user, name in zip(workers, EXTRA, strict=False):
        StaffProfile.objects.get(user=user).competences.add(extra[name])
    komp = Offer.objects.filter(municipality=m, unit=unit, name="SKP kompetenceteam").first()
    if komp is None:
        return
    # granted kompetenceteam efforts ordered from the team: they wait at the intake with suggestions
    granted = list(Decision.objects.filter(municipality=m, offer=komp, status=Decision.Status.GRANTED,
                                           waitlist_entry__isnull=True)
                   .select_related("case").order_by("pk")[:ORDERS])
    asked = list(Decision.objects.filter(municipality=m, offer=komp, status=Decision.Status.REQUESTED)
                 .select_related("case").order_by("pk")[:ORDERS - len(granted)])
    if len(granted) + len(asked) < ORDERS:  # a small demo: new requests on open cases of other citizens
        taken = Decision.objects.filter(municipality=m, offer=komp).values("citizen_id")
        for case in (Case.objects.filter(municipality=m, status=Case.Status.OPEN).exclude(citizen_id__in=taken)
                     .order_by("pk")[:ORDERS - len(granted) - len(asked)]):
            asked.append(Decision.objects.create(municipality=m, case=case, citizen_id=case.citizen_id, offer=komp,
                                                 requested_on=today - datetime.timedelta(days=20)))
    for d in asked:
        d.status, d.decided_on, d.decided_by = Decision.Status.GRANTED, today - datetime.timedelta(days=5), \
            d.case.caseworker
        d.start_on, d.review_on = today + datetime.timedelta(days=7), today + datetime.timedelta(days=189)
        d.hours_per_week, d.reasons = Decimal(3), "Borgeren har brug for intensiv støtte og specialviden."
    Decision.objects.bulk_update(asked, ["status", "decided_on", "decided_by", "start_on", "review_on",
                                         "hours_per_week", "reasons"])
    granted += asked
    # the heaviest needs on the kompetenceteam's cases
    cases = list(Case.objects.filter(municipality=m, decisions__offer=komp).distinct().order_by("pk"))
    for case in cases:
        picked = rng.sample(HEAVY, rng.randint(1, 2))
        case.needs = sorted({str(n) for n, _ in picked} | {str(Need.MENTAL_ILLNESS)})
        case.primary_target_group = picked[0][1]
        case.target_groups = [g for _, g in picked[1:] if g != picked[0][1]]
    Case.objects.bulk_update(cases, ["needs", "primary_target_group", "target_groups"], batch_size=1000)
    orders = []
    for i, d in enumerate(granted):
        d.status = Decision.Status.ORDERED
        d.ordered_on = max(d.decided_on or today, today - datetime.timedelta(days=2 + i))
        orders.append(Order(municipality=m, decision=d, citizen_id=d.citizen_id, unit=unit, ordered_on=d.ordered_on,
                            ordered_by=d.case.caseworker, message="Borgeren har brug for specialviden."))
    Decision.objects.bulk_update(granted, ["status", "ordered_on"])
    Order.objects.bulk_create(orders)
    _placements(ctx, unit, komp, workers)
    _asf_services(ctx)


def _placements(ctx: DemoContext, unit, komp: Offer, workers: list) -> None:
    m, today = ctx.municipality, ctx.today
    lead = next(iter(ctx.managers), workers[0])
    home = (Episode.objects.filter(municipality=m, offer=komp, ended_on__isnull=True,
                                   started_on__lte=_months(today, 4) + datetime.timedelta(days=7))
            .order_by("pk").first())
    known = set(Involvement.objects.filter(municipality=m, unit=unit).values_list("citizen_id", flat=True))
    ordered = Order.objects.filter(municipality=m, unit=unit).values("citizen_id")
    others = list(Citizen.objects.filter(municipality=m, cases__isnull=False, coordinator__isnull=False)
                  .exclude(pk__in=known)
                  .exclude(pk__in=ordered).distinct().order_by("pk")[:3 if home is None else 2])
    citizens = ([home.citizen_id] if home is not None else []) + [c.pk for c in others]
    rows = []
    for citizen_id, (provider, what, price, per, began, home_in, hours) in zip(
            citizens, PLACEMENTS[3 - len(citizens):], strict=True):
        starts = _months(today, began)
        taken = _months(today, -home_in) if home_in is not None and home_in < 0 else None
        target = _months(today, -home_in) if home_in is not None else None
        rows.append(ExternalPlacement(
            municipality=m, citizen_id=citizen_id, unit=unit, provider=provider, what=what, price=price,
            price_unit=per, starts_on=starts, ends_on=taken, target_on=target,
            home_offer=komp if hours else None, home_hours_per_week=hours,
            responsible=workers[len(rows) % len(workers)] if hours else None, taken_home_on=taken,
            plan_note="Borgeren ønsker at få støtten tættere på hjemmet." if hours else "", created_by=lead))
    ExternalPlacement.objects.bulk_create(rows)
    Involvement.objects.bulk_create([Involvement(municipality=m, citizen_id=p.citizen_id, unit=unit,
                                                 started_on=p.starts_on) for p in rows if p.citizen_id not in known])
    planned = next((p for p in rows if p.target_on and not p.taken_home_on), None)
    if planned is not None:
        HomeTakingStep.objects.bulk_create([
            HomeTakingStep(municipality=m, placement=planned, citizen_id=planned.citizen_id, text=text,
                           due_on=today + datetime.timedelta(days=due),
                           done_on=today + datetime.timedelta(days=due - 2) if done else None, created_by=lead)
            for text, due, done in STEPS])


def _asf_services(ctx: DemoContext) -> None:
    """The ASF effort is one effort with two services: the SKP-style support and the weekly club evening."""
    asf = Offer.objects.filter(municipality=ctx.municipality, name__startswith="ASF").first()
    if asf is not None and asf.grant_services:
        Decision.objects.filter(municipality=ctx.municipality, offer=asf).exclude(
            status__in=[Decision.Status.REQUESTED, Decision.Status.REFUSED]).update(services=asf.grant_services)

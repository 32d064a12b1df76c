"""Demo: the municipality's partners (Psykiatrisk Center Ballerup and its wards, a GP, Brydehuset, the
Jobcenter) with made-up SOR and EAN codes; the notification basis; hospital stays over the last year for some
citizens with support (a few readmissions within 30 days, two citizens admitted now) with their messages,
receipts, shares and the coordinator's tasks; notifications discarded by the legal filter (a count); and — for
the main municipality — a folder of incoming bundles for `tovholder receive_medcom` (`make run` reads it).
Bulk inserts, deterministic for the seed; the codes are synthetic, the CPR numbers the demo's own."""

import datetime
import json
import uuid

from django.conf import settings
from django.utils import timezone

from tovholder.demo.steps import DemoContext, step
from tovholder.offers.models import Offer
from tovholder.support.models import Episode
from tovholder.todo.models import Task

from . import (
    bundles,
    care_demo,  # noqa: F401 - care messages, discharge agreements and the coordinated plan (step 96)
)
from .models import (
    Activity,
    Admission,
    AdmissionEvent,
    Partner,
    PartnerConsent,
    Purpose,
    Receipt,
    Share,
    SharingBasis,
)
from .services import ADMITTED_TITLE, DISCHARGED_TITLE, TASK_ADMITTED, TASK_DISCHARGED, derive

MAIN = "151"
PARTNERS = [  # name, kind, parent index
    ("Psykiatrisk Center Ballerup", Partner.Kind.HOSPITAL, None),
    ("Psykiatrisk Center Ballerup, afsnit P1 (åbent afsnit)", Partner.Kind.WARD, 0),
    ("Psykiatrisk Center Ballerup, afsnit P3 (lukket afsnit)", Partner.Kind.WARD, 0),
    ("Psykiatrisk Akutmodtagelse, Bispebjerg", Partner.Kind.WARD, None),
    ("Lægerne på Torvet", Partner.Kind.GP, None),
    ("Brydehuset – misbrugsbehandling", Partner.Kind.SUBSTANCE, None),
    ("Jobcenter Ballerup", Partner.Kind.JOBCENTER, None),
]
NOTIFICATION_BASIS = dict(law="Serviceloven", paragraph="§ 12 c", purpose=Purpose.NOTIFICATION,
                          title="Advis om sygehusophold for borgere med støtte efter §§ 83–99, 107 og 108",
                          direction=SharingBasis.Direction.INCOMING, partner_kinds=["hospital", "ward"],
                          support_law="Serviceloven", support_paragraphs="83-99, 107, 108")
QUALIFYING = ("§ 85", "§ 99", "§ 107", "§ 108")


def _codes(municipality_code: str, n: int) -> tuple[str, str]:
    """Made-up SOR (15 digits) and EAN (13 digits) codes, never real ones."""
    return f"9{municipality_code}{n:011d}", f"579{municipality_code}{n:07d}"


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@step(order=88)
def partners_and_stays(ctx: DemoContext) -> None:
    m, rng, today = ctx.municipality, ctx.rng, ctx.today
    key = {k: NOTIFICATION_BASIS[k] for k in ("law", "paragraph", "purpose")}
    basis, _ = SharingBasis.objects.get_or_create(**key, defaults=NOTIFICATION_BASIS)
    management = next((u for u in ctx.units.values() if u.kind == "management"), None)
    sor, ean = _codes(m.code, 0)
    own = Partner.objects.create(municipality=m, name=f"Socialpsykiatrien, {m.name}", kind=Partner.Kind.OWN,
                                 sor_code=sor, ean_code=ean, unit=management)
    made: list[Partner] = []
    for i, (name, kind, parent) in enumerate(PARTNERS, start=1):
        sor, ean = _codes(m.code, i)
        made.append(Partner.objects.create(municipality=m, name=name, kind=kind, sor_code=sor, ean_code=ean,
                                           parent=made[parent] if parent is not None else None))
    wards = [p for p in made if p.kind == Partner.Kind.WARD]
    if m.code != MAIN:
        return
    from .principals import acting_user

    users = {w.pk: acting_user(w) for w in wards}

    # citizens with support the notification basis covers, running for most of the year
    offers = set(Offer.objects.filter(municipality=m, legal_basis__paragraph__in=QUALIFYING)
                 .values_list("pk", flat=True))
    episodes = list(Episode.objects.filter(municipality=m, offer_id__in=offers, ended_on__isnull=True,
                                           started_on__lte=today - datetime.timedelta(days=120))
                    .select_related("citizen").order_by("pk"))
    rng.shuffle(episodes)
    chosen = {}
    for e in episodes:
        chosen.setdefault(e.citizen_id, e)
    picked = list(chosen.values())[:24]
    admissions, events, shares, receipts, tasks = [], [], [], [], []
    folder_stays = []
    for n, episode in enumerate(picked):
        citizen = episode.citizen
        earliest = max(episode.started_on, today - datetime.timedelta(days=360))
        span = (today - earliest).days - 10
        if span < 30:
            continue
        start = earliest + datetime.timedelta(days=rng.randint(0, span - 20))
        stays = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            length = rng.randint(2, 21)
            stays.append((start, start + datetime.timedelta(days=length)))
            gap = rng.randint(8, 28) if rng.random() < 0.45 else rng.randint(45, 150)
            start = start + datetime.timedelta(days=length + gap)
            if start >= today - datetime.timedelta(days=3):
                break
        open_now = n < 2  # two citizens at the hospital now
        if open_now:
            stays = [s for s in stays if s[1] < today - datetime.timedelta(days=40)]
            stays.append((today - datetime.timedelta(days=rng.randint(1, 6)), None))
        for admitted_day, discharged_day in stays:
            if discharged_day is not None and discharged_day >= today:
                discharged_day = today - datetime.timedelta(days=1)
            ward = rng.choice(wards)
            stay = bundles.Stay(cpr=citizen.cpr, family=citizen.last_name, given=citizen.first_name,
                                ward=bundles.Org(ward.name, ward.sor_code, ward.ean_code),
                                receiver=bundles.Org(own.name, own.sor_code, own.ean_code),
                                admitted_at=_at(admitted_day, rng.randint(1, 22)),
                                episode=f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}")
            messages = [(Activity.ADMIT_INPATIENT, stay.admitted_at, {})]
            if discharged_day is not None:
                out = _at(discharged_day, rng.randint(9, 16))
                messages.append((Activity.DISCHARGE_INPATIENT, out, {"discharged_at": out}))
            admission = Admission(municipality=m, citizen=citizen, episode_identifier=f"|{stay.episode}", ward=ward)
            rows = []
            for activity, at, extra in messages:
                bundle = bundles.notification(stay, activity, at=at, rng=rng, **extra)
                rows.append(AdmissionEvent(
                    municipality=m, citizen=citizen, activity=activity, bundle_id=bundle["id"],
                    header_id=bundle["entry"][0]["resource"]["id"], occurred_at=at, encounter_status=(
                        "finished" if "discharged_at" in extra else "in-progress"), encounter_class="IMP",
                    period_start=stay.admitted_at, period_end=extra.get("discharged_at"), sender=ward, bundle=bundle))
                receipts.append(Receipt(municipality=m, transport="folder", bundle_id=bundle["id"],
                                        sha256=f"{rng.getrandbits(256):064x}", size=len(json.dumps(bundle)),
                                        outcome=Receipt.Outcome.ACCEPTED))
                shares.append(Share(municipality=m, citizen=citizen, partner=ward, direction="in",
                                    purpose=Purpose.NOTIFICATION, what=Activity(activity).label, basis=basis,
                                    by=users[ward.pk]))
            state, _ = derive(rows)
            for name, value in state.items():
                setattr(admission, name, value)
            who = ({"assignee_id": citizen.coordinator_id} if citizen.coordinator_id else {"team": management})
            task = None
            if discharged_day is None:
                task = Task(municipality=m, citizen=citizen, title=ADMITTED_TITLE, source=TASK_ADMITTED,
                            due=admitted_day + datetime.timedelta(days=1), created_by=users[ward.pk], **who)
                folder_stays.append((stay, ward))
            elif discharged_day >= today - datetime.timedelta(days=5):
                task = Task(municipality=m, citizen=citizen, title=DISCHARGED_TITLE, source=TASK_DISCHARGED,
                            due=discharged_day + datetime.timedelta(days=settings.DISCHARGE_FOLLOW_UP_DAYS),
                            created_by=users[ward.pk], **who)
            admissions.append((admission, rows, task))
    Admission.objects.bulk_create([a for a, _, _ in admissions])
    for admission, rows, task in admissions:
        for row in rows:
            row.admission = admission
        events.extend(rows)
        if task is not None:
            task.source_ref = f"crosssector.admission:{admission.pk}"
            tasks.append(task)
    AdmissionEvent.objects.bulk_create(events)
    Share.objects.bulk_create(shares)
    Task.objects.bulk_create(tasks)
    # the legal filter: notifications about citizens without support, kept only as a count
    receipts += [Receipt(municipality=m, transport="folder", bundle_id=str(uuid.UUID(int=rng.getrandbits(128),
                                                                                      version=4)),
                         sha256=f"{rng.getrandbits(256):064x}", size=rng.randint(4000, 9000),
                         outcome=Receipt.Outcome.DISCARDED) for _ in range(rng.randint(30, 45))]
    receipts.append(Receipt(municipality=m, transport="folder", sha256=f"{rng.getrandbits(256):064x}", size=311,
                            outcome=Receipt.Outcome.REFUSED, reason="Beskeden er ikke en FHIR-Bundle."))
    Receipt.objects.bulk_create(receipts)
    _incoming_folder(ctx, own, wards, folder_stays, episodes)


def _incoming_folder(ctx: DemoContext, own: Partner, wards: list[Partner], open_stays, episodes) -> None:
    """Bundles waiting in the folder drop (settings.MEDCOM_FOLDER/ind) for `tovholder receive_medcom`: a discharge
    of a citizen at the hospital now, a new admission of a citizen with support and the same bundle twice (a
    duplicate). The bundles about a citizen without support come last (`folder_without_support`)."""
    rng, today = ctx.rng, ctx.today
    receiver = bundles.Org(own.name, own.sor_code, own.ean_code)
    written: list[tuple[str, dict]] = []
    now = _at(today, 8)
    if open_stays:
        stay, ward = open_stays[0]
        written.append(("01-udskrivning.json", bundles.notification(
            stay, Activity.DISCHARGE_INPATIENT, at=now, discharged_at=now, rng=rng)))
    taken = set(Admission.objects.filter(
        municipality=ctx.municipality).values_list("citizen_id", flat=True))
    fresh = next((e.citizen for e in episodes if e.citizen_id not in taken), None)
    ward = wards[0]
    org = bundles.Org(ward.name, ward.sor_code, ward.ean_code)
    if fresh is not None:
        stay = bundles.Stay(cpr=fresh.cpr, family=fresh.last_name, given=fresh.first_name, ward=org, receiver=receiver,
                            admitted_at=now - datetime.timedelta(hours=5),
                            episode=f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}")
        bundle = bundles.notification(stay, Activity.ADMIT_INPATIENT, at=stay.admitted_at, rng=rng)
        written += [("02-indlaeggelse.json", bundle), ("03-samme-besked-igen.json", bundle)]
    _write(written)


def _write(written: list[tuple[str, dict]]) -> None:
    inbox = settings.MEDCOM_FOLDER / "ind"
    inbox.mkdir(parents=True, exist_ok=True)
    for name, bundle in written:
        (inbox / name).write_text(json.dumps(bundle, ensure_ascii=False, indent=1), encoding="utf-8")


@step(order=100)
def folder_without_support(ctx: DemoContext) -> None:
    """A notification about a citizen without support (discarded by the legal filter) and the same admission
    without a CPR number (refused). A step after every step that grants support, gives consent or admits: the
    citizen is one with no grant or episode at all (any paragraph), no partner consent and no stay."""
    from tovholder.citizens.models import Citizen
    from tovholder.visitation.models import Decision

    m = ctx.municipality
    if m.code != MAIN:
        return
    own = Partner.objects.filter(municipality=m, kind=Partner.Kind.OWN).order_by("pk").first()
    ward = Partner.objects.filter(municipality=m, kind=Partner.Kind.WARD).order_by("pk").first()
    if own is None or ward is None:
        return
    other = (Citizen.objects.filter(municipality=m)
             .exclude(pk__in=Episode.objects.filter(municipality=m).values("citizen_id"))
             .exclude(pk__in=Decision.objects.filter(municipality=m).values("citizen_id"))
             .exclude(pk__in=PartnerConsent.objects.filter(municipality=m).values("citizen_id"))
             .exclude(pk__in=Admission.objects.filter(municipality=m).values("citizen_id"))
             .order_by("pk").first())
    if other is None:
        return
    rng = ctx.rng
    now = _at(ctx.today, 8)
    stay = bundles.Stay(cpr=other.cpr, family=other.last_name, given=other.first_name,
                        ward=bundles.Org(ward.name, ward.sor_code, ward.ean_code),
                        receiver=bundles.Org(own.name, own.sor_code, own.ean_code),
                        admitted_at=now - datetime.timedelta(hours=3),
                        episode=f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}")
    written = [("04-uden-stoette.json", bundles.notification(stay, Activity.ADMIT_INPATIENT, at=stay.admitted_at,
                                                             rng=rng))]
    broken = bundles.notification(stay, Activity.ADMIT_INPATIENT, at=stay.admitted_at, rng=rng, remember=False)
    for entry in broken["entry"]:
        entry["resource"].pop("identifier", None) if entry["resource"]["resourceType"] == "Patient" else None
    written.append(("05-uden-cpr.json", broken))
    _write(written)

"""Demo: care-message threads with the psychiatric centre and Brydehuset (in and out, signed), discharge
agreements for admitted citizens (one with two versions, one sent as a PDF), and one dual-diagnosis
coordinated plan with actions and joint assessments. Bulk inserts, deterministic (`ctx.rng`, `ctx.today`).
Loaded by the demo builder through `crosssector.demo` (after the partners and admissions)."""

import datetime
import uuid

from django.utils import timezone

from tovholder.citizens.models import Involvement
from tovholder.demo.steps import DemoContext, step

from .models import (
    Admission,
    CareMessage,
    CareSegment,
    CareThread,
    CoordinatedAction,
    CoordinatedPlan,
    DischargeAgreement,
    DischargeAgreementVersion,
    JointAssessment,
    Partner,
    PartnerConsent,
    Purpose,
    Share,
)
from .workdays import add_working_days

WARD_TEXTS = [
    ("discharge", "Forventet udskrivelse", "Vi forventer at udskrive borgeren i løbet af næste uge. Kan I deltage i "
                                           "et netværksmøde på afsnittet?"),
    ("psychiatry-social-disability", "Borgeren er indlagt", "Borgeren er indlagt på afsnittet og har bedt os "
                                                            "orientere sin kontaktperson. Ring gerne."),
    ("carecoordination", "Opfølgning efter udskrivelse", "Borgeren er udskrevet og har tid i ambulatoriet om to "
                                                         "uger. Vil I hjælpe med at huske tiden?"),
]
OUR_REPLIES = ["Tak for beskeden. Vi kommer gerne til netværksmødet.",
               "Tak. Kontaktpersonen besøger borgeren på afsnittet i morgen.",
               "Ja, vi følger op ved næste besøg."]
BRYDE_TEXTS = [("alcohol-and-drug-treatment", "Samtaleforløb i Brydehuset",
                "Borgeren er startet i samtaleforløb hos os. Vi foreslår et fælles møde om planen.")]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _partner(m, kind: str, name_part: str = "") -> Partner | None:
    qs = Partner.objects.filter(municipality=m, kind=kind, active=True).order_by("pk")
    return (qs.filter(name__icontains=name_part).first() if name_part else None) or qs.first()


@step(order=96)
def care_messages_and_agreements(ctx: DemoContext) -> None:
    rng, today, m = ctx.rng, ctx.today, ctx.municipality
    ward = _partner(m, Partner.Kind.WARD, "Ballerup") or _partner(m, Partner.Kind.HOSPITAL)
    bryde = _partner(m, Partner.Kind.SUBSTANCE, "Brydehuset")
    own = _partner(m, Partner.Kind.OWN)
    workers = dict(Involvement.objects.active_on(today).filter(municipality=m, worker__isnull=False,
                                                               unit__kind="team")
                   .order_by("citizen_id", "started_on").values_list("citizen_id", "worker_id"))
    units = dict(Involvement.objects.active_on(today).filter(municipality=m, unit__kind="team")
                 .order_by("citizen_id", "started_on").values_list("citizen_id", "unit_id"))
    if not workers:
        return
    if own is None:  # the partners' own demo did not run: the three this demo needs (synthetic codes)
        own = Partner.objects.create(municipality=m, name=f"{m.name}, Socialpsykiatrien", kind=Partner.Kind.OWN,
                                     sor_code="900000000000001", ean_code="5790000000011",
                                     unit_id=units[min(units)])
    if ward is None:
        ward = Partner.objects.create(municipality=m, name="Psykiatrisk Center Ballerup, afsnit P1",
                                      kind=Partner.Kind.WARD, sor_code="900000000000002", ean_code="5790000000028")
    if bryde is None:
        bryde = Partner.objects.create(municipality=m, name="Brydehuset", kind=Partner.Kind.SUBSTANCE,
                                       sor_code="900000000000003", ean_code="5790000000035")
    admissions = [a for a in Admission.objects.filter(municipality=m).select_related("citizen", "ward")
                  .order_by("-admitted_at", "pk") if a.citizen_id in workers and a.admitted_at][:8]
    if not admissions:  # no stays in the demo: threads with the ward for some citizens, without agreements
        admissions = [Admission(municipality=m, citizen_id=cid, ward=ward, admitted_at=_at(
            today - datetime.timedelta(days=rng.randint(10, 60)), 12)) for cid in sorted(workers)[:6]]
        agreements_possible = False
    else:
        agreements_possible = True
    consents = PartnerConsent.objects.bulk_create([
        PartnerConsent(municipality=m, citizen_id=a.citizen_id, partner=a.ward or ward, purpose=Purpose.CARE_MESSAGE,
                       given_on=timezone.localdate(a.admitted_at), recorded_by_id=workers[a.citizen_id])
        for a in admissions[:6]])
    consent_of = {c.citizen_id: c for c in consents}

    threads, rows = [], []
    for n, a in enumerate(admissions[:6]):
        category, topic, text = WARD_TEXTS[n % len(WARD_TEXTS)]
        start = timezone.localdate(a.admitted_at) + datetime.timedelta(days=1)
        threads.append(CareThread(municipality=m, citizen_id=a.citizen_id, partner=a.ward or ward,
                                  unit_id=units.get(a.citizen_id) or own.unit_id, category=category, topic=topic,
                                  thread_id=str(uuid.UUID(int=rng.getrandbits(128))),
                                  last_at=_at(min(start + datetime.timedelta(days=1), today), 11),
                                  unread=1 if n % 3 == 2 else 0))
        rows.append((a, start, text, OUR_REPLIES[n % len(OUR_REPLIES)], n % 3 == 2))
    for citizen_id, _worker in sorted(workers.items())[:3]:
        category, topic, text = BRYDE_TEXTS[0]
        start = today - datetime.timedelta(days=rng.randint(5, 40))
        threads.append(CareThread(municipality=m, citizen_id=citizen_id, partner=bryde,
                                  unit_id=units.get(citizen_id) or own.unit_id, category=category, topic=topic,
                                  thread_id=str(uuid.UUID(int=rng.getrandbits(128))), last_at=_at(start, 14),
                                  unread=1))
        rows.append((None, start, text, "", True))
    threads = CareThread.objects.bulk_create(threads)

    messages, segments, shares = [], [], []
    for thread, (a, start, text, answer, unanswered) in zip(threads, rows, strict=True):
        incoming = CareMessage(municipality=m, thread=thread, direction="in", kind="new",
                               message_id=str(uuid.UUID(int=rng.getrandbits(128))), partner=thread.partner,
                               at=_at(start, 9), read_at=None if unanswered else _at(start, 10))
        messages.append(incoming)
        segments.append((incoming, text, "Lone Læge" if a else "Kim Rådgiver", "Overlæge" if a else "Misbrugskonsulent",
                         "38 64 00 00" if a else "44 77 11 11", _at(start, 9)))
        if not unanswered:
            worker_id = workers[thread.citizen_id]
            shares.append(Share(municipality=m, citizen_id=thread.citizen_id, partner=thread.partner,
                                direction=Share.Direction.OUTGOING, purpose=Purpose.CARE_MESSAGE,
                                what=f"Korrespondancemeddelelse: {thread.topic}", consent=consent_of[thread.citizen_id],
                                by_id=worker_id))
            out = CareMessage(municipality=m, thread=thread, direction="out", kind="reply",
                              message_id=str(uuid.UUID(int=rng.getrandbits(128))), partner=thread.partner,
                              at=_at(start, 11), sent_by_id=worker_id, file_name="")
            messages.append(out)
            segments.append((out, answer, None, "Støtte-kontaktperson", m.contact_phone or "", _at(start, 11)))
    shares = Share.objects.bulk_create(shares)
    share_iter = iter(shares)
    for msg in messages:
        if msg.direction == "out":
            msg.share = next(share_iter)
    CareMessage.objects.bulk_create(messages)
    for msg in messages:
        if msg.direction == "out":
            msg.replies_to = next(x for x in messages if x.thread is msg.thread and x.direction == "in")
    CareMessage.objects.bulk_update([x for x in messages if x.direction == "out"], ["replies_to"])
    names = _names(m, {x.sent_by_id for x in messages if x.sent_by_id})
    CareSegment.objects.bulk_create([
        CareSegment(municipality=m, message=msg, identifier=str(uuid.UUID(int=rng.getrandbits(128))), text=text,
                    signed_name=name or names.get(msg.sent_by_id, "Medarbejder"), signed_role=role,
                    signed_phone=phone, signed_at=at)
        for msg, text, name, role, phone, at in segments])

    if agreements_possible:
        _agreements(m, rng, ward, admissions[:4], workers, names)
    _coordinated_plan(m, today, ward, bryde, admissions[0].citizen_id, workers, names)


def _agreements(m, rng, ward, admissions, workers, names) -> None:
    """Discharge agreements for the four most recent stays (one revised, one a coordination plan)."""
    heads, versions = [], []
    for n, a in enumerate(admissions):
        worker_id = workers[a.citizen_id]
        notified = timezone.localdate(a.admitted_at)
        kind = DischargeAgreement.Kind.COORDINATION if n == 3 else DischargeAgreement.Kind.AGREEMENT
        heads.append(DischargeAgreement(municipality=m, citizen_id=a.citizen_id, admission=a, kind=kind,
                                        created_by_id=worker_id, version=2 if n == 0 else 1))
    heads = DischargeAgreement.objects.bulk_create(heads)
    for head, a in zip(heads, admissions, strict=True):
        notified = timezone.localdate(a.admitted_at)
        meeting = add_working_days(notified, rng.randint(3, 5))
        parties = [{"kind": "ward", "name": (a.ward or ward).name, "contact": "38 64 00 00"},
                   {"kind": "municipal", "name": "Socialpsykiatrien", "contact": names.get(head.created_by_id, "")},
                   {"kind": "gp", "name": "Egen læge", "contact": ""}]
        if head.kind == DischargeAgreement.Kind.AGREEMENT:
            parties.insert(2, {"kind": "citizen", "name": a.citizen.full_name, "contact": ""})
        actions = [
            {"party": "ward", "what": "Sender medicinliste og epikrise til egen læge", "responsible": "Overlægen",
             "due_on": meeting.isoformat()},
            {"party": "municipal", "what": "Besøg i hjemmet dagen efter udskrivning",
             "responsible": names.get(head.created_by_id, "Kontaktpersonen"),
             "due_on": (meeting + datetime.timedelta(days=3)).isoformat()},
            {"party": "gp", "what": "Kontrol af medicin", "responsible": "Egen læge",
             "due_on": (meeting + datetime.timedelta(days=14)).isoformat()}]
        reviews = [(meeting + datetime.timedelta(days=30)).isoformat()]
        for number in range(1, head.version + 1):
            versions.append(DischargeAgreementVersion(
                municipality=m, agreement=head, number=number,
                legal_basis="13b" if head.kind == DischargeAgreement.Kind.COORDINATION else "13a1",
                citizen_participated=head.kind == DischargeAgreement.Kind.AGREEMENT, notified_on=notified,
                meeting_on=meeting, parties=parties, actions=actions, review_dates=reviews,
                note="Borgeren ønsker besøg om formiddagen." if number == 2 else "", written_by_id=head.created_by_id))
    DischargeAgreementVersion.objects.bulk_create(versions)


def _coordinated_plan(m, today, ward, bryde, citizen_id, workers, names) -> None:
    """One dual-diagnosis coordinated plan with actions and joint assessments."""
    worker_id = workers[citizen_id]
    given = today - datetime.timedelta(days=45)
    plan = CoordinatedPlan.objects.create(
        municipality=m, citizen_id=citizen_id, psychiatry=ward, psychiatry_contact="Lone Læge, overlæge, 38 64 00 00",
        substance=bryde, substance_contact="Kim Rådgiver, misbrugskonsulent, 44 77 11 11",
        aim="Jeg vil have en hverdag uden hash og kunne passe mit arbejde i haven.", consent_given_on=given,
        created_by_id=worker_id)
    PartnerConsent.objects.bulk_create([
        PartnerConsent(municipality=m, citizen_id=citizen_id, partner=p, purpose=Purpose.PATHWAY, given_on=given,
                       note="Samtykke til den fælles forløbsplan", recorded_by_id=worker_id) for p in (ward, bryde)])
    CoordinatedAction.objects.bulk_create([
        CoordinatedAction(municipality=m, plan=plan, party="psychiatry", what="Medicinsk behandling og kontrol",
                          responsible="Lone Læge", due_on=today + datetime.timedelta(days=14)),
        CoordinatedAction(municipality=m, plan=plan, party="substance", what="Samtaleforløb om hash, hver 14. dag",
                          responsible="Kim Rådgiver", due_on=today + datetime.timedelta(days=7)),
        CoordinatedAction(municipality=m, plan=plan, party="municipality", what="Støtte til at holde aftalerne",
                          responsible=names.get(worker_id, "Kontaktpersonen"),
                          due_on=today + datetime.timedelta(days=3)),
        CoordinatedAction(municipality=m, plan=plan, party="citizen", what="Fører dagbog over forbrug og søvn",
                          responsible="Borgeren", due_on=today + datetime.timedelta(days=14))])
    JointAssessment.objects.bulk_create([
        JointAssessment(municipality=m, plan=plan, on=given + datetime.timedelta(days=7), place="Brydehuset",
                        summary="Borgeren er motiveret. Vi mødes igen om en måned."),
        JointAssessment(municipality=m, plan=plan, on=today + datetime.timedelta(days=21),
                        place="Psykiatrisk Center Ballerup")])


def _names(m, user_ids) -> dict[int, str]:
    from django.contrib.auth import get_user_model

    return {u.pk: u.get_full_name() or u.get_username()
            for u in get_user_model().objects.filter(pk__in=user_ids)}

"""Demo history for Ballerup Ungeindsats: the programme, every young person's education/job status over
time, the education/job goal in the plans of those in a mentor effort, joint visitation meetings (some
with the Jobcenter under the citizen's consent), psychologist talks in the ledger, and two young people
granted førtidspension who moved to SKP (SKP took one in; the other waits on SKP's intake list)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from tovholder.activities.models import Occasion, OccasionStaff, Participation
from tovholder.citizens.models import Consent, CoordinatorAssignment, Involvement, Relative
from tovholder.demo.steps import DemoContext, step
from tovholder.offers.models import Offer
from tovholder.plans.models import GOAL_TYPE_DEVELOP, Goal, Plan
from tovholder.visitation import letters
from tovholder.visitation.models import Decision, Letter, Order

from .models import JointMeeting, Move, Programme, Status, StatusEntry
from .programme import EDUCATION, EDUCATION_AND_JOB, EMPLOYMENT

S = Decision.Status
YOUTH_OFFER = "Ballerup Ungeindsats – mentorforløb"
SKP_OFFER = "SKP – støtte-kontaktperson-ordning"
# the status a young person moves to next, by where they are now (toward education and job)
NEXT = {
    None: ([Status.NEITHER, Status.CLARIFYING, Status.EDUCATION, Status.JOB], [0.45, 0.35, 0.12, 0.08]),
    Status.NEITHER: ([Status.CLARIFYING, Status.EDUCATION, Status.JOB], [0.6, 0.25, 0.15]),
    Status.CLARIFYING: ([Status.EDUCATION, Status.JOB, Status.NEITHER], [0.5, 0.3, 0.2]),
    Status.EDUCATION: ([Status.JOB, Status.CLARIFYING, Status.NEITHER], [0.4, 0.35, 0.25]),
    Status.JOB: ([Status.EDUCATION, Status.CLARIFYING, Status.NEITHER], [0.4, 0.3, 0.3]),
}
NOTES = {Status.EDUCATION: ["HF på VUC Vestegnen", "Produktionsskole", "EUD: tømrer", "Ordblindeundervisning"],
         Status.JOB: ["Deltidsjob i Bilka", "Fleksjob på lager", "Job i kantine, 15 timer"],
         Status.CLARIFYING: ["Praktik via Jobcentret", "Afklaringsforløb", "Mentorforløb med virksomhedspraktik"],
         Status.NEITHER: ["", "Sygemeldt", ""]}
GOALS = [(EDUCATION, "Jeg vil gerne tage en uddannelse"), (EMPLOYMENT, "Jeg vil have et arbejde, jeg kan holde til"),
         (EDUCATION_AND_JOB, "Jeg vil i gang med noget: skole eller job")]
AGREEMENTS = ["Mentorforløb med fokus på struktur i hverdagen; praktik afprøves efter tre måneder.",
              "Start i gruppeforløb og samtaler med psykolog; uddannelsesvejledning i foråret.",
              "Individuel støtte først; Jobcentret afventer, til den unge er klar."]
JOBCENTER = ["Jobcentret finder en praktikplads og følger op hver måned.",
             "Jobcentret holder ydelsen og aftaler afklaringsforløb."]


@step(order=88)
def ungeindsats(ctx: DemoContext) -> None:
    offers = {o.name: o for o in Offer.objects.filter(municipality=ctx.municipality)}
    if YOUTH_OFFER not in offers or SKP_OFFER not in offers:
        return
    offer = offers[YOUTH_OFFER]
    Programme.objects.create(municipality=ctx.municipality, offer=offer, pension_offer=offers[SKP_OFFER])
    rng, today, m = ctx.rng, ctx.today, ctx.municipality
    efforts = list(Decision.objects.filter(municipality=m, offer=offer, status__in=[S.ACTIVE, S.ENDED],
                                           activated_on__isnull=False).order_by("pk"))
    mentors = dict(Involvement.objects.filter(municipality=m, unit=offer.unit_id, worker__isnull=False)
                   .order_by("pk").values_list("citizen_id", "worker_id"))
    caseworkers = [u for name, users in ctx.staff.items() if ctx.units[name].kind == "casework" for u in users]
    team = ctx.staff.get(offer.unit.name, []) if offer.unit else []
    if not caseworkers or not team:
        return
    by = {u.pk: u for u in team}
    statuses, goals, meetings, staff_rows = [], [], [], []
    plans = dict(Plan.objects.filter(municipality=m, citizen_id__in=[d.citizen_id for d in efforts])
                 .values_list("citizen_id", "pk"))
    new_plans = [Plan(municipality=m, citizen_id=d.citizen_id, updated_by=by.get(mentors.get(d.citizen_id), team[0]))
                 for d in efforts if d.status == S.ACTIVE and d.citizen_id not in plans]
    Plan.objects.bulk_create(new_plans)
    plans.update({p.citizen_id: p.pk for p in new_plans})
    contacts = []
    for d in efforts:
        mentor = by.get(mentors.get(d.citizen_id), rng.choice(team))
        end = min(d.ended_on or today, today)
        day, current = d.activated_on, None
        while day <= end:
            current = rng.choices(*NEXT[current])[0]
            statuses.append(StatusEntry(municipality=m, citizen_id=d.citizen_id, status=current, since=day,
                                        note=rng.choice(NOTES[current]), recorded_by=mentor))
            day += datetime.timedelta(days=rng.randint(60, 200))
        if d.status == S.ACTIVE:
            condition, text = rng.choice(GOALS)
            goals.append(Goal(municipality=m, plan_id=plans[d.citizen_id], citizen_id=d.citizen_id, unit=offer.unit,
                              decision=d, text=text, goal_type=GOAL_TYPE_DEVELOP, condition=condition,
                              responsible=mentor, created_on=d.activated_on, created_by=mentor,
                              next_follow_up_on=today + datetime.timedelta(days=rng.randint(7, 120))))
        if rng.random() < 0.7:
            held: datetime.date = min(today, d.activated_on + datetime.timedelta(days=rng.randint(0, 30)))
            meeting = JointMeeting(municipality=m, citizen_id=d.citizen_id, held_on=held,
                                   agreement=rng.choice(AGREEMENTS), recorded_by=mentor)
            if rng.random() < 0.6:
                contact = Relative(municipality=m, citizen_id=d.citizen_id, name=ctx.fake.name(),
                                   relation="Jobcentret (kontaktperson)")
                contacts.append((contact, meeting, held - datetime.timedelta(days=rng.randint(1, 20))))
                meeting.jobcenter_part = rng.choice(JOBCENTER)
            meetings.append((meeting, [rng.choice(caseworkers), mentor]))
    StatusEntry.objects.bulk_create(statuses, batch_size=1000)
    Goal.objects.bulk_create(goals, batch_size=1000)
    Relative.objects.bulk_create([c for c, _, _ in contacts])
    consents = [Consent(municipality=m, citizen_id=c.citizen_id, relative=c, scope=Consent.Scope.MEETINGS,
                        given_on=given, note="Til fælles visitation med Jobcentret") for c, _, given in contacts]
    Consent.objects.bulk_create(consents)
    for (contact, meeting, _), consent in zip(contacts, consents, strict=True):
        meeting.jobcenter_contact, meeting.jobcenter_consent = contact, consent
    JointMeeting.objects.bulk_create([mt for mt, _ in meetings], batch_size=1000)
    through = JointMeeting.staff.through
    staff_rows = [through(jointmeeting_id=mt.pk, user_id=u.pk) for mt, users in meetings
                  for u in sorted(set(users), key=lambda u: u.pk)]
    through.objects.bulk_create(staff_rows, batch_size=1000)
    _psychologist_talks(ctx, offer, [d for d in efforts if d.status == S.ACTIVE], team, mentors)
    _two_move_to_skp(ctx, offer, efforts)


def _psychologist_talks(ctx, offer, active, team, mentors) -> None:
    """A third of those in a running mentor effort talk with the team's psychologist (the last of the team):
    some talks held, the next planned."""
    rng, m = ctx.rng, ctx.municipality
    psychologist = team[-1]
    now = timezone.make_aware(datetime.datetime.combine(ctx.today, datetime.time(9)))
    rows = []
    for d in active:
        if rng.random() > 0.33:
            continue
        for weeks in (-6, -3, 2):
            start = now + datetime.timedelta(weeks=weeks, days=rng.randint(0, 4), hours=rng.randint(0, 6))
            if start.date() < d.activated_on:
                continue
            rows.append((d.citizen_id, start, weeks < 0 and rng.random() < 0.85))
    occasions = [Occasion(municipality=m, kind=Occasion.Kind.PSYCHOLOGIST, offer=offer, unit=offer.unit,
                          starts_at=start, ends_at=start + datetime.timedelta(minutes=50), place="Ungeindsatsen",
                          status=(Occasion.Status.HELD if held else Occasion.Status.NOT_HELD) if start < now
                          else Occasion.Status.PLANNED, created_by=psychologist)
                 for _, start, held in rows]
    Occasion.objects.bulk_create(occasions, batch_size=1000)
    OccasionStaff.objects.bulk_create([OccasionStaff(municipality=m, occasion=o, user=psychologist)
                                       for o in occasions], batch_size=1000)
    P = Participation.Status
    Participation.objects.bulk_create([
        Participation(municipality=m, occasion=o, citizen_id=citizen_id, offer=offer,
                      status=(P.ATTENDED if held else P.NO_SHOW) if start < now else P.PLANNED,
                      minutes=50 if held and start < now else None)
        for o, (citizen_id, start, held) in zip(occasions, rows, strict=True)], batch_size=1000)


def _two_move_to_skp(ctx, offer, efforts) -> None:
    """Two young people granted førtidspension moved to SKP some weeks ago, as `services.move_to_skp` writes
    it (written here as history: SKP is full in the demo today, and the service refuses a move without
    room); SKP took the first in (its contact person is the coordinator), the second is on SKP's intake list."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["ungleder", "skpleder", "skp1"])}
    leader, skp_leader, contact = users.get("ungleder"), users.get("skpleder"), users.get("skp1")
    programme = Programme.objects.get(municipality=ctx.municipality)
    if leader is None or skp_leader is None or contact is None or programme.pension_offer.unit is None:
        return
    candidates = [d for d in efforts if d.status == S.ACTIVE and (ctx.today - d.activated_on).days > 90][:2]
    for i, d in enumerate(candidates):
        on = ctx.today - datetime.timedelta(days=ctx.rng.randint(10, 30))
        reasons = ("Du har fået tilkendt førtidspension. Ungeindsatsen sigter mod uddannelse og job; derfor "
                   "overgår du til støtte i SKP, hvor din plan og dine mål følger med.")
        case = d.case
        case.needs = sorted({*case.needs, "early_pension"})
        case.save(update_fields=["needs"])
        new = Decision.objects.create(
            municipality=ctx.municipality, case=case, citizen_id=d.citizen_id, offer=programme.pension_offer,
            status=S.ACTIVE if i == 0 else S.ORDERED, requested_on=on, hours_per_week=d.hours_per_week,
            start_on=on, review_on=on + datetime.timedelta(days=182), reasons=reasons, decided_on=on,
            decided_by=leader, ordered_on=on, activated_on=on + datetime.timedelta(days=5) if i == 0 else None,
            replaces=d)
        Order.objects.create(
            municipality=ctx.municipality, decision=new, citizen_id=d.citizen_id, unit=programme.pension_offer.unit,
            ordered_on=on, ordered_by=leader, status=Order.Status.STARTED if i == 0 else Order.Status.SENT,
            message="Overgår fra Ungeindsatsen efter tilkendt førtidspension. Planen og målene følger med.",
            answered_on=on + datetime.timedelta(days=3) if i == 0 else None,
            answered_by=skp_leader if i == 0 else None, contact_person=contact if i == 0 else None,
            started_on=on + datetime.timedelta(days=5) if i == 0 else None)
        d.status, d.ended_on, d.end_reason = S.ENDED, on, "Tilkendt førtidspension: overgår til SKP"
        d.save(update_fields=["status", "ended_on", "end_reason"])
        letter = Letter.objects.create(
            municipality=ctx.municipality, case=case, decision=d, citizen_id=d.citizen_id, kind=Letter.Kind.END,
            subject=letters.subject_of(Letter.Kind.END, d), sent_on=on,
            html=letters.end_letter_html(d, reasons, on, None), by=leader)
        Involvement.objects.filter(citizen_id=d.citizen_id, unit=offer.unit, ended_on__isnull=True).update(
            ended_on=on)
        citizen = d.citizen
        Goal.objects.filter(citizen=citizen, status=Goal.Status.ACTIVE, responsible__staff__units=offer.unit).update(
            responsible=contact if i == 0 else None)
        if i == 0:
            Involvement.objects.create(municipality=ctx.municipality, citizen=citizen,
                                       unit=programme.pension_offer.unit, worker=contact,
                                       started_on=on + datetime.timedelta(days=3))
        CoordinatorAssignment.objects.filter(citizen=citizen, ended_on__isnull=True).update(ended_on=on)
        citizen.coordinator = contact if i == 0 else None
        citizen.save(update_fields=["coordinator"])
        if i == 0:
            CoordinatorAssignment.objects.create(municipality=ctx.municipality, citizen=citizen, coordinator=contact,
                                                 started_on=on + datetime.timedelta(days=3), by=skp_leader,
                                                 reason="Kontaktperson i SKP efter overgangen fra Ungeindsatsen")
        Move.objects.create(municipality=ctx.municipality, citizen=citizen, pension_granted_on=on - datetime.timedelta(
            days=14), moved_on=on, from_decision=d, to_decision=new, letter=letter, reasons=reasons, by=leader)

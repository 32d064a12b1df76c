"""Demo: fictitious test citizens for the test login ("Testlogin – kun demo"), with a comment on a goal,
a Min log that holds ordinary reads, a list view and a read outside need to know (break the glass), three
months of check-ins (the first test citizen has asked for the coordinator to be told about missed check-ins),
crisis plans, a message thread answered by the coordinator and a request for help made from Min Tovholder.
Every letter of the demo is in the letter outbox as "Demo: ikke sendt" (nothing is sent from a demo). The first
test citizen has two registered relatives, one granted the crisis plan and the appointments, and both are test
relatives of the test login (the other has no access until the citizen grants it)."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from tovholder.activities.models import Occasion, Participation
from tovholder.audit.models import AccessEvent
from tovholder.citizens.models import BreakGlassGrant, Citizen, Involvement, Relative
from tovholder.courses.models import MAX_SEATS, Course, Enrolment, Seat, Session
from tovholder.demo.steps import DemoContext, step
from tovholder.dropin.models import Activity
from tovholder.plans.models import Goal
from tovholder.visitation import letters
from tovholder.visitation.models import Decision, Letter, LetterDispatch, Request, Source

from .backends import RELATIVE_PREFIX
from .identity import pseudonym, relative_cpr_hash
from .models import (
    CheckIn,
    CheckInAlert,
    CitizenAccount,
    CrisisPlan,
    CrisisPlanSharing,
    GoalEntry,
    Message,
    MessageThread,
    RelativeAccount,
    RelativeGrant,
)

TEST_CITIZENS = 3
COMMENTS = [
    "Jeg synes, det går bedre med at komme ud af døren om morgenen.",
    "Jeg vil gerne tale om det her målet næste gang, vi ses.",
    "Det er svært i weekenderne. Kan vi finde på noget sammen?",
]
STEPS = ["Gå en tur hver dag efter frokost.", "Ringe til min søster om søndagen.", "Handle ind om tirsdagen."]
THREADS = [
    ("Aftale på torsdag", "Hej. Jeg kan ikke komme til vores aftale på torsdag, fordi jeg skal til lægen. "
                          "Kan vi flytte den?",
     "Hej. Tak for beskeden. Vi flytter den til mandag kl. 10. Skriv, hvis det ikke passer."),
    ("Spørgsmål om gruppeforløbet", "Jeg vil gerne vide, om jeg må tage min søster med første gang.",
     "Ja, det må du gerne. Hun er velkommen første gang."),
    ("Tak for sidst", "Tak for turen i går. Det var godt at komme ud.", "Det var dejligt. Vi ses på tirsdag."),
]
HELP = [
    "Jeg har svært ved at klare min post og mine regninger. Kan jeg få hjælp til det?",
    "Jeg vil gerne have hjælp til at finde et sted, hvor jeg kan møde andre om aftenen.",
    "Jeg har fået et brev fra boligselskabet, som jeg ikke forstår. Kan nogen hjælpe mig?",
]
REASONS = [
    "Borgeren henvendte sig i Akuttelefonens åbningstid; tovholderen var ikke på arbejde.",
    "Borgeren mødte op på værestedet og bad om hjælp til at finde sin aftale.",
    "Opfølgning efter udskrivning fra psykiatrisk afdeling (weekendvagt).",
]


@step(order=97)
def test_citizens(ctx: DemoContext) -> None:
    m, rng = ctx.municipality, ctx.rng
    ranked = list(Goal.objects.filter(municipality=m, status=Goal.Status.ACTIVE, parent__isnull=True,
                                      citizen__coordinator__isnull=False)
                  .values("citizen_id").annotate(n=Count("pk")).order_by("-n", "citizen_id")[:TEST_CITIZENS])
    citizens = Citizen.objects.in_bulk([r["citizen_id"] for r in ranked])
    User = get_user_model()
    # only staff whose role may break the glass read outside their work (not the archivist, the council …)
    may_break = set(User.objects.filter(  # one query for all staff (has_perm asks once per user)
        Q(is_superuser=True) | Q(groups__permissions__codename="break_glass",
                                 groups__permissions__content_type__app_label="accounts")
        | Q(user_permissions__codename="break_glass", user_permissions__content_type__app_label="accounts"),
        is_active=True).values_list("pk", flat=True))
    all_staff = sorted((u for u in {u.pk: u for users in ctx.staff.values() for u in users}.values()
                        if u.pk in may_break), key=lambda u: u.pk)
    moment = timezone.make_aware(datetime.datetime.combine(ctx.today - datetime.timedelta(days=3),
                                                           datetime.time(10)))
    events, entries, requests, threads, answers = [], [], [], [], []
    for i, row in enumerate(ranked):
        citizen = citizens[row["citizen_id"]]
        user = User.objects.create_user(username=f"{pseudonym(citizen.cpr)}-{m.pk}", password=None,
                                        first_name=citizen.first_name[:150], last_name=citizen.last_name[:150])
        CitizenAccount.objects.create(municipality=m, citizen=citizen, user=user, test_login=True)
        goals = list(Goal.objects.filter(municipality=m, citizen=citizen, status=Goal.Status.ACTIVE,
                                         parent__isnull=True).order_by("pk")[:2])
        entries.append(GoalEntry(municipality=m, goal=goals[0], citizen=citizen, kind=GoalEntry.Kind.COMMENT,
                                 text=COMMENTS[i % len(COMMENTS)], written_by=user))
        if len(goals) > 1:
            entries.append(GoalEntry(municipality=m, goal=goals[1], citizen=citizen, kind=GoalEntry.Kind.STEP,
                                     text=STEPS[i % len(STEPS)], written_by=user))
        involved = set(Involvement.objects.filter(municipality=m, citizen=citizen).values_list("worker_id", flat=True))
        outsiders = [u for u in all_staff if u.pk not in involved and u.pk != citizen.coordinator_id]
        reason = REASONS[i % len(REASONS)]
        if outsiders:
            outsider = rng.choice(outsiders)
            BreakGlassGrant.objects.create(municipality=m, citizen=citizen, user=outsider, reason=reason,
                                           expires_at=moment + datetime.timedelta(minutes=60))
            events.append(AccessEvent(municipality=m, actor=outsider, citizen=citizen, what="Borgeroverblik",
                                      reason=reason, break_glass=True))
        events += [AccessEvent(municipality=m, actor_id=citizen.coordinator_id, citizen=citizen, what=what)
                   for what in ("Borgerliste", "Borgeroverblik", "Plan og mål")]
        subject, asked, answer = THREADS[i % len(THREADS)]
        threads.append(MessageThread(municipality=m, citizen=citizen, subject=subject, last_at=timezone.now(),
                                     answered=True))
        answers.append((user, citizen, asked, answer))
        requests.append(Request(municipality=m, citizen=citizen, source=Source.PORTAL,
                                requester_name=citizen.full_name[:200], asks_for=HELP[i % len(HELP)],
                                received_on=ctx.today - datetime.timedelta(days=1), received_by=user))
    GoalEntry.objects.bulk_create(entries)
    AccessEvent.objects.bulk_create(events)
    Request.objects.bulk_create(requests)
    Letter.objects.bulk_create(_letters_for(m, [citizens[r["citizen_id"]] for r in ranked]))
    MessageThread.objects.bulk_create(threads)
    Message.objects.bulk_create([
        msg for thread, (user, citizen, asked, answer) in zip(threads, answers, strict=True) for msg in (
            Message(municipality=m, thread=thread, citizen=citizen, from_citizen=True, text=asked, written_by=user),
            Message(municipality=m, thread=thread, citizen=citizen, from_citizen=False, text=answer,
                    written_by_id=citizen.coordinator_id))])
    # the demo sends nothing: every letter is in the outbox as "Demo: ikke sendt" (no file: the demo letters)
    LetterDispatch.objects.bulk_create([
        LetterDispatch(municipality=m, letter_id=pk, citizen_id=citizen_id, status=LetterDispatch.Status.DEMO,
                       transport="demo", handled_at=timezone.now())
        for pk, citizen_id in Letter.objects.filter(municipality=m, dispatch__isnull=True)
        .values_list("pk", "citizen_id").order_by("pk")], batch_size=500)
    crisis_plans(ctx)


CHECK_IN_DAYS = 90
NOTES = ["Sov dårligt, mange tanker.", "God dag på værestedet.", "Var ude at gå med naboens hund.",
         "Træt, men fik handlet ind.", "Svært at komme ud af sengen.", "Hyggede med min søster."]


@step(order=98)
def check_ins(ctx: DemoContext) -> None:
    """About three months of check-ins for each test citizen, most days, mood and sleep drifting together;
    the first one has opted in to the coordinator being told after 7 days without a check-in. Its own random
    stream (seeded from the demo's seed), so the steps after it draw as before."""
    m = ctx.municipality
    rng = random.Random(f"{ctx.seed}-tjek-ind-{m.pk}")
    accounts = list(CitizenAccount.objects.filter(municipality=m, test_login=True).select_related("citizen")
                    .order_by("pk"))
    rows = []
    for i, account in enumerate(accounts):
        mood, sleep = rng.randint(4, 7), rng.randint(4, 7)
        for back in range(CHECK_IN_DAYS, 0, -1):  # never today: the visitor checks in today themself
            if rng.random() > 0.7:
                continue
            mood = min(10, max(1, mood + rng.choice((-1, 0, 0, 1))))
            sleep = min(10, max(1, round((sleep + mood) / 2) + rng.choice((-1, 0, 1))))
            note = rng.choice(NOTES) if rng.random() < 0.2 else ""
            rows.append(CheckIn(municipality=m, citizen=account.citizen, day=ctx.today - datetime.timedelta(days=back),
                                mood=mood, sleep=sleep, note=note, written_by_id=account.user_id))
        if i == 0:
            CheckInAlert.objects.create(municipality=m, citizen=account.citizen, days=7,
                                        changed_on=ctx.today - datetime.timedelta(days=CHECK_IN_DAYS))
    CheckIn.objects.bulk_create(rows)


WARNING_SIGNS = ["Jeg sover dårligt flere nætter i træk", "Jeg holder op med at tage telefonen",
                 "Jeg glemmer at spise", "Tankerne kører rundt og bliver mørke", "Jeg aflyser aftaler"]
MY_ACTIONS = ["Går en tur ved søen", "Hører musik med høretelefoner", "Skriver til min tovholder",
              "Tager en rolig dag uden aftaler", "Tager min medicin som aftalt"]
OTHERS_ACTIONS = ["Spørg mig direkte, hvordan jeg har det", "Kom forbi med mad",
                  "Tal roligt, ikke for mange på én gang",
                  "Hjælp mig med at ringe til psykiatrien, hvis jeg ikke selv kan"]
CONTACTS = [("Min søster", "20 30 40 50"), ("Min ven Jonas", "+45 31 41 51 61"), ("Værestedet", "44 77 00 00")]


def crisis_plans(ctx: DemoContext) -> None:
    """Each test citizen has a crisis plan in two versions (the second written with the coordinator); the first
    and the third citizen share theirs with the coordinator, the second keeps it to themself."""
    m, rng = ctx.municipality, ctx.rng
    accounts = list(CitizenAccount.objects.filter(municipality=m, test_login=True)
                    .select_related("citizen__coordinator", "user").order_by("pk"))
    plans, shares = [], []
    for i, account in enumerate(accounts):
        signs = rng.sample(WARNING_SIGNS, 3)
        first = CrisisPlan(municipality=m, citizen=account.citizen, number=1, warning_signs="\n".join(signs[:2]),
                           my_actions="\n".join(rng.sample(MY_ACTIONS, 2)), others_actions=OTHERS_ACTIONS[0],
                           contacts=[{"name": n, "phone": p} for n, p in CONTACTS[:1]], written_by=account.user)
        coordinator = account.citizen.coordinator
        second = CrisisPlan(municipality=m, citizen=account.citizen, number=2, warning_signs="\n".join(signs),
                            my_actions="\n".join(rng.sample(MY_ACTIONS, 3)),
                            others_actions="\n".join(rng.sample(OTHERS_ACTIONS, 2)),
                            contacts=[{"name": n, "phone": p} for n, p in CONTACTS],
                            written_with=(coordinator.first_name.split(" ")[0] if coordinator else "")[:100],
                            written_by=account.user)
        plans += [first, second]
        if i % 2 == 0:
            shares.append(CrisisPlanSharing(municipality=m, citizen=account.citizen, shared=True))
    CrisisPlan.objects.bulk_create(plans)
    CrisisPlanSharing.objects.bulk_create(shares)
    first_written = timezone.make_aware(datetime.datetime.combine(ctx.today - datetime.timedelta(days=45),
                                                                  datetime.time(13, 30)))
    CrisisPlan.objects.filter(municipality=m, number=1).update(written_at=first_written)


LETTERS = 2
LETTERED = (Decision.Status.GRANTED, Decision.Status.ORDERED, Decision.Status.ACTIVE, Decision.Status.REFUSED)


def _letters_for(m, citizens: list[Citizen]) -> list[Letter]:
    """A test citizen has a decision letter or two in Mine breve: the letter of a decision that has none yet."""
    made = []
    for citizen in citizens:
        have = Letter.objects.filter(municipality=m, citizen=citizen).count()
        decisions = (Decision.objects.filter(municipality=m, citizen=citizen, status__in=LETTERED,
                                             decided_on__isnull=False)
                     .exclude(reasons="").exclude(letters__kind__in=[Letter.Kind.GRANT, Letter.Kind.REFUSAL])
                     .select_related("case", "offer", "citizen", "municipality").order_by("decided_on", "pk"))
        for d in decisions[:max(0, LETTERS - have)]:
            kind = Letter.Kind.REFUSAL if d.status == Decision.Status.REFUSED else Letter.Kind.GRANT
            made.append(Letter(municipality=m, case=d.case, decision=d, citizen=citizen, kind=kind,
                               subject=letters.subject_of(kind, d), sent_on=d.decided_on,
                               html=letters.decision_letter_html(d, d.decided_on), by_id=d.case.caseworker_id))
    return made


@step(order=98)
def bookings(ctx: DemoContext) -> None:
    """Courses with coming sessions and Støberiet's activities with seats are opened for the citizens' own
    sign-up; each test citizen has booked a course (a seat, or the waitlist when it is full) and a session."""
    m, now = ctx.municipality, timezone.now()
    coming = Session.objects.filter(municipality=m, occasion__status=Occasion.Status.PLANNED,
                                    occasion__starts_at__gt=now)
    courses = list(Course.objects.filter(municipality=m, audience=Course.Audience.USERS,
                                         pk__in=coming.values("course_id")).order_by("pk"))
    Course.objects.filter(pk__in=[c.pk for c in courses]).update(open_for_booking=True)
    activities = list(Activity.objects.filter(municipality=m, seats__isnull=False).order_by("pk"))
    Activity.objects.filter(pk__in=[a.pk for a in activities]).update(open_for_booking=True)
    accounts = list(CitizenAccount.objects.filter(municipality=m, test_login=True).select_related("user")
                    .order_by("pk"))
    if not accounts:
        return
    sessions: dict[int, list[Session]] = {}
    for s in coming.select_related("occasion").order_by("occasion__starts_at", "pk"):
        sessions.setdefault(s.course_id, []).append(s)
    enrolled = {(e["course_id"], e["citizen_id"]): e["status"] for e in Enrolment.objects.filter(
        course__in=courses).exclude(status=Enrolment.Status.WITHDRAWN).values("course_id", "citizen_id", "status")}
    seated = {c.pk: sum(1 for (course_id, _), s in enrolled.items() if course_id == c.pk and s == "enrolled")
              for c in courses}
    begun = set(Session.objects.filter(course__in=courses, occasion__starts_at__lte=now).values_list("course_id",
                                                                                                 flat=True))
    for c in courses:  # a course not yet begun keeps seats free for the citizens' own sign-up (the running one is full)
        if c.pk not in begun and c.seats < seated[c.pk] + 4:
            c.seats = min(MAX_SEATS, seated[c.pk] + 4)
            Course.objects.filter(pk=c.pk).update(seats=c.seats)
    enrolments, seats = [], []
    for i, account in enumerate(accounts):
        free = [c for c in courses if (c.pk, account.citizen_id) not in enrolled]
        if not free:
            continue
        course = free[i % len(free)]
        sits = seated[course.pk] < course.seats
        enrolment = Enrolment(municipality=m, course=course, citizen_id=account.citizen_id,
                              status=Enrolment.Status.ENROLLED if sits else Enrolment.Status.WAITING,
                              enrolled_by=account.user, seated_at=now if sits else None)
        enrolments.append(enrolment)
        if sits:
            seated[course.pk] += 1
            seats += [(enrolment, s) for s in sessions.get(course.pk, [])]
    Enrolment.objects.bulk_create(enrolments)
    parts = [Participation(municipality=m, occasion=s.occasion, citizen_id=e.citizen_id, offer=e.course.offer,
                           status=Participation.Status.PLANNED) for e, s in seats]
    Participation.objects.bulk_create(parts)
    Seat.objects.bulk_create([Seat(municipality=m, enrolment=e, session=s, participation=p)
                              for (e, s), p in zip(seats, parts, strict=True)])
    # a session of one of Støberiet's activities, where a seat is free
    occasions = list(Occasion.objects.filter(series__in=[a.series for a in activities], status=Occasion.Status.PLANNED,
                                             starts_at__gt=now).order_by("starts_at", "pk")[:200])
    taken: dict[int, set] = {}
    for occasion_id, citizen_id in Participation.objects.filter(occasion__in=occasions).values_list(
            "occasion_id", "citizen_id"):  # a cancelled row counts too: the citizen is on the session once
        taken.setdefault(occasion_id, set()).add(citizen_id)
    by_series = {a.series: a for a in activities}
    signups = []
    for i, account in enumerate(accounts):
        for o in occasions[i:]:
            activity, there = by_series[o.series], taken.get(o.pk, set())
            if account.citizen_id not in there and activity.seats is not None and len(there) < activity.seats:
                signups.append(Participation(municipality=m, occasion=o, citizen_id=account.citizen_id,
                                             offer=activity.offer, status=Participation.Status.PLANNED))
                there.add(account.citizen_id)
                break
    Participation.objects.bulk_create(signups)


# fictitious test relatives (name, relation, CPR number typed by the citizen; only its hash is stored)
TEST_RELATIVES = [("Kirsten Lund", "Søster", "1203724518"), ("Ole Bach", "Ven", "0507813390")]
GRANTED_PARTS = ["crisis_plan", "appointments"]


@step(order=98)
def test_relatives(ctx: DemoContext) -> None:
    m = ctx.municipality
    account = (CitizenAccount.objects.filter(municipality=m, test_login=True).select_related("citizen", "user")
               .order_by("pk").first())
    if account is None:
        return
    citizen = account.citizen
    relatives = Relative.objects.bulk_create([Relative(municipality=m, citizen=citizen, name=name, relation=relation)
                                              for name, relation, _ in TEST_RELATIVES])
    User = get_user_model()
    accounts = []
    for name, _, cpr in TEST_RELATIVES:
        digest = relative_cpr_hash(cpr)
        first, _, last = name.partition(" ")
        user = User.objects.create_user(username=f"{RELATIVE_PREFIX}{digest[:16]}-{m.pk}", password=None,
                                        first_name=first, last_name=last)
        accounts.append(RelativeAccount(municipality=m, user=user, cpr_hash=digest, name=name, test_login=True))
    RelativeAccount.objects.bulk_create(accounts)
    granted = relatives[0]
    RelativeGrant.objects.bulk_create([RelativeGrant(municipality=m, citizen=citizen, relative=granted,
                                                     cpr_hash=accounts[0].cpr_hash, parts=GRANTED_PARTS,
                                                     granted_by=account.user)])
    AccessEvent.objects.bulk_create([AccessEvent(municipality=m, actor=accounts[0].user, citizen=citizen,
                                                 what="Pårørendeadgang: Kriseplan, Aftaler")])

"""Demo: fictitious test citizens for the test login ("Testlogin – kun demo"), with a comment on a goal and
a Min log that holds ordinary reads, a list view and a read outside need to know (break the glass)."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from tovholder.activities.models import Occasion, Participation
from tovholder.audit.models import AccessEvent
from tovholder.citizens.models import BreakGlassGrant, Citizen, Involvement
from tovholder.courses.models import MAX_SEATS, Course, Enrolment, Seat, Session
from tovholder.demo.steps import DemoContext, step
from tovholder.dropin.models import Activity
from tovholder.plans.models import Goal

from .identity import pseudonym
from .models import CitizenAccount, GoalEntry

TEST_CITIZENS = 3
COMMENTS = [
    "Jeg synes, det går bedre med at komme ud af døren om morgenen.",
    "Jeg vil gerne tale om det her målet næste gang, vi ses.",
    "Det er svært i weekenderne. Kan vi finde på noget sammen?",
]
STEPS = ["Gå en tur hver dag efter frokost.", "Ringe til min søster om søndagen.", "Handle ind om tirsdagen."]
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
    all_staff = sorted((u for u in {u.pk: u for users in ctx.staff.values() for u in users}.values()
                        if u.has_perm("accounts.break_glass")), key=lambda u: u.pk)
    moment = timezone.make_aware(datetime.datetime.combine(ctx.today - datetime.timedelta(days=3),
                                                           datetime.time(10)))
    events, entries = [], []
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
    GoalEntry.objects.bulk_create(entries)
    AccessEvent.objects.bulk_create(events)


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

"""Demo group courses (seed 000: 14 courses in 2017–19, all in Sundhedshuset; seed 002: the topics,
relatives' courses with Bedre Psykiatri): rooms in Sundhedshuset, the target, courses held 2017–19 and
since, one running now with attendance and a waitlist, and some ahead. Bulk inserts, deterministic
(`ctx.rng`, `ctx.today`); a few hundred rows."""

import datetime
import zoneinfo

from django.contrib.auth.models import Group
from django.utils import timezone

from tovholder.activities.models import Occasion, OccasionStaff, Participation
from tovholder.citizens.models import Citizen, Relative
from tovholder.demo.steps import DemoContext, step
from tovholder.offers.models import Offer

from .models import Course, Enrolment, Room, Seat, Session, Target, Topic

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")
ROOMS = [("Sundhedshuset, undervisningslokale 1", 16), ("Sundhedshuset, undervisningslokale 2", 20),
         ("Sundhedshuset, mødelokale 3", 10)]
ADDRESS = "Sundhedshuset, Ballerup"
SESSIONS = 6
# (start of the first session, topic key or None for a relatives' course) — 12 held of the 14 promised
HISTORY = [(datetime.date(2017, 2, 7), "recovery"), (datetime.date(2017, 4, 18), "mestring"),
           (datetime.date(2017, 9, 5), "okonomi-bolig"), (datetime.date(2017, 10, 24), None),
           (datetime.date(2018, 1, 16), "it"), (datetime.date(2018, 3, 6), "psykoedukation"),
           (datetime.date(2018, 8, 28), "kost-sundhed"), (datetime.date(2018, 10, 16), "uddannelse-job"),
           (datetime.date(2019, 1, 22), "kommuneguide"), (datetime.date(2019, 3, 12), None),
           (datetime.date(2019, 8, 27), "medborgerskab"), (datetime.date(2019, 10, 15), "recovery")]
P = Participation.Status
E = Enrolment.Status


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=CPH)


@step(order=60)
def group_courses(ctx: DemoContext) -> None:
    offer = Offer.objects.available_to(ctx.municipality).filter(name="Gruppeforløb").first()
    skp = ctx.staff.get("SKP-teamet", [])
    if offer is None or len(skp) < 4:
        return
    rng, today, m = ctx.rng, ctx.today, ctx.municipality
    coordinator = skp[1]  # skp2 coordinates the courses besides being a support worker
    coordinator.groups.add(Group.objects.get(name="Forløbskoordinator"))
    rooms = Room.objects.bulk_create([Room(municipality=m, name=n, address=ADDRESS, capacity=c) for n, c in ROOMS])
    Target.objects.bulk_create([
        Target(municipality=m, first_year=2017, last_year=2019, courses=14, source="Budgetforlig 2016"),
        Target(municipality=m, first_year=today.year, last_year=today.year + 1, courses=6,
               source="Eksempel på et nyt mål (demo)")])
    topics = {t.key: t for t in Topic.objects.all()}
    citizen_ids = list(Citizen.objects.filter(municipality=m, involvements__unit__name="SKP-teamet")
                       .values_list("pk", flat=True).distinct().order_by("pk"))
    relatives = list(Relative.objects.filter(municipality=m).values_list("pk", "citizen_id").order_by("pk"))
    if len(citizen_ids) < 12:
        return
    monday = today - datetime.timedelta(days=today.weekday())
    plans = [(first, key, 2 if i % 3 else 1) for i, (first, key) in enumerate(HISTORY)]
    plans += [(monday - datetime.timedelta(weeks=w) + datetime.timedelta(days=1), key, 0)
              for w, key in ((60, "mestring"), (40, None), (24, "it"))]
    running = monday - datetime.timedelta(weeks=2) + datetime.timedelta(days=1)  # Tuesday, three weeks in
    plans += [(running, "recovery", 0), (monday + datetime.timedelta(weeks=4, days=3), "kost-sundhed", 2),
              (monday + datetime.timedelta(weeks=6, days=1), None, 1)]
    courses, staff_rows, occasions, sessions, held_by = [], [], [], [], []
    for i, (first, key, room) in enumerate(plans):
        topic = topics[key or "paaroerende"]
        leaders = rng.sample(skp, 2)
        seats = 10 if first == running else rng.choice([10, 12])
        course = Course(municipality=m, title=f"{topic.name} – {first.year}, hold {i % 3 + 1}" if key else
                        f"Pårørendekursus med Bedre Psykiatri – {first.year}", topic=topic, offer=offer,
                        audience=Course.Audience.RELATIVES if key is None else Course.Audience.USERS,
                        partner="" if key else "Bedre Psykiatri", seats=seats, coordinator=coordinator,
                        description="Seks kursusgange á to timer i Sundhedshuset.")
        courses.append((course, leaders, first, rooms[room]))
    Course.objects.bulk_create([c for c, *_ in courses])
    Course.leaders.through.objects.bulk_create([Course.leaders.through(course_id=c.pk, user_id=u.pk)
                                                for c, leaders, *_ in courses for u in leaders])
    now = timezone.now()
    for course, leaders, first, room in courses:
        for n in range(SESSIONS):
            day = first + datetime.timedelta(weeks=n)
            start = _at(day, 13 if course.audience == Course.Audience.USERS else 17)
            occasions.append(Occasion(municipality=m, kind=Occasion.Kind.COURSE_SESSION, offer=course.offer,
                                      unit=skp[0].staff.units.first(), starts_at=start,
                                      ends_at=start + datetime.timedelta(hours=2), place=str(room)[:200],
                                      status=Occasion.Status.PLANNED, created_by=coordinator))
            sessions.append(Session(municipality=m, course=course, room=room))
            held_by.append(leaders)
    Occasion.objects.bulk_create(occasions)
    for session, occasion, leaders in zip(sessions, occasions, held_by, strict=True):
        session.occasion = occasion
        staff_rows.extend(OccasionStaff(municipality=m, occasion=occasion, user=u) for u in leaders)
    Session.objects.bulk_create(sessions)
    OccasionStaff.objects.bulk_create(staff_rows)

    enrolments = []
    for course, _leaders, first, _room in courses:
        opened = _at(first - datetime.timedelta(days=30), 10)
        if course.audience == Course.Audience.RELATIVES:
            chosen = rng.sample(relatives, min(len(relatives), rng.randint(6, course.seats)))
            rows = [(citizen_id, relative_id) for relative_id, citizen_id in chosen]
        else:
            full = first == running
            count = course.seats + 2 if full else rng.randint(course.seats - 4, course.seats)
            rows = [(c, None) for c in rng.sample(citizen_ids, count)]
        for n, (citizen_id, relative_id) in enumerate(rows):
            seated = n < course.seats
            enrolments.append(Enrolment(
                municipality=m, course=course, citizen_id=citizen_id, relative_id=relative_id,
                status=E.ENROLLED if seated else E.WAITING, enrolled_by=coordinator,
                created_at=opened + datetime.timedelta(hours=n), seated_at=opened if seated else None))
    stamps = [e.created_at for e in enrolments]
    Enrolment.objects.bulk_create(enrolments)  # sets created_at to now (auto_now_add): put back the dates
    for e, stamp in zip(enrolments, stamps, strict=True):
        e.created_at = stamp
    Enrolment.objects.bulk_update(enrolments, ["created_at"], batch_size=500)

    by_course: dict[int, list[Enrolment]] = {}
    for e in enrolments:
        if e.status == E.ENROLLED:
            by_course.setdefault(e.course_id, []).append(e)
    participations, seats, held = [], [], set()
    for session, occasion in zip(sessions, occasions, strict=True):
        past = occasion.ends_at <= now
        for e in by_course.get(session.course_id, []):
            status, minutes = P.PLANNED, None
            if past:
                roll = rng.random()
                status = P.ATTENDED if roll < 0.8 else P.NO_SHOW if roll < 0.9 else P.CANCELLED
                minutes = 120 if status == P.ATTENDED else 0
                if status == P.ATTENDED:
                    held.add(occasion.pk)
            citizen_id = None if e.relative_id else e.citizen_id
            participations.append(Participation(municipality=m, occasion=occasion, citizen_id=citizen_id,
                                                offer=offer if citizen_id else None, status=status, minutes=minutes))
            seats.append(Seat(municipality=m, enrolment=e, session=session))
    Participation.objects.bulk_create(participations)
    for seat, participation in zip(seats, participations, strict=True):
        seat.participation = participation
    Seat.objects.bulk_create(seats)
    Occasion.objects.filter(pk__in=held).update(status=Occasion.Status.HELD)
    Occasion.objects.filter(pk__in=[o.pk for o in occasions if o.ends_at <= now and o.pk not in held]).update(
        status=Occasion.Status.NOT_HELD)

    finished = {c.pk: _at(first + datetime.timedelta(weeks=SESSIONS - 1), 16) for c, _l, first, _r in courses
                if first + datetime.timedelta(weeks=SESSIONS) <= today}
    evaluated = [e for e in enrolments if e.course_id in finished and e.status == E.ENROLLED and rng.random() < 0.7]
    for e in evaluated:
        e.eval_useful, e.eval_group, e.eval_use = rng.choice([3, 4, 4, 5, 5]), rng.choice([2, 3, 4, 5]), rng.choice(
            [3, 4, 4, 5])
        e.eval_text = rng.choice(["", "", "Godt at møde andre, der har det som mig.", "Lidt for lange gange.",
                                  "Jeg bruger øvelserne hver dag."])
        e.evaluated_at = finished[e.course_id]
    Enrolment.objects.bulk_update(evaluated, ["eval_useful", "eval_group", "eval_use", "eval_text", "evaluated_at"],
                                  batch_size=500)

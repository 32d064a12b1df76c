"""Every service of courses: rooms, courses and sessions through the kernel, enrolments and the waitlist,
attendance in the ledger, evaluations, targets — and the hostile input the task lists."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tovholder.activities import ledger
from tovholder.activities.models import Occasion, OccasionStaff, Participation
from tovholder.audit.models import AuditEvent
from tovholder.citizens.models import Citizen
from tovholder.courses import services
from tovholder.courses.models import Course, Enrolment, Room, Seat, Session, Target
from tovholder.offers.capacity import capacity_for

from .conftest import at, days, past_course, plan, sessions

E = Enrolment.Status
P = Participation.Status


def counts():
    return (Course.objects.count(), Session.objects.count(), Occasion.objects.count(), Enrolment.objects.count(),
            Participation.objects.count(), Room.objects.count(), Target.objects.count())


def test_sessions_are_course_occasions_held_by_the_leaders(world, cw):
    rows = list(cw.course.sessions.select_related("occasion"))
    assert len(rows) == 4
    assert {s.occasion.kind for s in rows} == {Occasion.Kind.COURSE_SESSION}
    assert {s.occasion.offer_id for s in rows} == {cw.course.offer_id}
    assert set(OccasionStaff.objects.filter(occasion__course_session__course=cw.course)
               .values_list("user_id", flat=True)) == {world.own_worker.pk}
    assert "Sundhedshuset" in rows[0].occasion.place
    assert AuditEvent.objects.filter(action="course.session_planned").count() == 4


def test_only_a_coordinator_plans(world, sw, cw):
    with pytest.raises(PermissionDenied):
        plan(world, sw, world.own_worker)
    with pytest.raises(PermissionDenied):
        services.add_session(actor=world.own_worker, course=cw.course, day=days(40), starts=datetime.time(9),
                             ends=datetime.time(10), room=cw.room)


@pytest.mark.parametrize("kw, message", [
    ({"seats": 0}, "fra 1 til 40"),
    ({"seats": 10_000}, "fra 1 til 40"),
    ({"title": "<script>alert(1)</script>"}, "< og >"),
    ({"title": "<b>Kursus</b>"}, "< og >"),
    ({"title": "  "}, "Skriv forløbets titel"),
    ({"leaders": []}, "mindst én holdleder"),
])
def test_bad_courses_are_refused(world, sw, cw, kw, message):
    before = counts()
    leaders = kw.pop("leaders", [world.own_worker])
    with pytest.raises(ValidationError, match=message):
        services.plan_course(actor=cw.coordinator, title=kw.pop("title", "Kursus"), topic=cw.course.topic,
                             offer=sw.group, seats=kw.pop("seats", 4), leaders=leaders) if leaders else \
            services.plan_course(actor=cw.coordinator, title="Kursus", topic=cw.course.topic, offer=sw.group,
                                 seats=4, leaders=[])
    assert counts() == before


@pytest.mark.parametrize("day, starts, ends, room, message", [
    (lambda: days(50), datetime.time(12), datetime.time(11), "room", "slutte, efter den begynder"),
    (lambda: days(50), datetime.time(12), datetime.time(12), "room", "slutte, efter den begynder"),
    (lambda: days(1), datetime.time(11), datetime.time(13), "room", "allerede booket"),
    (lambda: days(-3), datetime.time(10), datetime.time(12), "room", "passeret"),
    (lambda: datetime.date(9999, 12, 31), datetime.time(10), datetime.time(12), "room", "uden for det mulige"),
    (lambda: datetime.date(1, 1, 1), datetime.time(10), datetime.time(12), "room", "uden for det mulige"),
    (lambda: days(50), datetime.time(10), datetime.time(12), "small", "kun 3 pladser"),
    (lambda: days(50), None, datetime.time(12), "room", "Skriv dato"),
])
def test_bad_sessions_are_refused_and_nothing_is_written(world, cw, day, starts, ends, room, message):
    before = counts()
    with pytest.raises(ValidationError, match=message):
        services.add_session(actor=cw.coordinator, course=cw.course, day=day(), starts=starts, ends=ends,
                             room=cw.room if room == "room" else cw.small_room)
    assert counts() == before


def test_a_leader_booked_elsewhere_is_refused(world, sw, cw):
    other_room = services.create_room(actor=cw.coordinator, name="Sundhedshuset, lokale 2",
                                      address="Sundhedshuset, Ballerup", capacity=12)
    course = plan(world, sw, cw.coordinator, title="Kost og sundhed", topic="kost-sundhed")
    before = counts()
    with pytest.raises(ValidationError, match="Holdlederen er allerede optaget"):
        services.add_session(actor=cw.coordinator, course=course, day=days(1), starts=datetime.time(11),
                             ends=datetime.time(12), room=other_room)
    assert counts() == before
    services.add_session(actor=cw.coordinator, course=course, day=days(1), starts=datetime.time(12),
                         ends=datetime.time(13), room=other_room)  # touching is not overlapping


def test_bad_rooms_are_refused(cw):
    for kw, message in [({"capacity": 0}, "fra 1 til 500"), ({"name": "<i>x</i>"}, "< og >"),
                        ({"name": "Sundhedshuset, lokale 1"}, "findes allerede")]:
        data = {"name": "Lokale 9", "address": "Sundhedshuset", "capacity": 10} | kw
        with pytest.raises(ValidationError, match=message):
            services.create_room(actor=cw.coordinator, **data)
    assert Room.objects.count() == 2


def test_enrolment_fills_the_seats_then_the_waitlist(world, cw):
    mor = world.anna.relatives.get()
    made = [services.enrol(actor=world.own_worker, course=cw.course, citizen=c) for c in cw.citizens[1:4]]
    made.append(services.enrol(actor=world.own_worker, course=cw.course, citizen=world.anna, relative=mor))
    assert [e.status for e in made] == [E.ENROLLED] * 4
    late = services.enrol(actor=world.own_worker, course=cw.course, citizen=cw.citizens[4])
    assert late.status == E.WAITING and not late.seats.exists()
    # every seated participant is on every session: citizens by name under the offer, the relative anonymous
    assert Seat.objects.filter(enrolment__course=cw.course).count() == 16
    relative_rows = Participation.objects.filter(course_seat__enrolment=made[3])
    assert relative_rows.count() == 4 and set(relative_rows.values_list("citizen", "offer")) == {(None, None)}
    assert set(Participation.objects.filter(citizen=cw.citizens[1]).values_list("offer", flat=True)) == {
        cw.course.offer_id}
    assert AuditEvent.objects.filter(action="course.waitlisted", citizen=cw.citizens[4]).exists()
    cap = capacity_for(cw.course.offer, world.ballerup)
    assert (cap.used, cap.waiting) == (4, 1)


def test_enrolment_needs_need_to_know(world, cw):
    with pytest.raises(PermissionDenied):
        services.enrol(actor=world.other_worker, course=cw.course, citizen=world.anna)
    with pytest.raises(PermissionDenied):
        services.enrol(actor=world.herlev_worker, course=cw.course, citizen=world.anna)
    assert not Enrolment.objects.exists()


def test_enrolment_twice_in_a_past_course_or_of_another_citizens_relative_is_refused(world, sw, cw):
    services.enrol(actor=world.own_worker, course=cw.course, citizen=world.anna)
    with pytest.raises(ValidationError, match="allerede tilmeldt"):
        services.enrol(actor=world.own_worker, course=cw.course, citizen=world.anna)
    with pytest.raises(ValidationError, match="hører ikke til borgeren"):
        services.enrol(actor=world.own_worker, course=cw.course, citizen=cw.citizens[1],
                       relative=world.anna.relatives.get())
    old = past_course(world, sw, cw)
    with pytest.raises(ValidationError, match="afsluttet"):
        services.enrol(actor=world.own_worker, course=old, citizen=cw.citizens[1])
    users_only = plan(world, sw, cw.coordinator, title="It og kommunikation", audience="users", topic="it")
    with pytest.raises(ValidationError, match="ikke for pårørende"):
        services.enrol(actor=world.own_worker, course=users_only, citizen=world.anna,
                       relative=world.anna.relatives.get())
    assert Enrolment.objects.count() == 1


def test_a_freed_seat_goes_to_the_first_waiting(world, cw):
    first = [services.enrol(actor=world.own_worker, course=cw.course, citizen=c) for c in cw.citizens[:4]]
    waiting = services.enrol(actor=world.own_worker, course=cw.course, citizen=cw.citizens[4])
    moved = services.withdraw(actor=world.own_worker, enrolment=first[0], reason="Er startet i job")
    assert moved == [waiting]
    waiting.refresh_from_db()
    assert waiting.status == E.ENROLLED and waiting.seats.count() == 4
    assert set(Participation.objects.filter(course_seat__enrolment=first[0]).values_list("status", flat=True)) == {
        P.CANCELLED}
    assert AuditEvent.objects.filter(action="course.moved_up", citizen=cw.citizens[4]).exists()


def test_the_coordinator_moves_up_whom_the_withdrawing_worker_does_not_know(world, cw):
    bo_course = cw.course
    for c in cw.citizens[:4]:
        services.enrol(actor=world.own_worker, course=bo_course, citizen=c)
    bo_waits = services.enrol(actor=world.other_worker, course=bo_course, citizen=world.bo)
    first = bo_course.enrolments.get(citizen=cw.citizens[0])
    assert services.withdraw(actor=world.own_worker, enrolment=first, reason="Flytter") == []
    bo_waits.refresh_from_db()
    assert bo_waits.status == E.WAITING
    with pytest.raises(PermissionDenied):
        services.move_up(actor=world.own_worker, course=bo_course)
    assert services.move_up(actor=cw.coordinator, course=bo_course) == [bo_waits]
    with pytest.raises(ValidationError, match="ingen ledige"):
        services.move_up(actor=cw.coordinator, course=bo_course)


def test_attendance_counts_in_the_ledger_once_per_participant_and_once_per_leader(world, sw, cw):
    first = days(-14)
    with time_machine.travel(at(first - datetime.timedelta(days=1)), tick=False):
        course = plan(world, sw, cw.coordinator, title="Psykoedukation", topic="psykoedukation",
                      leaders=[world.own_worker, cw.coordinator])
        done = sessions(course, cw.coordinator, cw.room, first, count=2, hour=13)
        enrolments = [services.enrol(actor=world.own_worker, course=course, citizen=c) for c in cw.citizens[:3]]
        mor = services.enrol(actor=world.own_worker, course=course, citizen=world.anna,
                             relative=world.anna.relatives.get())
    seats = {s.enrolment_id: s.pk for s in done[0].seats.all()}
    statuses = {seats[enrolments[0].pk]: P.ATTENDED, seats[enrolments[1].pk]: P.NO_SHOW,
                seats[enrolments[2].pk]: P.CANCELLED, seats[mor.pk]: P.ATTENDED}
    assert services.record_session(actor=world.own_worker, session=done[0], statuses=statuses) == 4
    done[0].occasion.refresh_from_db()
    assert done[0].occasion.status == Occasion.Status.HELD
    rows = ledger.citizen_minutes_by_day(municipality_id=world.ballerup.pk, citizen_ids=[c.pk for c in cw.citizens])
    assert rows == [(world.anna.pk, sw.group.pk, first, 120)]  # the relative's time is no citizen's
    mondays = [ledger.monday(first)]
    staff = ledger.staff_minutes_by_week(municipality_id=world.ballerup.pk, mondays=mondays)
    assert staff == {(world.own_worker.pk, mondays[0]): 120, (cw.coordinator.pk, mondays[0]): 120}
    with pytest.raises(ValidationError, match="deltog, udeblev"):
        services.record_session(actor=world.own_worker, session=done[1],
                                statuses={done[1].seats.get(enrolment=mor).pk: "maybe"})
    with pytest.raises(ValidationError, match="ikke på kursusgangen"):
        services.record_session(actor=world.own_worker, session=done[1], statuses={10**9: P.ATTENDED})
    with pytest.raises(PermissionDenied):  # a worker who knows none of the participants
        services.record_session(actor=world.other_worker, session=done[1],
                                 statuses={s.pk: P.ATTENDED for s in done[1].seats.all()[:1]})


def test_attendance_cannot_be_recorded_before_the_session(world, cw):
    e = services.enrol(actor=world.own_worker, course=cw.course, citizen=world.anna)
    session = cw.course.sessions.first()
    with pytest.raises(ValidationError, match="fremtiden"):
        services.record_session(actor=world.own_worker, session=session,
                                statuses={e.seats.get(session=session).pk: P.ATTENDED})


def test_evaluation_at_the_end(world, sw, cw):
    e = services.enrol(actor=world.own_worker, course=cw.course, citizen=world.anna)
    with pytest.raises(ValidationError, match="sidste kursusgang"):
        services.evaluate(actor=world.own_worker, enrolment=e, useful=4, group=4, use=4)
    old = past_course(world, sw, cw)
    with time_machine.travel(at(days(-40)), tick=False):
        e = services.enrol(actor=world.own_worker, course=old, citizen=world.anna)
    for bad in (0, 6, "5", None):
        with pytest.raises(ValidationError, match="fra 1 til 5"):
            services.evaluate(actor=world.own_worker, enrolment=e, useful=bad, group=3, use=3)
    done = services.evaluate(actor=world.own_worker, enrolment=e, useful=5, group=4, use=3,
                             text="Godt at møde andre i samme situation")
    assert (done.eval_useful, done.eval_group, done.eval_use) == (5, 4, 3) and done.evaluated_at
    with pytest.raises(ValidationError, match="ændret af en anden"):
        services.evaluate(actor=world.own_worker, enrolment=e, useful=5, group=4, use=3, version=1)
    with pytest.raises(PermissionDenied):
        services.evaluate(actor=world.other_worker, enrolment=e, useful=5, group=4, use=3)


def test_targets(world, cw):
    t = services.set_target(actor=cw.coordinator, first_year=2017, last_year=2019, courses=14,
                            source="Budgetforlig 2016")
    assert str(t) == "2017–2019: 14 forløb"
    for kw, message in [({"last_year": 2016}, "samme år eller senere"), ({"courses": 0}, "fra 1 til 1000"),
                        ({"first_year": 9999}, "fra 2000 til 2100")]:
        with pytest.raises(ValidationError, match=message):
            services.set_target(actor=cw.coordinator, **({"first_year": 2017, "last_year": 2019, "courses": 14} | kw))
    with pytest.raises(PermissionDenied):
        services.set_target(actor=world.manager, first_year=2020, last_year=2021, courses=3)
    assert Target.objects.count() == 1


def test_leaders_and_the_coordinator_know_the_participants(world, sw, cw):
    leader = cw.course.leaders.get()
    services.enrol(actor=world.other_worker, course=cw.course, citizen=world.bo)
    assert Citizen.objects.known_to(leader).filter(pk=world.bo.pk).exists()
    assert Citizen.objects.known_to(cw.coordinator).filter(pk=world.bo.pk).exists()
    assert not Citizen.objects.known_to(world.manager).filter(pk=world.casey.pk).exists()
    # a relative's citizen is known to the coordinator, not to the leaders
    mor = world.anna.relatives.get()
    other = plan(world, sw, cw.coordinator, title="Pårørendekursus", audience="relatives", topic="paaroerende",
                 leaders=[world.other_worker])
    services.enrol(actor=world.own_worker, course=other, citizen=world.anna, relative=mor)
    assert not Citizen.objects.known_to(world.other_worker).filter(pk=world.anna.pk).exists()


def test_the_leaders_calendar_feed_has_the_sessions(world, cw):
    from tovholder.activities.selectors import my_occasions

    services.enrol(actor=world.own_worker, course=cw.course, citizen=world.anna)
    rows = my_occasions(world.own_worker, start=at(days(0), 0), end=at(days(30), 0))
    assert [r.occasion.kind for r in rows] == [Occasion.Kind.COURSE_SESSION] * 4
    assert all(world.anna in r.citizens for r in rows)

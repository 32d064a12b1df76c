"""Need to know on every course page with the standing users: allowed or refused, the participants named
only to those who know them, and an access event for every citizen shown. And the pages' forms."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tovholder.audit.models import AccessEvent
from tovholder.courses import services
from tovholder.courses.models import Course, Enrolment, Session, Target

from ..conftest import make_staff
from .conftest import at, days, past_course

OK, DENY, NOTFOUND = 200, 403, 404
USERS = ["own_worker", "other_worker", "manager", "caseworker", "admin", "herlev_worker"]

LIST = dict(own_worker=OK, other_worker=OK, manager=OK, caseworker=DENY, admin=DENY, herlev_worker=OK)
COURSE = dict(LIST, herlev_worker=NOTFOUND)
# an enrolment's pages: need to know of its citizen (the leader, Anna's team and its manager)
ENROLMENT = dict(own_worker=OK, other_worker=DENY, manager=OK, caseworker=DENY, admin=DENY, herlev_worker=NOTFOUND)
FIGURES = dict(own_worker=DENY, other_worker=DENY, manager=OK, caseworker=DENY, admin=DENY, herlev_worker=DENY)


@pytest.fixture
def held(world, sw, cw):
    """A past course led by own_worker with Anna on it, attendance not yet recorded."""
    course = past_course(world, sw, cw)
    with time_machine.travel(at(days(-36)), tick=False):
        enrolment = services.enrol(actor=world.own_worker, course=course, citizen=world.anna)
    return course, enrolment


def _urls(cw, held):
    course, enrolment = held
    session = course.sessions.first()
    return {
        "courses": (reverse("courses"), LIST, None),
        "rooms": (reverse("rooms"), LIST, None),
        "course": (reverse("course", args=[course.pk]), COURSE, "Anna Jensen"),
        "course_attendance": (reverse("course_attendance", args=[course.pk, session.pk]), COURSE, "Anna Jensen"),
        "course_withdraw": (reverse("course_withdraw", args=[course.pk, enrolment.pk]), ENROLMENT, "Anna Jensen"),
        "course_evaluation": (reverse("course_evaluation", args=[course.pk, enrolment.pk]), ENROLMENT,
                              "Anna Jensen"),
        "course_figures": (reverse("course_figures"), FIGURES, None),
    }


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("page", ["courses", "rooms", "course", "course_attendance", "course_withdraw",
                                  "course_evaluation", "course_figures"])
def test_need_to_know(client, world, cw, held, user, page):
    url, expected, name = _urls(cw, held)[page]
    client.force_login(getattr(world, user))
    before = AccessEvent.objects.filter(citizen=world.anna).count()
    response = client.get(url)
    assert response.status_code == expected[user]
    if response.status_code == OK and name:
        shown = name in response.content.decode()
        knows = user in ("own_worker", "manager")
        assert shown == knows
        assert (AccessEvent.objects.filter(citizen=world.anna, actor=getattr(world, user)).count() > before) == knows


def test_the_leader_sees_participants_others_see_a_count(client, world, cw):
    services.enrol(actor=world.own_worker, course=cw.course, citizen=world.anna)
    services.enrol(actor=world.other_worker, course=cw.course, citizen=world.bo)
    client.force_login(world.own_worker)  # the leader: knows Bo through the course
    page = client.get(reverse("course", args=[cw.course.pk])).content.decode()
    assert "Anna Jensen" in page and "Bo Hansen" in page
    client.force_login(world.other_worker)
    page = client.get(reverse("course", args=[cw.course.pk])).content.decode()
    assert "Bo Hansen" in page and "Anna Jensen" not in page and "2 tilmeldt i alt" in page


def test_plan_a_course_and_its_sessions_through_the_pages(client, world, sw, cw):
    client.force_login(cw.coordinator)
    data = {"title": "<b>It</b> for begyndere", "topic": cw.course.topic.pk, "offer": sw.group.pk,
            "audience": "users", "seats": 8, "leaders": [world.own_worker.pk]}
    response = client.post(reverse("course_new"), data)
    assert response.status_code == 200 and "må ikke indeholde tegnene" in response.content.decode()
    for seats in (0, 10_000):
        response = client.post(reverse("course_new"), data | {"title": "It for begyndere", "seats": seats})
        assert response.status_code == 200 and "Et forløb har" in response.content.decode()
    assert Course.objects.count() == 1
    response = client.post(reverse("course_new"), data | {"title": "It for begyndere"})
    course = Course.objects.get(title="It for begyndere")
    assert response.status_code == 302
    url = reverse("course", args=[course.pk])
    session = {"action": "session", "s-day": days(3).isoformat(), "s-starts": "14:00", "s-ends": "13:00",
               "s-room": cw.room.pk}
    response = client.post(url, session)
    assert "slutte, efter den begynder" in response.content.decode()
    response = client.post(url, session | {"s-day": days(1).isoformat(), "s-starts": "09:00", "s-ends": "11:00"})
    assert "allerede booket" in response.content.decode()
    assert Session.objects.filter(course=course).count() == 0
    assert client.post(url, session | {"s-ends": "16:00"}).status_code == 302
    assert Session.objects.filter(course=course).count() == 1
    client.force_login(world.own_worker)  # not a coordinator: cannot plan courses or sessions
    assert client.get(reverse("course_new")).status_code == 403
    assert client.post(url, session | {"s-day": days(4).isoformat(), "s-ends": "16:00"}).status_code == 403


def test_enrol_through_the_page_and_the_waitlist(client, world, cw):
    client.force_login(world.own_worker)
    url = reverse("course", args=[cw.course.pk])
    mor = world.anna.relatives.get()
    for value in [f"c{c.pk}" for c in cw.citizens[:3]] + [f"r{mor.pk}"]:
        assert client.post(url, {"action": "enrol", "t-participant": value}).status_code == 302
    response = client.post(url, {"action": "enrol", "t-participant": f"c{cw.citizens[3].pk}"}, follow=True)
    assert "står nu på ventelisten" in response.content.decode()
    assert client.post(url, {"action": "enrol", "t-participant": f"c{world.bo.pk}"}).status_code == 403
    assert client.post(url, {"action": "enrol", "t-participant": "cxyz"}).status_code == 200
    assert list(Enrolment.objects.values_list("status", flat=True)) == ["enrolled"] * 4 + ["waiting"]


def test_attendance_and_evaluation_through_the_pages(client, world, sw, cw, held):
    course, enrolment = held
    session = course.sessions.first()
    seat = enrolment.seats.get(session=session)
    client.force_login(world.own_worker)
    url = reverse("course_attendance", args=[course.pk, session.pk])
    assert client.post(url, {f"seat-{seat.pk}": "attended"}).status_code == 302
    seat.participation.refresh_from_db()
    assert seat.participation.status == "attended" and seat.participation.minutes == 120
    client.force_login(world.other_worker)
    assert client.post(url, {f"seat-{seat.pk}": "no_show"}).status_code == 403
    client.force_login(world.own_worker)
    url = reverse("course_evaluation", args=[course.pk, enrolment.pk])
    bad = client.post(url, {"useful": "9", "group": "3", "use": "3", "version": enrolment.version})
    assert bad.status_code == 200
    ok = client.post(url, {"useful": "5", "group": "4", "use": "4", "text": "<i>Godt</i>",
                           "version": enrolment.version})
    assert ok.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.eval_text == "<i>Godt</i>"
    page = client.get(reverse("citizen", args=[world.anna.pk])).content.decode()
    assert "Mestring vinter" in page and 'data-figure="course-hours">2 timer' in page


def test_figures_and_their_downloads(client, world, sw, cw, held):
    services.set_target(actor=cw.coordinator, first_year=2017, last_year=2019, courses=14)
    this_year = datetime.date.today().year
    services.set_target(actor=cw.coordinator, first_year=this_year - 1, last_year=this_year + 1, courses=5)
    client.force_login(world.manager)
    page = client.get(reverse("course_figures")).content.decode()
    assert "2017–2019" in page and 'data-figure="target">5<' in page
    csv = client.get(reverse("course_figures") + "?format=csv")
    assert csv["Content-Type"].startswith("text/csv") and "Periode;Mål (forløb)" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("course_figures") + "?format=xlsx")
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    assert client.post(reverse("course_figures"), {"first_year": 2020, "last_year": 2021, "courses": 3}
                       ).status_code == 403
    client.force_login(cw.coordinator)
    response = client.post(reverse("course_figures"), {"first_year": 2021, "last_year": 2020, "courses": 3})
    assert "samme år eller senere" in response.content.decode()
    assert Target.objects.count() == 2


def test_rooms_page(client, world, cw):
    client.force_login(cw.coordinator)
    response = client.post(reverse("rooms"), {"name": "<script>x</script>", "address": "Sundhedshuset",
                                              "capacity": 10})
    assert "må ikke indeholde" in response.content.decode()
    assert client.post(reverse("rooms"), {"name": "Lokale 3", "address": "Sundhedshuset", "capacity": 0}
                       ).status_code == 200
    assert client.post(reverse("rooms"), {"name": "Lokale 3", "address": "Sundhedshuset", "capacity": 12}
                       ).status_code == 302
    client.force_login(world.own_worker)
    assert client.post(reverse("rooms"), {"name": "Lokale 4", "address": "x", "capacity": 5}).status_code == 403


def test_start_page_panels(client, world, cw):
    services.enrol(actor=world.own_worker, course=cw.course, citizen=world.anna)
    client.force_login(world.own_worker)
    page = client.get(reverse("home")).content.decode()
    assert "Mine gruppeforløb" in page and "Recoverykursus forår" in page
    client.force_login(cw.coordinator)
    page = client.get(reverse("home")).content.decode()
    assert "Gruppeforløb og ventelister" in page and "Recoverykursus forår" in page


def test_a_malformed_leader_id_is_an_invalid_choice_not_a_server_error(client, world, sw):
    """Found by tests/test_hostile_input.py: a 20-digit id in the leaders' checkboxes reached the database."""
    from tovholder.courses.models import Course

    coordinator = make_staff("koord-x", world.ballerup, world.skp, "Forløbskoordinator")
    client.force_login(coordinator)
    response = client.post(reverse("course_new"), {"title": "Recoverykursus", "leaders": ["9" * 20],
                                                   "audience": "mixed", "description": ""})
    assert response.status_code == 200 and not Course.objects.exists()

"""A course world on top of the standing users: a course coordinator, rooms in Sundhedshuset, the group
offer, citizens of the SKP team (own_worker knows them) and a course with four sessions led by own_worker."""

import datetime
from dataclasses import dataclass

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import make_citizen, make_staff
from tovholder.courses import services
from tovholder.courses.models import Course, Room, Topic


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@dataclass
class CourseWorld:
    coordinator: object
    room: Room
    small_room: Room
    citizens: list  # five SKP citizens own_worker knows
    course: Course  # 4 seats, four weekly sessions from tomorrow, led by own_worker


def plan(world, sw, coordinator, *, title="Recoverykursus forår", seats=4, leaders=None, audience="mixed",
         topic="recovery"):
    return services.plan_course(actor=coordinator, title=title, topic=Topic.objects.get(key=topic),
                                offer=sw.group, seats=seats, leaders=leaders or [world.own_worker],
                                audience=audience)


def sessions(course, coordinator, room, first: datetime.date, count=4, hour=10):
    return [services.add_session(actor=coordinator, course=course, day=first + datetime.timedelta(weeks=i),
                                 starts=datetime.time(hour), ends=datetime.time(hour + 2), room=room)
            for i in range(count)]


@pytest.fixture
def cw(world, sw) -> CourseWorld:
    coordinator = make_staff("koord", world.ballerup, world.skp, "Forløbskoordinator", "Forløbskoordinator")
    room = services.create_room(actor=coordinator, name="Sundhedshuset, lokale 1",
                                address="Sundhedshuset, Ballerup", capacity=16)
    small = services.create_room(actor=coordinator, name="Sundhedshuset, samtalerum",
                                 address="Sundhedshuset, Ballerup", capacity=3)
    citizens = [world.anna] + [make_citizen(world.ballerup, f"1{i}0{i}8{i}123{i}", f"Kursist{i}", "Holm",
                                            unit=world.skp) for i in range(1, 5)]
    course = plan(world, sw, coordinator)
    sessions(course, coordinator, room, days(1))
    return CourseWorld(coordinator, room, small, citizens, course)


def past_course(world, sw, cw, *, weeks_ago=5, title="Mestring vinter"):
    """A course planned back then (the clock travels) whose four sessions have all passed."""
    first = days(-7 * weeks_ago)
    with time_machine.travel(at(first - datetime.timedelta(days=2)), tick=False):
        course = plan(world, sw, cw.coordinator, title=title, topic="mestring")
        sessions(course, cw.coordinator, cw.room, first, hour=13)
    return course

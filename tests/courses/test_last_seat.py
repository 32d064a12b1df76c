"""Two workers enrol two citizens in the last seat of a course at the same moment, on two real database
connections: exactly one gets the seat, the other goes on the waitlist (the course row is locked inside
the enrolment's transaction). Twenty rounds, on SQLite and on PostgreSQL.

The threads need committed rows: `committed_db` and `race` (tests/races.py)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from tests.races import race
from tovholder.accounts.models import StaffProfile, Unit
from tovholder.citizens.models import Citizen, Involvement
from tovholder.courses import services
from tovholder.courses.models import Enrolment, Topic
from tovholder.offers.models import Offer
from tovholder.tenancy.models import Municipality

ROUNDS = 20
CODE = "998"


def _staff(username, municipality, unit, role):
    user = get_user_model().objects.create_user(username=username, password="Korrekt-Hest-Batteri-9")
    user.groups.add(Group.objects.get(name=role))
    StaffProfile.objects.create(user=user, municipality=municipality, title=role, fte=Decimal(1)).units.add(unit)
    return user


def _citizen(municipality, unit, cpr, first):
    from tovholder.citizens.cpr import birth_date

    citizen = Citizen.objects.create(municipality=municipality, cpr=cpr, birth_date=birth_date(cpr),
                                     first_name=first, last_name="Samtidig")
    Involvement.objects.create(municipality=municipality, citizen=citizen, unit=unit,
                               started_on=datetime.date(2025, 1, 6))
    return citizen


@pytest.mark.django_db
def test_enrolment_locks_the_course_row(world, sw, cw):
    """The lock the race below relies on: FOR UPDATE on the course on PostgreSQL; on SQLite every write
    transaction begins IMMEDIATE, so writers queue for the database's one write lock."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        services.enrol(actor=world.own_worker, course=cw.course, citizen=world.anna)
    if connection.vendor == "postgresql":
        assert any('FROM "courses_course"' in q["sql"] and "FOR UPDATE" in q["sql"] for q in queries.captured_queries)
    else:
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def _enrol(user_id, course_id, citizen_id):
    """One enrolment, with everything read anew on the thread's own connection."""
    return services.enrol(actor=get_user_model().objects.get(pk=user_id), course=services.Course.objects.get(
        pk=course_id), citizen=Citizen.objects.get(pk=citizen_id)).status


def test_two_enrolments_in_the_last_seat(committed_db):
    m = Municipality.objects.create(code=CODE, name="Samtidighedsprøve")
    unit = Unit.objects.create(municipality=m, name="SKP", kind="team")
    coordinator = _staff("samt-koord", m, unit, "Forløbskoordinator")
    workers = [_staff("samt-a", m, unit, "Medarbejder"), _staff("samt-b", m, unit, "Medarbejder")]
    offer = Offer.objects.create(municipality=m, name="Gruppeforløb", format="group", capacity_kind="seats",
                                 capacity=Decimal(12), requires_visitation=False, unit=unit)
    room = services.create_room(actor=coordinator, name="Sundhedshuset", address="Ballerup", capacity=12)
    topic = Topic.objects.get(key="recovery")
    outcomes = []
    for n in range(ROUNDS):
        citizens = [_citizen(m, unit, f"0101{50 + n:02d}{4000 + 2 * n + i:04d}", f"R{n}{i}") for i in (0, 1)]
        course = services.plan_course(actor=coordinator, title=f"Runde {n}", topic=topic, offer=offer,
                                      seats=1, leaders=[coordinator])
        services.add_session(actor=coordinator, course=course,
                             day=timezone.localdate() + datetime.timedelta(days=1 + n),
                             starts=datetime.time(10), ends=datetime.time(12), room=room)
        results = race([lambda i=i, course=course, citizens=citizens: _enrol(workers[i].pk, course.pk, citizens[i].pk)
                        for i in (0, 1)])
        outcomes.append(sorted(str(r) for r in results))
        assert Enrolment.objects.filter(course=course, status="enrolled").count() == 1, results
    assert outcomes == [["enrolled", "waiting"]] * ROUNDS

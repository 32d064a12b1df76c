"""Two workers enrol two citizens in the last seat of a course at the same moment, on two real database
connections: exactly one gets the seat, the other goes on the waitlist (the course row is locked inside
the enrolment's transaction). Twenty rounds, on SQLite and on PostgreSQL.

The threads need committed rows, so this test commits its own small municipality and removes it again
afterwards (the audit trail's append-only triggers are set aside for that clean-up only)."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import OperationalError, connection, connections, transaction
from django.utils import timezone

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


def _clean(municipality_id: int, usernames: list[str]) -> None:
    """Remove every row of the test's municipality (and its users), the audit triggers set aside."""
    vendor = connection.vendor
    triggers = []
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
        else:
            cursor.execute("SET session_replication_role = replica")
    try:
        users = list(get_user_model().objects.filter(username__in=usernames).values_list("pk", flat=True))
        models = apps.get_models(include_auto_created=True)
        for _ in range(10):  # until nothing refers to what is left (SQLite checks each statement)
            left = 0
            for model in models:
                names = {f.name for f in model._meta.get_fields()}
                if "municipality" in names and model is not Municipality:
                    qs = model._base_manager.filter(municipality_id=municipality_id)
                elif model._meta.auto_created:
                    fks = [f for f in model._meta.fields if f.is_relation and f.related_model is not None]
                    cond = None
                    for f in fks:
                        target = {g.name for g in f.related_model._meta.get_fields()}
                        if "municipality" in target:
                            q = model._base_manager.filter(**{f"{f.name}__municipality_id": municipality_id})
                        elif f.related_model is get_user_model():
                            q = model._base_manager.filter(**{f"{f.name}_id__in": users})
                        else:
                            continue
                        cond = q if cond is None else cond | q
                    if cond is None:
                        continue
                    qs = cond
                else:
                    continue
                try:
                    with transaction.atomic():
                        qs._raw_delete(qs.db)
                except Exception:  # noqa: BLE001 - a row still referred to: the next pass takes it
                    left += 1
            if not left:
                break
        get_user_model().objects.filter(pk__in=users).delete()
        Municipality.objects.filter(pk=municipality_id).delete()
    finally:
        with connection.cursor() as cursor:
            if vendor == "sqlite":
                for _name, sql in triggers:
                    cursor.execute(sql)
            else:
                cursor.execute("SET session_replication_role = DEFAULT")


def _enrol(user_id, course_id, citizen_id, barrier, results, index):
    try:
        user = get_user_model().objects.get(pk=user_id)
        course = services.Course.objects.get(pk=course_id)
        citizen = Citizen.objects.get(pk=citizen_id)
        barrier.wait(timeout=20)
        for attempt in range(50):
            try:
                results[index] = services.enrol(actor=user, course=course, citizen=citizen).status
                break
            except OperationalError as exc:  # SQLite's in-memory test database: "table is locked"
                if "locked" not in str(exc) or attempt == 49:
                    raise
                threading.Event().wait(0.02)
    except Exception as exc:  # noqa: BLE001 - reported by the test
        results[index] = repr(exc)
    finally:
        connections.close_all()




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


def test_two_enrolments_in_the_last_seat(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        Municipality.objects.filter(code=CODE).delete()
        m = Municipality.objects.create(code=CODE, name="Samtidighedsprøve")
        usernames = ["samt-koord", "samt-a", "samt-b"]
        try:
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
                barrier = threading.Barrier(2)
                results: list = [None, None]
                threads = [threading.Thread(target=_enrol, args=(workers[i].pk, course.pk, citizens[i].pk, barrier,
                                                                 results, i)) for i in (0, 1)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join(60)
                outcomes.append(sorted(results))
                assert Enrolment.objects.filter(course=course, status="enrolled").count() == 1, results
            assert outcomes == [["enrolled", "waiting"]] * ROUNDS
        finally:
            _clean(m.pk, usernames)

"""Two staff sign up two citizens for the last seat at the same moment, on two real database
connections: exactly one wins, every round (the session's row is locked in the transaction).

The test commits (it needs two connections to see the same rows), so it runs as a transactional
test. On SQLite the flush afterwards would hit the audit tables' append-only triggers: they are
dropped for the flush and put back afterwards, with the migration's own functions."""

import datetime
import importlib
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, connections

from tovholder.activities.models import Occasion, Participation
from tovholder.dropin import services
from tovholder.offers.models import Offer, OfferQuota

triggers = importlib.import_module("tovholder.audit.migrations.0002_append_only_triggers")
ROUNDS = 20


@pytest.fixture
def _triggers_back(django_db_blocker):
    yield
    if connection.vendor == "sqlite":
        with django_db_blocker.unblock(), connection.schema_editor() as editor:
            triggers.create_triggers(None, editor)
    else:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture
def committed(_triggers_back, transactional_db):
    yield
    if connection.vendor == "sqlite":
        with connection.schema_editor() as editor:
            triggers.drop_triggers(None, editor)
    else:  # PostgreSQL flushes with TRUNCATE, which the append-only tables refuse: their triggers rest for it
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")


def test_exactly_one_wins_the_last_seat(committed, world):
    w = world
    sports = Offer.objects.create(municipality=w.ballerup, name="IF Aktivisterne", format=Offer.Format.GROUP,
                                  capacity_kind=Offer.CapacityKind.SEATS, requires_visitation=False, unit=w.skp,
                                  shared=True)
    OfferQuota.objects.create(offer=sports, municipality=w.herlev, places=None)
    activity = services.create_activity(actor=w.own_worker, offer=sports, title="Badminton", seats=1,
                                        first_day=datetime.date.today() + datetime.timedelta(days=1),
                                        starts=datetime.time(18), minutes=60, weeks=ROUNDS)
    sessions = list(Occasion.objects.filter(series=activity.series).order_by("starts_at"))
    assert len(sessions) == ROUNDS
    contenders = [(w.own_worker, w.anna), (w.herlev_worker, w.herlev_citizen)]
    for session in sessions:
        barrier = threading.Barrier(2)
        results: list[str] = []
        lock = threading.Lock()

        def take(actor, citizen, session=session, barrier=barrier, results=results, lock=lock):
            try:
                barrier.wait(timeout=10)
                services.sign_up(actor=actor, activity=activity, occasion=session, citizen=citizen)
                outcome = "won"
            except ValidationError as exc:
                outcome = "full" if "ledige pladser" in " ".join(exc.messages) else f"error: {exc.messages}"
            except OperationalError as exc:  # a busy database is a loss too, never a second seat
                outcome = f"busy: {exc}"
            finally:
                connections.close_all()
            with lock:
                results.append(outcome)

        threads = [threading.Thread(target=take, args=c) for c in contenders]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert results.count("won") == 1, results
        assert Participation.objects.filter(occasion=session).count() == 1

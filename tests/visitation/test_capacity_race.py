"""Two caseworkers take the last place of an offer at the same moment (issue 16): only one may win.

Each round makes an offer with one place and two granted decisions, then two threads — each with its own
database connection — meet at a barrier and order (or start) one decision each. Without a lock both read
"0 of 1 in use" and both commit: overbooked. `offers.capacity.lock_capacity` holds the offer's row
(SELECT … FOR UPDATE) before the count, so the second waits and then finds the place taken.

The threads must see rows the test committed, so this is the one kind of test that runs on
`transactional_db` (AGENTS.md forbids it elsewhere): on SQLite the append-only triggers refuse Django's
flush, so they are dropped for the flush and put back after it (`race_db`).
"""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, connections

from tests.conftest import make_staff
from tovholder.citizens.models import Involvement
from tovholder.offers.models import Offer
from tovholder.visitation import services
from tovholder.visitation.models import Decision

S = Decision.Status
ROUNDS = 20
TODAY = datetime.date.today
REASONS = "Borgeren har brug for støtte til at klare hverdagen i eget hjem."


@pytest.fixture
def _triggers_back(django_db_blocker):
    """Put back, after the flush, the triggers `race_db` dropped for it (SQLite only)."""
    saved: list[str] = []
    yield saved
    if saved:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            for sql in saved:
                cursor.execute(sql)
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture
def race_db(_triggers_back, transactional_db):
    """Committed rows other connections can see. On SQLite, Django's flush (DELETE FROM) would meet the
    append-only triggers; they are dropped just before it and recreated just after (PostgreSQL flushes
    with TRUNCATE, which row triggers do not see)."""
    yield
    if connection.vendor == "postgresql":  # its flush is a TRUNCATE, which the append-only tables refuse
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            for name, sql in cursor.fetchall():
                _triggers_back.append(sql)
                cursor.execute(f'DROP TRIGGER "{name}"')


def _race(ops) -> list[object]:
    """Run each op in its own thread (own connection), all released at once; what each returned or raised."""
    barrier = threading.Barrier(len(ops))
    results: list[object] = [None] * len(ops)

    def run(i, op):
        try:
            barrier.wait(timeout=30)
            results[i] = _waiting_for_sqlite(op)
        except Exception as exc:  # noqa: BLE001 - the outcome is what we assert on
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, op)) for i, op in enumerate(ops)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _waiting_for_sqlite(op):
    """SQLite's in-memory test database is shared between threads through its shared cache, whose table
    locks answer "database table is locked" at once instead of waiting as `busy_timeout` does for the file
    database in use. Waiting is emulated here: the whole transaction was rolled back, so it runs again."""
    for _ in range(2000):
        try:
            return op()
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.005)
    raise AssertionError("SQLite stayed locked")


def _fresh(user):
    """The user read anew in the thread (the principal is cached on the user object)."""
    return get_user_model().objects.get(pk=user.pk)


def _two_granted(world, offers, n: int) -> tuple[Offer, Decision, Decision]:
    offer = Offer.objects.create(municipality=world.ballerup, name=f"Bolig {n}", legal_basis=offers.housing.legal_basis,
                                 format="residential", capacity_kind="places", capacity=Decimal(1), unit=world.skp)
    decisions = []
    for citizen in (world.casey, world.bo):
        case = citizen.cases.get(status="open")
        d = services.request_offer(actor=world.caseworker, case=case, offer=offer)
        decisions.append(services.grant(actor=world.caseworker, decision=d, version=d.version, start_on=TODAY(),
                                        review_on=TODAY() + datetime.timedelta(days=90), reasons=REASONS))
    return offer, decisions[0], decisions[1]


@pytest.mark.parametrize("step", ["order", "activate"])
def test_two_caseworkers_never_overbook_the_last_place(race_db, world, offers, step):
    second = make_staff("cw2", world.ballerup, world.casework, "Sagsbehandler", "Sagsbehandler")
    Involvement.objects.create(municipality=world.ballerup, citizen=world.bo, unit=world.casework,
                               worker=world.caseworker, started_on=TODAY())
    for citizen in (world.casey, world.bo):
        services.open_case(actor=world.caseworker, citizen=citizen)
    do = services.order if step == "order" else services.activate_grant
    overbooked, refused = 0, 0
    for n in range(ROUNDS):
        offer, a, b = _two_granted(world, offers, n)
        results = _race([lambda a=a: do(actor=_fresh(world.caseworker), decision=a),
                         lambda b=b: do(actor=_fresh(second), decision=b)])
        assert all(isinstance(r, (Decision, ValidationError)) for r in results), results
        taking = Decision.objects.filter(offer=offer, status__in=(S.ORDERED, S.ACTIVE)).count()
        overbooked += taking > 1
        refused += sum(isinstance(r, ValidationError) for r in results)
    assert overbooked == 0, f"{overbooked} of {ROUNDS} rounds overbooked ({connection.vendor})"
    assert refused == ROUNDS  # every round: one wins, the other is told there is no room

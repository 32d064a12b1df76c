"""Races between two real database connections (issue 16: the last place, seat or flat goes to exactly one).

The threads must see rows the test committed, so these are the only tests on `transactional_db`
(AGENTS.md). `committed_db` is that database: after the test, Django's flush meets the append-only tables'
triggers (SQLite's DELETE triggers, PostgreSQL's TRUNCATE triggers), so they rest for the flush only —
SQLite's are dropped and put back, PostgreSQL's session skips them (`session_replication_role`).
`race(ops)` releases the operations at once, each on its own connection, and returns what each returned
or raised."""

import threading
import time

import pytest
from django.db import OperationalError, connection, connections


@pytest.fixture
def _triggers_back(django_db_blocker):
    saved: list[str] = []
    yield saved
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for sql in saved:
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture
def committed_db(_triggers_back, transactional_db):
    """Committed rows other connections can see, flushed afterwards with the append-only triggers at rest."""
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            for name, sql in cursor.fetchall():
                _triggers_back.append(sql)
                cursor.execute(f'DROP TRIGGER "{name}"')


def race(ops) -> list[object]:
    """Run each op in its own thread (own connection), all released at once; what each returned or raised."""
    barrier = threading.Barrier(len(ops))
    results: list[object] = [None] * len(ops)

    def run(i, op):
        try:
            barrier.wait(timeout=30)
            results[i] = _waiting_for_sqlite(op)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test asserts on
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

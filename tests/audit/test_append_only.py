"""The access log and the audit trail cannot be changed or deleted — not by the ORM, not by SQL."""

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from tovholder.audit.models import AccessEvent, AppendOnlyError, AuditEvent
from tovholder.audit.services import record_access, record_audit


def _event(world):
    record_access(actor=world.own_worker, citizen=world.anna, what="Borgeroverblik")
    return AccessEvent.objects.get()


def test_orm_refuses_update_and_delete(world):
    event = _event(world)
    event.what = "ændret"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.filter(pk=event.pk).update(what="ændret")
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.all().delete()


@pytest.mark.parametrize("sql", ["UPDATE {t} SET what = 'x'", "DELETE FROM {t}"])
def test_database_refuses_update_and_delete(world, sql):
    _event(world)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.format(t=AccessEvent._meta.db_table))
    assert AccessEvent.objects.get().what == "Borgeroverblik"


def test_audit_trail_is_append_only_too(world):
    with transaction.atomic():
        record_audit(actor=world.caseworker, municipality=world.ballerup, action="x", obj=world.anna,
                     citizen=world.anna)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table}")
    assert AuditEvent.objects.count() == 1


def test_a_failed_service_leaves_no_audit_event(world):
    """The write and its audit event land together or not at all."""
    from django.core.exceptions import ValidationError

    from tovholder.citizens import services

    with pytest.raises(ValidationError):
        services.create_citizen(actor=world.caseworker, cpr="1505854321", first_name="Ok", last_name="x" * 500)
    assert not AuditEvent.objects.exists()


# Every way to change or empty a row, on the database in use (SQLite or PostgreSQL). REPLACE and an
# upsert delete or rewrite the row in the way without an UPDATE/DELETE row trigger; TRUNCATE fires none.
_WAYS = {
    "update": "UPDATE {t} SET {col} = 'x' WHERE id = {id}",
    "delete": "DELETE FROM {t} WHERE id = {id}",
    "delete_all": "DELETE FROM {t}",
    "replace": "REPLACE INTO {t} ({cols}) SELECT {vals} FROM {t} WHERE id = {id}",
    "insert_or_replace": "INSERT OR REPLACE INTO {t} ({cols}) SELECT {vals} FROM {t} WHERE id = {id}",
    "upsert": "INSERT INTO {t} ({cols}) SELECT {vals} FROM {t} WHERE id = {id} "
              "ON CONFLICT (id) DO UPDATE SET {col} = 'x'",
    "upsert_nothing_then_update": "INSERT INTO {t} ({cols}) SELECT {vals} FROM {t} WHERE id = {id} "
                                  "ON CONFLICT (id) DO NOTHING",
    "truncate": "TRUNCATE {t}",
    "truncate_table": "TRUNCATE TABLE {t}",
}
_SQLITE_ONLY = {"replace", "insert_or_replace"}
_POSTGRES_ONLY = {"truncate", "truncate_table"}
_ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
_HERE = sorted(w for w in _WAYS if w not in (_SQLITE_ONLY if _ON_POSTGRES else _POSTGRES_ONLY))


def _rows(world):
    record_access(actor=world.own_worker, citizen=world.anna, what="Borgeroverblik")
    with transaction.atomic():
        record_audit(actor=world.caseworker, municipality=world.ballerup, action="x", obj=world.anna,
                     citizen=world.anna)
    return {AccessEvent: "what", AuditEvent: "action"}


@pytest.mark.parametrize("way", _HERE)
@pytest.mark.parametrize("model", ["access", "audit"])
def test_every_way_to_change_a_row_is_refused(world, way, model):
    columns = _rows(world)
    cls = AccessEvent if model == "access" else AuditEvent
    col = columns[cls]
    table = cls._meta.db_table
    names = [f.column for f in cls._meta.concrete_fields]
    before = list(cls.objects.values_list(*names))
    row_id = before[0][0]
    cols = ", ".join(names)
    vals = ", ".join("'x'" if n == col else n for n in names)
    sql = _WAYS[way].format(t=table, col=col, cols=cols, vals=vals, id=row_id)
    if way == "upsert_nothing_then_update":
        # DO NOTHING changes nothing: allowed on PostgreSQL, refused on SQLite by the insert trigger.
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
        except DatabaseError:
            pass
    else:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            if _ON_POSTGRES:  # fire the test transaction's deferred FK checks, or TRUNCATE refuses for that
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(sql)
    assert list(cls.objects.values_list(*names)) == before

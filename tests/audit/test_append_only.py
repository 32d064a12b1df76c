"""The access log and the audit trail cannot be changed or deleted — not by the ORM, not by SQL."""

import pytest
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

"""Writing the audit trail and the access log. Called by every service and every selector."""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from tovholder.records import lock_version
from tovholder.tenancy.models import TenantModel

from .events import EventCode
from .models import AccessEvent, AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    # accounts.principals.Actor, spelled out: audit sits beside accounts and does not import it
    Actor = User | AnonymousUser
else:
    Actor = object


def record_audit(
    *,
    actor: Actor,
    municipality,
    action: EventCode,
    obj: models.Model,
    citizen=None,
    detail: dict | None = None,
) -> AuditEvent:
    """Record a write. Must run inside the service's transaction, so both land or neither does."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_audit skal kaldes inde i servicens transaktion.")
    assert actor.is_authenticated
    return AuditEvent.objects.create(
        municipality=municipality,
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        citizen=citizen,
        detail=detail or {},
    )


def _json_safe(value):
    if value is None or isinstance(value, (bool, int, float, str, dict, list)):
        return value
    return str(value)  # dates, Decimals, model instances: as their text


def audit(actor: Actor, obj: TenantModel, action: EventCode, citizen=None, **detail) -> AuditEvent:
    """`record_audit` for the common case: the municipality is the object's, the details are
    keyword arguments made JSON-safe."""
    return record_audit(actor=actor, municipality=obj.municipality, action=action, obj=obj, citizen=citizen,
                        detail={key: _json_safe(value) for key, value in detail.items()})


def record_access(*, actor: Actor, citizen, what: str, reason: str = "", break_glass: bool = False) -> None:
    """Record one read of one citizen's data."""
    assert actor.is_authenticated
    AccessEvent.objects.create(
        municipality_id=citizen.municipality_id,
        actor=actor,
        citizen=citizen,
        what=what,
        reason=reason,
        break_glass=break_glass,
    )


def record_list_access(*, actor: Actor, citizens: Iterable, what: str) -> None:
    """Record that a list (`what`, e.g. "Min dag") showed these citizens: one event per user, citizen, list
    and day. A citizen already recorded for this user and list today is not recorded again, so reloading a
    start page does not flood the citizen's log; the log still shows the citizen was listed that day. A page
    that opens a citizen's data records its own event every time (`record_access`). One read, one insert."""
    assert actor.is_authenticated
    shown: dict[int, Any] = {}
    for citizen in citizens:
        if citizen is not None:
            shown.setdefault(citizen.pk, citizen)
    if not shown:
        return
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    already = set(AccessEvent.objects.filter(
        municipality_id__in={c.municipality_id for c in shown.values()}, actor=actor, at__gte=midnight, what=what,
        citizen_id__in=shown).values_list("citizen_id", flat=True))
    AccessEvent.objects.bulk_create(
        AccessEvent(municipality_id=c.municipality_id, actor=actor, citizen=c, what=what)
        for pk, c in shown.items() if pk not in already
    )


STALE = ("{what} er ændret af {who}, mens du redigerede. Dine ændringer er ikke gemt; se den nye udgave "
         "herunder og prøv igen.")


def last_editor(obj: models.Model):
    """Who last changed the record, from the audit trail (None if nobody has)."""
    event = (AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
             .select_related("actor").order_by("-pk").first())
    return event.actor if event else None


def lock_naming_editor(model, obj: models.Model, version: int | None, what: str):
    """`records.lock_version`, refusing a stale save with a message that names who saved last."""

    def message(current) -> str:
        who = last_editor(current)
        return STALE.format(what=what, who=(who.get_full_name() or who.username) if who else "en anden")

    return lock_version(model, obj, version, message)

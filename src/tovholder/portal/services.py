"""What the citizen writes in the portal: a comment on a goal, an own step. Through the write gate with the
citizen as actor (the citizen principal knows only itself) and audited in the same transaction."""

import datetime
import logging
import time
import uuid
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of
from tovholder.audit.services import audit, record_access
from tovholder.citizens.gate import require_write
from tovholder.plans.models import Goal
from tovholder.records import clean_text

from .events import Event
from .models import DataCopy, GoalEntry
from .principals import CitizenPrincipal

logger = logging.getLogger(__name__)

PERM = "portal.write_own"
MAX_TEXT = 2000


def citizen_principal(actor: Actor) -> CitizenPrincipal:
    principal = principal_of(actor)
    if not isinstance(principal, CitizenPrincipal):
        raise PermissionDenied("Min Tovholder er for borgeren selv.")
    return principal


@transaction.atomic
def add_goal_entry(*, actor: Actor, goal_id: int | None, kind: str, text: str) -> GoalEntry:
    """Write the citizen's comment or own step on one of their own active goals."""
    principal = citizen_principal(actor)
    if kind not in GoalEntry.Kind.values:
        raise ValidationError({"kind": "Vælg om det er en kommentar eller et skridt."})
    goal = (Goal.objects.select_related("citizen").filter(
        pk=goal_id, citizen_id=principal.citizen_id, municipality_id=principal.municipality_id).first()
        if goal_id is not None else None)
    if goal is None:
        raise Http404("Målet findes ikke.")
    require_write(actor, goal.citizen, perm=PERM)
    if not goal.is_active:
        raise ValidationError({"text": "Målet er afsluttet; du kan ikke skrive på det længere."})
    label = "din kommentar" if kind == GoalEntry.Kind.COMMENT else "dit skridt"
    body = clean_text(text, field="text", label=label, required=True, max_length=MAX_TEXT, min_length=2)
    entry = GoalEntry.objects.create(municipality_id=goal.municipality_id, goal=goal, citizen=goal.citizen,
                                     kind=kind, text=body, written_by=principal.user)
    audit(actor, entry, Event.GOAL_COMMENTED if kind == GoalEntry.Kind.COMMENT else Event.STEP_ADDED,
          goal.citizen, goal=goal.pk)
    return entry


# ---- A copy of my data (GDPR art. 15) ----

@transaction.atomic
def request_data_copy(*, actor: Actor) -> DataCopy:
    """The citizen asks for a copy of their data: at most `MAX_PER_DAY` in 24 hours; the task worker makes it."""
    from tovholder.citizens.models import Citizen

    from . import datacopy
    from .tasks import make_data_copy_task

    principal = citizen_principal(actor)
    citizen = Citizen.objects.select_for_update().get(pk=principal.citizen_id,
                                                      municipality_id=principal.municipality_id)
    require_write(actor, citizen, perm=PERM)
    since = timezone.now() - datetime.timedelta(hours=24)
    recent = DataCopy.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen, created_at__gte=since)
    if recent.count() >= datacopy.MAX_PER_DAY:
        raise ValidationError(f"Du har allerede bestilt {datacopy.MAX_PER_DAY} kopier af dine data inden for det "
                              "seneste døgn. Brug en af dem, eller prøv igen i morgen.")
    if recent.filter(status__in=(DataCopy.Status.QUEUED, DataCopy.Status.RUNNING)).exists():
        raise ValidationError("Din kopi er allerede på vej. Vent, til den er klar.")
    copy = DataCopy.objects.create(municipality_id=citizen.municipality_id, citizen=citizen,
                                   requested_by=principal.user)
    record_access(actor=actor, citizen=citizen, what="Kopi af mine data: bestilt (Min Tovholder)")
    audit(actor, copy, Event.DATA_COPY_REQUESTED, citizen)
    task = make_data_copy_task.enqueue(copy.pk)
    DataCopy.objects.filter(pk=copy.pk).update(task_id=str(task.id)[:64])
    copy.refresh_from_db()
    return copy


class _Progress:
    """Writes the copy's progress, only when it moved."""

    def __init__(self, copy_id: int):
        self.copy_id, self.last = copy_id, -1

    def __call__(self, fraction: float) -> None:
        percent = max(0, min(99, int(fraction * 100)))
        if percent > self.last:
            DataCopy.objects.filter(pk=self.copy_id).update(progress=percent)
            self.last = percent


def execute_data_copy(*, copy_id: int) -> None:
    """Make a queued copy (the background task calls this), in the name of the citizen who asked. A failure is
    stored on the copy with a Danish message and audited, never raised."""
    from . import datacopy
    from .selectors import data_copy_contents

    copy = DataCopy.objects.select_related("requested_by", "citizen__municipality").filter(pk=copy_id).first()
    if copy is None or copy.status != DataCopy.Status.QUEUED:
        return
    began = time.perf_counter()
    DataCopy.objects.filter(pk=copy_id).update(status=DataCopy.Status.RUNNING, progress=1)
    file_name = f"{copy.municipality_id}/{copy.citizen_id}/{uuid.uuid4().hex}.zip"
    progress = _Progress(copy_id)
    try:
        with transaction.atomic():
            sections = data_copy_contents(copy.requested_by, copy.citizen_id, progress)
        size = datacopy.write_zip(file_name, sections, copy.citizen, progress)
    except Exception as exc:  # noqa: BLE001 - stored on the copy for the citizen, logged for operators
        logger.exception("Kopi af data %s fejlede", copy_id)
        with transaction.atomic():
            DataCopy.objects.filter(pk=copy_id).update(
                status=DataCopy.Status.FAILED, finished_at=timezone.now(),
                error="Kopien kunne ikke laves. Prøv igen senere, eller kontakt kommunen.")
            audit(copy.requested_by, copy, Event.DATA_COPY_FAILED, copy.citizen, fejl=f"{type(exc).__name__}"[:200])
        return
    now = timezone.now()
    with transaction.atomic():
        DataCopy.objects.filter(pk=copy_id).update(
            status=DataCopy.Status.DONE, progress=100, file_name=file_name, size_bytes=size, finished_at=now,
            expires_at=now + datetime.timedelta(days=datacopy.KEEP_DAYS))
        audit(copy.requested_by, copy, Event.DATA_COPY_MADE, copy.citizen, bytes=size,
              sekunder=round(time.perf_counter() - began, 2))


@transaction.atomic
def download_data_copy(*, actor: Actor, copy: DataCopy) -> Path | None:
    """The citizen fetches their copy: logged (Min log shows it) and audited; returns the file. None when it cannot
    be fetched (not ready, failed, or its time is up: then it is deleted here and now)."""
    from . import datacopy

    principal = citizen_principal(actor)
    if copy.citizen_id != principal.citizen_id or copy.municipality_id != principal.municipality_id:
        raise Http404("Kopien findes ikke.")
    if copy.status == DataCopy.Status.DONE and copy.expires_at and copy.expires_at <= timezone.now():
        _delete(copy, actor=actor)
    path = datacopy.path_of(copy.file_name) if copy.file_name else None
    if copy.status != DataCopy.Status.DONE or path is None or not path.is_file():
        return None
    record_access(actor=actor, citizen=copy.citizen, what="Kopi af mine data: hentet (Min Tovholder)")
    DataCopy.objects.filter(pk=copy.pk).update(downloads=copy.downloads + 1)
    audit(actor, copy, Event.DATA_COPY_DOWNLOADED, copy.citizen)
    return path


def _delete(copy: DataCopy, *, actor: Actor | None) -> None:
    from . import datacopy

    if copy.file_name:
        datacopy.path_of(copy.file_name).unlink(missing_ok=True)
    DataCopy.objects.filter(pk=copy.pk).update(status=DataCopy.Status.EXPIRED, file_name="")
    copy.status, copy.file_name = DataCopy.Status.EXPIRED, ""
    audit(actor or copy.requested_by, copy, Event.DATA_COPY_DELETED, copy.citizen)


@transaction.atomic
def delete_expired_data_copies(*, now: datetime.datetime | None = None) -> int:
    """The nightly job: delete the files of copies past their time (the rows stay, marked as deleted)."""
    now = now or timezone.now()
    expired = list(DataCopy.objects.filter(status=DataCopy.Status.DONE, expires_at__lte=now)
                   .select_related("requested_by", "citizen", "municipality"))
    for copy in expired:
        _delete(copy, actor=None)
    return len(expired)

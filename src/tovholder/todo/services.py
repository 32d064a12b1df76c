"""Every write of tasks. Keyword-only, the acting user first, the gate first, one transaction, audited.

Who may write (ADR 0025-one-task-list):
- create: staff of the municipality; a task about a citizen needs need to know of the citizen
  (`citizens.gate.require_write`), or, for an app that hands in something new about a citizen without
  reading the case (a hospital notification arriving), `referral=True` (`require_referral`);
- complete and hand on: the assignee, the creator, or staff whose units (managers: with the units below)
  hold the task's team; and for a task about a citizen, need to know of the citizen. A break-the-glass
  grant never writes.
The person or team a task goes to must belong to the municipality, and a person must know the citizen
the task is about, so nobody is given a task they could not see.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from tovholder.accounts.models import Unit
from tovholder.accounts.principals import Actor, Principal, principal_of
from tovholder.audit.services import audit
from tovholder.citizens.gate import knows, require_referral, require_write
from tovholder.citizens.models import Citizen
from tovholder.layout.dates import check_date
from tovholder.records import clean_text, lock_version

from .events import Event
from .models import Task

ADD_TASK = "todo.add_task"
ALREADY_DONE = "Opgaven er allerede løst."
NOT_YOURS = "Opgaven er hverken din eller dit teams."
NOT_STAFF = "Medarbejderen findes ikke i kommunen."


def ref_of(obj: models.Model | str) -> str:
    """The plain reference a task keeps to the record it came from: "visitation.case:12"."""
    if isinstance(obj, str):
        return obj
    return f"{obj._meta.label_lower}:{obj.pk}"


def _check_due(due: datetime.date | None) -> datetime.date:
    if not isinstance(due, datetime.date):
        raise ValidationError({"due": "Skriv en frist."})
    check_date(due, kind="planned", field="due")
    return due


def _check_assignee(principal: Principal, citizen: Citizen | None, assignee, field: str = "assignee"):
    if assignee is None:
        return None
    profile = getattr(assignee, "staff", None) if getattr(assignee, "pk", None) else None
    if profile is None or profile.municipality_id != principal.municipality_id or not assignee.is_active:
        raise ValidationError({field: NOT_STAFF})
    if citizen is not None and not knows(assignee, citizen):
        name = assignee.get_full_name() or assignee.username
        raise ValidationError({field: f"{name} har ikke borgeren i sit arbejdsområde og ville ikke kunne se "
                                      "opgaven. Vælg en anden, eller giv opgaven til et team."})
    return assignee


def _check_team(principal: Principal, team, field: str = "team"):
    if team is None:
        return None
    if not isinstance(team, Unit) or team.municipality_id != principal.municipality_id:
        raise ValidationError({field: "Teamet findes ikke i kommunen."})
    return team


@transaction.atomic
def create_task(*, actor: Actor, citizen: Citizen | None, title: str, due: datetime.date | None,
                assignee=None, team: Unit | None = None, source: str = "", source_ref: models.Model | str = "",
                detail: str = "", referral: bool = False) -> Task:
    """A task for a person or a team (or both: a person in a team), with a due date. A source that already
    has an open task for the same record gets that task back (nothing new is written), so an app may call
    this again for the same event."""
    if citizen is not None:
        principal = (require_referral(actor, citizen, perm=ADD_TASK) if referral
                     else require_write(actor, citizen))
    else:
        principal = principal_of(actor)
    assert actor.is_authenticated
    ref = ref_of(source_ref) if source_ref != "" else ""
    source = clean_text(source, field="source", label="kilden", required=False, max_length=60, markup=False)
    if ref and len(ref) > 80:
        raise ValidationError({"source_ref": "Kildens henvisning er for lang."})
    if ref:
        existing = Task.objects.select_for_update().filter(
            municipality_id=principal.municipality_id, source=source, source_ref=ref,
            status=Task.Status.OPEN).first()
        if existing is not None:
            return existing
    fields = {
        "title": clean_text(title, field="title", label="opgaven", required=True, max_length=200, markup=False),
        "detail": clean_text(detail, field="detail", label="beskrivelsen", required=False, max_length=2000),
        "due": _check_due(due),
        "assignee": _check_assignee(principal, citizen, assignee),
        "team": _check_team(principal, team),
    }
    if fields["assignee"] is None and fields["team"] is None:
        fields["assignee"] = _check_assignee(principal, citizen, actor)
    task = Task.objects.create(municipality=principal.municipality, citizen=citizen, source=source,
                               source_ref=ref, created_by=actor, **fields)
    audit(actor, task, Event.TASK_CREATED, citizen, kilde=source, frist=task.due,
          ansvarlig=task.assignee_id, team=task.team_id)
    return task


def may_work(actor: Actor, task: Task) -> bool:
    """Whether the actor may complete or hand on the task (without the citizen's gate)."""
    try:
        principal = principal_of(actor)
    except PermissionDenied:
        return False
    if task.municipality_id != principal.municipality_id:
        return False
    if actor.pk in (task.assignee_id, task.created_by_id):
        return True
    return task.team_id is not None and task.team_id in principal.scope_unit_ids


def _require_work(actor: Actor, task: Task) -> Principal:
    principal = principal_of(actor)
    if task.municipality_id != principal.municipality_id:
        raise PermissionDenied("Opgaven hører til en anden kommune.")
    if task.citizen is not None:
        require_write(actor, task.citizen)
    if not may_work(actor, task):
        raise PermissionDenied(NOT_YOURS)
    return principal


@transaction.atomic
def complete_task(*, actor: Actor, task: Task, version: int | None = None, note: str = "") -> Task:
    """Mark an open task done (who, when). A task already done is refused, nothing written."""
    _require_work(actor, task)
    current = lock_version(Task, task, version)
    if current.status == Task.Status.DONE:
        raise ValidationError(ALREADY_DONE)
    note = clean_text(note, field="note", label="bemærkningen", required=False, max_length=500)
    current.status = Task.Status.DONE
    current.done_by = actor
    current.done_at = timezone.now()
    current.version += 1
    current.save(update_fields=["status", "done_by", "done_at", "version"])
    audit(actor, current, Event.TASK_COMPLETED, current.citizen, bemaerkning=note)
    return current


@transaction.atomic
def reassign_task(*, actor: Actor, task: Task, assignee=None, team: Unit | None = None,
                  version: int | None = None) -> Task:
    """Hand an open task on to another person and/or team of the municipality."""
    principal = _require_work(actor, task)
    current = lock_version(Task, task, version)
    if current.status == Task.Status.DONE:
        raise ValidationError(ALREADY_DONE)
    if assignee is None and team is None:
        raise ValidationError({"assignee": "Vælg en medarbejder eller et team."})
    new_assignee = _check_assignee(principal, current.citizen, assignee)
    new_team = _check_team(principal, team)
    if new_assignee == current.assignee and (new_team is None or new_team == current.team):
        raise ValidationError({"assignee": "Opgaven ligger allerede hos den valgte."})
    before = {"ansvarlig": current.assignee_id, "team": current.team_id}
    current.assignee = new_assignee
    if new_team is not None or new_assignee is not None:
        current.team = new_team if new_team is not None else current.team
    current.version += 1
    current.save(update_fields=["assignee", "team", "version"])
    audit(actor, current, Event.TASK_REASSIGNED, current.citizen, foer=before, ansvarlig=current.assignee_id,
          team=current.team_id)
    return current


@transaction.atomic
def complete_source_tasks(*, actor: Actor, source: str, source_ref: models.Model | str) -> list[Task]:
    """The record a source's task was about has been dealt with (a transition opened, a patient discharged):
    its open tasks are done, by the actor who dealt with it — who must be able to write the citizen's data,
    but need not be the task's assignee. Returns the tasks completed (none: nothing written)."""
    principal = principal_of(actor)
    assert actor.is_authenticated
    done = []
    for task in (Task.objects.select_for_update(of=("self",)).select_related("citizen")
                 .filter(municipality_id=principal.municipality_id, source=source, source_ref=ref_of(source_ref),
                         status=Task.Status.OPEN)):
        if task.citizen is not None:
            require_write(actor, task.citizen)
        task.status, task.done_by, task.done_at = Task.Status.DONE, actor, timezone.now()
        task.version += 1
        task.save(update_fields=["status", "done_by", "done_at", "version"])
        audit(actor, task, Event.TASK_COMPLETED, task.citizen, af_kilden=True)
        done.append(task)
    return done

"""Every read of tasks. A task about a citizen is shown only to those who know the citizen (need to know,
never through a break-the-glass grant); the lists log the citizens they show."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.models import StaffProfile, Unit
from tovholder.accounts.principals import Actor, StaffPrincipal, principal_of
from tovholder.audit.services import record_access, record_list_access
from tovholder.citizens.gate import knows
from tovholder.citizens.models import Citizen

from . import sources as registry
from .models import Task
from .services import may_work

LIST_WHAT = "Opgaver"
DONE_DAYS = 30  # how far back the list shows tasks done


def visible(user: Actor) -> Q:
    """Tasks the user may see by need to know: not about a citizen, or about a citizen the user knows."""
    return Q(citizen__isnull=True) | Q(citizen__in=Citizen.objects.known_to(user).values("pk"))


def _own_units(principal):
    """The user's own units as a value a query filters by (a subquery, unless they are already read)."""
    if isinstance(principal, StaffPrincipal) and "units" not in principal.__dict__:
        return StaffProfile.units.through.objects.filter(staffprofile_id=principal.profile.pk).values("unit_id")
    return principal.unit_ids


def _mine(user: Actor) -> Q:
    """The worker's list: assigned to the user, or to one of the user's teams without an assignee."""
    principal = principal_of(user)
    return Q(assignee=user) | Q(assignee__isnull=True, team_id__in=_own_units(principal))


def panel_tasks(user: Actor, *, limit: int = 8) -> tuple[list["Row"], bool]:
    """The start page's open tasks of the user (one query): the first `limit` by due date, and whether
    there are more. Every one is the user's or the user's team's, so the user may work it."""
    principal = principal_of(user)
    tasks = list(Task.objects.filter(municipality_id=principal.municipality_id, status=Task.Status.OPEN)
                 .filter(_mine(user)).filter(visible(user))
                 .select_related("citizen", "assignee", "team").order_by("due", "pk")[:limit + 1])
    return [_row(task, can_work=True) for task in tasks[:limit]], len(tasks) > limit


def _row(task: Task, *, can_work: bool) -> "Row":
    return Row(task.title, task.due, "", task.citizen, task.source, registry.stored_label(task.source),
               _name(task.assignee), task.team.name if task.team else "", task.detail, task, can_work=can_work)


def teams_of(user: Actor) -> list[Unit]:
    """The teams whose list the user may open: own units (managers: and those below)."""
    principal = principal_of(user)
    return list(Unit.objects.filter(municipality_id=principal.municipality_id, pk__in=principal.scope_unit_ids)
                .order_by("name"))


def team_for(user: Actor, team_id: int | None) -> Unit:
    principal = principal_of(user)
    if team_id is None:
        raise Http404("Teamet findes ikke.")
    team = Unit.objects.filter(municipality_id=principal.municipality_id, pk=team_id).first()
    if team is None:
        raise Http404("Teamet findes ikke.")
    if team.pk not in principal.scope_unit_ids:
        raise PermissionDenied("Du arbejder ikke i teamet.")
    return team


@dataclass
class Row:
    title: str
    due: datetime.date | None
    url: str
    citizen: Citizen | None
    source: str
    source_label: str
    assignee_name: str = ""
    team_name: str = ""
    detail: str = ""
    task: Task | None = None  # a stored task (done / hand on); None for a computed one
    can_work: bool = False

    @property
    def computed(self) -> bool:
        return self.task is None

    @property
    def done(self) -> bool:
        return self.task is not None and self.task.done


@dataclass
class TaskList:
    rows: list[Row]
    team: Unit | None
    teams: list[Unit]
    source_choices: list[tuple[str, str]]
    today: datetime.date


def _name(person) -> str:
    return (person.get_full_name() or person.username) if person is not None else ""


def _due_ok(due: datetime.date | None, when: str, today: datetime.date) -> bool:
    if when == "overdue":
        return due is not None and due < today
    if when == "week":
        return due is not None and due <= today + datetime.timedelta(days=7)
    return True


def task_list(user: Actor, *, team_id: int | None = None, source: str = "", when: str = "",
              show: str = "open") -> TaskList:
    """The worker's list (or a team's, with `team_id`): stored and computed tasks, by due date; filters by
    source, due ("overdue", "week") and status ("open", "done": tasks done in the last 30 days)."""
    principal = principal_of(user)
    today = timezone.localdate()
    team = team_for(user, team_id) if team_id is not None else None
    stored = Task.objects.filter(municipality_id=principal.municipality_id).filter(visible(user))
    stored = stored.filter(team=team) if team is not None else stored.filter(_mine(user))
    if show == "done":
        since = timezone.now() - datetime.timedelta(days=DONE_DAYS)
        stored = stored.filter(status=Task.Status.DONE, done_at__gte=since).order_by("-done_at")
    else:
        stored = stored.filter(status=Task.Status.OPEN).order_by("due", "pk")
    rows: list[Row] = []
    for task in _stored(stored, source):
        if _due_ok(task.due, when, today) or show == "done":
            rows.append(_row(task, can_work=not task.done and may_work(user, task)))
    if show != "done":
        rows.extend(_computed(user, principal, team, source=source, when=when, today=today))
        rows.sort(key=lambda r: (r.due or datetime.date.max, r.title))
    record_list_access(actor=user, citizens=[r.citizen for r in rows], what=LIST_WHAT)
    choices = [(k, label) for k, label in registry.stored_sources().items()]
    choices += [(s.key, s.label) for s in registry.sources() if s.perm is None or user.has_perm(s.perm)]
    return TaskList(rows, team, teams_of(user), choices, today)


def _stored(qs: QuerySet[Task], source: str) -> QuerySet[Task]:
    if source:
        qs = qs.filter(source=source)
    return qs.select_related("citizen", "assignee", "team")


def _computed(user: Actor, principal, team: Unit | None, *, source: str, when: str, today: datetime.date) -> list[Row]:
    if source and source in registry.stored_sources() and source not in {s.key for s in registry.sources()}:
        return []
    found = registry.run_for(user, today=today, has_perm=user.has_perm)
    if source:
        found = [t for t in found if t.source == source]
    if team is not None:
        found = [t for t in found if t.team_id == team.pk]
    else:
        found = [t for t in found if t.assignee_id == user.pk or (
            t.assignee_id is None and (t.team_id is None or t.team_id in principal.scope_unit_ids))]
    found = [t for t in found if _due_ok(t.due, when, today)]
    # need to know, whatever a source returned: one read for every citizen on the list
    ids = {t.citizen.pk for t in found if t.citizen is not None}
    known = set(Citizen.objects.known_to(user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    found = [t for t in found if t.citizen is None or t.citizen.pk in known]
    names = _names({t.assignee_id for t in found if t.assignee_id}, {t.team_id for t in found if t.team_id},
                   principal.municipality_id)
    return [Row(t.title, t.due, t.url, t.citizen, t.source, registry.label_of(t.source),
                names[0].get(t.assignee_id, ""), names[1].get(t.team_id, ""), t.detail) for t in found]


def _names(user_ids: set[int], team_ids: set[int], municipality_id: int) -> tuple[dict, dict]:
    users = {u.pk: _name(u) for u in get_user_model().objects.filter(pk__in=user_ids)} if user_ids else {}
    teams = (dict(Unit.objects.filter(municipality_id=municipality_id, pk__in=team_ids).values_list("pk", "name"))
             if team_ids else {})
    return users, teams


def task_for_work(user: Actor, task_id: int | None) -> Task:
    """One task to complete or hand on: in the user's municipality, about a citizen the user knows (a
    break-the-glass grant does not count: it never writes), and the user's or the team's. Logs the read."""
    principal = principal_of(user)
    task = (Task.objects.filter(municipality_id=principal.municipality_id, pk=task_id)
            .select_related("citizen", "assignee", "team").first()) if task_id is not None else None
    if task is None:
        raise Http404("Opgaven findes ikke.")
    if task.citizen is not None:
        if not knows(user, task.citizen):
            raise PermissionDenied("Opgaven handler om en borger uden for dit arbejdsområde.")
        record_access(actor=user, citizen=task.citizen, what="Opgave")
    if not may_work(user, task):
        raise PermissionDenied("Opgaven er hverken din eller dit teams.")
    return task


def staff_choices(user: Actor) -> QuerySet:
    """The municipality's staff a task can go to (a choice of another municipality's user is invalid)."""
    principal = principal_of(user)
    return (get_user_model().objects.filter(staff__municipality_id=principal.municipality_id, is_active=True)
            .order_by("first_name", "last_name", "pk"))


def team_choices(user: Actor) -> QuerySet[Unit]:
    principal = principal_of(user)
    return Unit.objects.filter(municipality_id=principal.municipality_id).exclude(
        kind=Unit.Kind.MANAGEMENT).order_by("name")

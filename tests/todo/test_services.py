import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tovholder.audit.models import AuditEvent
from tovholder.todo import services, sources
from tovholder.todo.events import Event
from tovholder.todo.models import Task
from tovholder.todo.selectors import panel_tasks, task_list

pytestmark = pytest.mark.django_db


def _due(days=7):
    return timezone.localdate() + datetime.timedelta(days=days)


def _task(world, **kw):
    args = {"actor": world.own_worker, "citizen": world.anna, "title": "Ring til afdelingen", "due": _due()}
    args.update(kw)
    return services.create_task(**args)


def test_create_task_for_oneself_is_audited(world):
    task = _task(world)
    assert task.assignee == world.own_worker and task.status == Task.Status.OPEN
    assert AuditEvent.objects.filter(action=Event.TASK_CREATED, object_id=str(task.pk), citizen=world.anna).exists()


def test_create_task_needs_to_know_the_citizen(world):
    with pytest.raises(PermissionDenied):
        _task(world, actor=world.other_worker)
    with pytest.raises(PermissionDenied):
        _task(world, actor=world.herlev_worker)
    assert not Task.objects.exists()


def test_the_assignee_must_know_the_citizen(world):
    with pytest.raises(ValidationError) as exc:
        _task(world, assignee=world.other_worker)
    assert "arbejdsområde" in str(exc.value)
    assert not Task.objects.exists()


@pytest.mark.parametrize("due", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31), None])
def test_hostile_due_dates_are_refused(world, due):
    with pytest.raises(ValidationError):
        _task(world, due=due)
    assert not Task.objects.exists()


def test_a_source_gets_its_open_task_back(world):
    first = _task(world, source="test.thing", source_ref="visitation.case:1")
    again = _task(world, source="test.thing", source_ref="visitation.case:1", title="Noget andet")
    assert first.pk == again.pk and Task.objects.count() == 1
    services.complete_task(actor=world.own_worker, task=first)
    third = _task(world, source="test.thing", source_ref="visitation.case:1")
    assert third.pk != first.pk


def test_ref_of_a_model(world):
    assert services.ref_of(world.anna) == f"citizens.citizen:{world.anna.pk}"


def test_complete_twice_is_refused(world):
    task = _task(world)
    services.complete_task(actor=world.own_worker, task=task, version=task.version)
    with pytest.raises(ValidationError) as exc:
        services.complete_task(actor=world.own_worker, task=task)
    assert "allerede løst" in str(exc.value)
    task.refresh_from_db()
    assert task.done_by == world.own_worker and task.done_at is not None
    assert AuditEvent.objects.filter(action=Event.TASK_COMPLETED).count() == 1


def test_stale_complete_is_refused(world):
    task = _task(world)
    with pytest.raises(ValidationError):
        services.complete_task(actor=world.own_worker, task=task, version=task.version + 5)
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN


def test_only_the_assignee_or_team_may_complete(world):
    task = services.create_task(actor=world.own_worker, citizen=None, title="Bestil kopipapir", due=_due())
    with pytest.raises(PermissionDenied):
        services.complete_task(actor=world.other_worker, task=task)
    with pytest.raises(PermissionDenied):
        services.complete_task(actor=world.herlev_worker, task=task)
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN


def test_team_task_is_the_teams(world):
    task = services.create_task(actor=world.own_worker, citizen=None, title="Teammøde", due=_due(), team=world.ung)
    assert task.assignee is None
    services.complete_task(actor=world.other_worker, task=task)  # a member of the team
    # the manager sees the units below the management


def test_reassign_within_the_municipality(world):
    task = _task(world)
    services.reassign_task(actor=world.own_worker, task=task, team=world.skp, version=task.version)
    task.refresh_from_db()
    assert task.assignee is None and task.team == world.skp
    assert AuditEvent.objects.filter(action=Event.TASK_REASSIGNED).count() == 1


def test_reassign_to_another_municipality_is_refused(world):
    task = _task(world)
    with pytest.raises(ValidationError) as exc:
        services.reassign_task(actor=world.own_worker, task=task, assignee=world.herlev_worker)
    assert "findes ikke i kommunen" in str(exc.value)
    from tovholder.accounts.models import Unit
    herlev_team = Unit.objects.get(municipality=world.herlev)
    with pytest.raises(ValidationError):
        services.reassign_task(actor=world.own_worker, task=task, team=herlev_team)
    task.refresh_from_db()
    assert task.assignee == world.own_worker and task.version == 1
    assert not AuditEvent.objects.filter(action=Event.TASK_REASSIGNED).exists()


def test_reassign_a_done_task_is_refused(world):
    task = _task(world)
    services.complete_task(actor=world.own_worker, task=task)
    with pytest.raises(ValidationError):
        services.reassign_task(actor=world.own_worker, task=task, team=world.skp)


def test_referral_creates_without_need_to_know(world):
    from django.contrib.auth.models import Permission

    world.caseworker.user_permissions.add(Permission.objects.get(codename="add_task", content_type__app_label="todo"))
    from tovholder.accounts.principals import forget_principal
    forget_principal(world.caseworker)
    task = services.create_task(actor=world.caseworker, citizen=world.anna, title="Kontakt afdelingen", due=_due(),
                                assignee=world.own_worker, referral=True)
    assert task.assignee == world.own_worker


def test_need_to_know_on_the_lists(world):
    task = services.create_task(actor=world.own_worker, citizen=world.anna, title="Om Anna", due=_due(),
                                team=world.skp)
    rows, _ = panel_tasks(world.own_worker)
    assert [r.task for r in rows] == [task]
    # a team member who does not know Anna (none here): the other team does not see it
    assert panel_tasks(world.other_worker)[0] == []
    assert task_list(world.other_worker).rows == []
    with pytest.raises(PermissionDenied):
        task_list(world.other_worker, team_id=world.skp.pk)
    # the manager sees the SKP team's list, and knows Anna through the units below
    assert [r.task for r in task_list(world.manager, team_id=world.skp.pk).rows] == [task]


def test_computed_source_is_filtered_by_need_to_know(world):
    @sources.source("test.computed", "Test")
    def computed(user, *, today):
        yield sources.ComputedTask(title="Om Anna", due=today, url="/", citizen=world.anna, team_id=world.skp.pk)
        yield sources.ComputedTask(title="Om Bo", due=today, url="/", citizen=world.bo, team_id=world.skp.pk)
        yield sources.ComputedTask(title="Uden borger", due=None, url="/", assignee_id=world.own_worker.pk)

    try:
        titles = [r.title for r in task_list(world.own_worker).rows]
        assert titles == ["Om Anna", "Uden borger"]
        assert [r.title for r in task_list(world.own_worker, source="test.computed", when="overdue").rows] == []
        assert [r.title for r in task_list(world.own_worker, team_id=world.skp.pk).rows] == ["Om Anna"]
    finally:
        sources._sources.pop("test.computed")

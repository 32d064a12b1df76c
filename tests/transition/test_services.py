import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tovholder.audit.models import AuditEvent
from tovholder.todo.models import Task
from tovholder.transition import services
from tovholder.transition.events import Event
from tovholder.transition.models import Transition, eighteenth_birthday, prepare_from
from tovholder.transition.selectors import young_people
from tovholder.visitation import services as visitation
from tovholder.visitation.models import Case

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_dates():
    assert eighteenth_birthday(datetime.date(2008, 2, 29)) == datetime.date(2026, 3, 1)
    assert prepare_from(datetime.date(2008, 8, 31)) == datetime.date(2026, 2, 28)
    assert prepare_from(datetime.date(2008, 3, 15)) == datetime.date(2025, 9, 15)


def test_young_people_list(world, youth):
    rows = young_people(world.caseworker)
    assert [r.citizen for r in rows] == [youth["soon"], youth["later"]]
    assert [r.ready for r in rows] == [True, False]
    with pytest.raises(PermissionDenied):
        young_people(world.own_worker)  # not a caseworker


def test_tasks_for_those_at_17_and_a_half(world, youth):
    [task] = services.create_transition_tasks(actor=world.caseworker)
    assert task.citizen == youth["soon"] and task.assignee == world.caseworker
    assert task.due == max(TODAY(), eighteenth_birthday(youth["soon"].birth_date) - services.OPEN_BEFORE)
    assert services.create_transition_tasks(actor=world.caseworker) == []  # once
    from tovholder.todo.services import complete_task
    complete_task(actor=world.caseworker, task=task)
    assert services.create_transition_tasks(actor=world.caseworker) == []  # not again after it was done


def test_open_transition_completes_the_task_and_opens_a_case(world, youth):
    services.create_transition_tasks(actor=world.caseworker)
    t = services.open_transition(actor=world.caseworker, citizen=youth["soon"])
    assert t.case.caseworker == world.caseworker and t.case.status == Case.Status.OPEN
    assert Task.objects.get().done
    assert AuditEvent.objects.filter(action=Event.TRANSITION_OPENED, citizen=youth["soon"]).exists()
    with pytest.raises(ValidationError):
        services.open_transition(actor=world.caseworker, citizen=youth["soon"])
    assert young_people(world.caseworker)[0].transition_id == t.pk


def test_open_from_the_childrens_request(world, youth):
    request = visitation.register_request(actor=world.other_worker, citizen=youth["other"], source="children",
                                          asks_for="Overgang ved 18 år", received_on=TODAY())
    t = services.open_transition(actor=world.caseworker, citizen=youth["other"], request=request)
    assert t.request == request and t.case.request == request
    gp = visitation.register_request(actor=world.other_worker, citizen=youth["later"], source="gp",
                                     asks_for="Noget andet", received_on=TODAY())
    with pytest.raises(ValidationError):
        services.open_transition(actor=world.caseworker, citizen=youth["later"], request=gp)
    assert Transition.objects.count() == 1


def test_open_refused(world, youth):
    with pytest.raises(PermissionDenied):
        services.open_transition(actor=world.caseworker, citizen=youth["other"])  # not known, no request
    with pytest.raises(PermissionDenied):
        services.open_transition(actor=world.own_worker, citizen=world.anna)  # not a caseworker
    with pytest.raises(ValidationError):
        services.open_transition(actor=world.caseworker, citizen=youth["adult"])  # 20 years old
    with pytest.raises(ValidationError):
        services.open_transition(actor=world.caseworker, citizen=youth["soon"], opened_on=datetime.date(1, 1, 1))
    assert not Transition.objects.exists()


def test_plan_and_hand_over(world, youth):
    t = services.open_transition(actor=world.caseworker, citizen=youth["soon"])
    with pytest.raises(ValidationError) as exc:
        services.record_handover(actor=world.caseworker, transition=t, version=t.version, held_on=TODAY())
    assert "Skriv først" in str(exc.value)
    for bad in (datetime.date(1, 1, 1), datetime.date(9999, 12, 31)):
        with pytest.raises(ValidationError):
            services.plan_handover(actor=world.caseworker, transition=t, version=t.version, meeting_on=bad)
    with pytest.raises(ValidationError):
        services.plan_handover(actor=world.caseworker, transition=t, version=t.version, meeting_on=TODAY(),
                               adult_coordinator=world.herlev_worker)
    t = services.plan_handover(actor=world.caseworker, transition=t, version=t.version, meeting_on=TODAY(),
                               meeting_place="Rådhuset", participants="Sofie, mor, SKP", continues="Mentorstøtte",
                               adult_coordinator=world.own_worker)
    with pytest.raises(ValidationError):  # stale
        services.plan_handover(actor=world.caseworker, transition=t, version=1, meeting_on=TODAY())
    with pytest.raises(ValidationError):
        services.record_handover(actor=world.caseworker, transition=t, version=t.version,
                                 held_on=TODAY() + datetime.timedelta(days=3))
    t = services.record_handover(actor=world.caseworker, transition=t, version=t.version, held_on=TODAY())
    assert t.status == Transition.Status.HANDED_OVER
    with pytest.raises(ValidationError):
        services.record_handover(actor=world.caseworker, transition=t, version=t.version, held_on=TODAY())
    assert AuditEvent.objects.filter(action=Event.TRANSITION_HANDED_OVER).count() == 1

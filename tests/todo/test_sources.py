"""The computed task sources registered by visitation, support and plans: each shows the task while the data
asks for it, only to those who know the citizen, and it is gone when the case moves on."""


import pytest

from tests.support.conftest import days, goal
from tovholder.citizens.models import Citizen
from tovholder.todo.selectors import task_list
from tovholder.visitation import services as visitation
from tovholder.visitation.models import Decision

pytestmark = pytest.mark.django_db


def _titles(user, **kw):
    return [(r.source, r.title) for r in task_list(user, **kw).rows if r.computed]


def test_deadline_source(world, sw):
    sw.skp.deadline_days = 30
    sw.skp.save()
    case = visitation.open_case(actor=world.caseworker, citizen=world.casey)
    decision = visitation.request_offer(actor=world.caseworker, case=case, offer=sw.skp)
    rows = [r for r in task_list(world.caseworker).rows if r.source == "visitation.deadline"]
    assert [(r.citizen, r.due) for r in rows] == [(world.casey, decision.deadline_on)]
    assert _titles(world.own_worker, source="visitation.deadline") == []
    assert _titles(world.other_worker) == []


def test_review_source(world, sw):
    Decision.objects.filter(pk=sw.grant.pk).update(status=Decision.Status.ACTIVE, review_on=days(-3))
    rows = [r for r in task_list(world.caseworker, when="overdue").rows if r.source == "visitation.review"]
    assert [r.citizen for r in rows] == [world.anna]
    Decision.objects.filter(pk=sw.grant.pk).update(review_on=days(60))
    assert [r for r in task_list(world.caseworker).rows if r.source == "visitation.review"] == []


def test_without_coordinator_source(world, sw):
    Citizen.objects.filter(pk=world.anna.pk).update(coordinator=None)
    Decision.objects.filter(pk=sw.grant.pk).update(status=Decision.Status.ACTIVE)
    assert ("visitation.without_coordinator", "Udpeg en tovholder") in _titles(world.caseworker)
    # the manager knows Anna through the SKP team below the management
    assert ("visitation.without_coordinator", "Udpeg en tovholder") in _titles(world.manager)
    assert _titles(world.other_worker) == []
    Citizen.objects.filter(pk=world.anna.pk).update(coordinator=world.own_worker)
    assert ("visitation.without_coordinator", "Udpeg en tovholder") not in _titles(world.caseworker)


def test_order_sources(world, sw):
    sent = visitation.order(actor=world.caseworker, decision=sw.grant)
    order = sent.orders.get()
    # the manager (who answers orders for the teams below) has it on his list, and on the SKP team's list
    assert [r.source for r in task_list(world.manager).rows] == ["support.order_waiting"]
    assert [r.source for r in task_list(world.manager, team_id=world.skp.pk).rows] == ["support.order_waiting"]
    assert _titles(world.own_worker, source="support.order_waiting") == []
    visitation.accept_order(actor=world.manager, order=order, version=order.version, contact_person=world.own_worker)
    assert [r.source for r in task_list(world.manager).rows] == []
    assert ("support.order_accepted", "Start forløbet (SKP)") in _titles(world.own_worker)


def test_follow_up_source(world, sw):
    g = goal(world, follow_up=days(2))
    rows = [r for r in task_list(world.own_worker).rows if r.source == "plans.follow_up"]
    assert [(r.citizen, r.due) for r in rows] == [(world.anna, g.next_follow_up_on)]
    assert _titles(world.other_worker) == []
    assert [r for r in task_list(world.own_worker, when="overdue").rows if r.source == "plans.follow_up"] == []
    later = goal(world, text="Langt ude", follow_up=days(40))
    assert later.pk not in [r.url for r in task_list(world.own_worker).rows]
    assert len([r for r in task_list(world.own_worker).rows if r.source == "plans.follow_up"]) == 1


def test_the_list_is_logged(world, sw):
    from tovholder.audit.models import AccessEvent

    goal(world, follow_up=days(1))
    task_list(world.own_worker)
    assert AccessEvent.objects.filter(actor=world.own_worker, citizen=world.anna, what="Opgaver").exists()


def test_filters_by_source(world, sw):
    goal(world, follow_up=days(1))
    assert _titles(world.own_worker, source="plans.follow_up")
    assert _titles(world.own_worker, source="visitation.deadline") == []
    assert task_list(world.own_worker, source="").rows
    assert task_list(world.own_worker, show="done").rows == []

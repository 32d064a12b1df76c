"""Two citizens with their own login (Anna and Bo of the standing world), a plan with goals each."""

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse

from tovholder.plans.models import Goal, Plan
from tovholder.portal.backends import account_for
from tovholder.portal.identity import Assurance, CitizenIdentity
from tovholder.portal.models import CitizenAccount


@dataclass
class Portal:
    anna: CitizenAccount
    bo: CitizenAccount
    anna_goal: Goal
    anna_ended: Goal
    bo_goal: Goal


def identity(citizen, assurance=Assurance.SUBSTANTIAL, method="test") -> CitizenIdentity:
    return CitizenIdentity(cpr=citizen.cpr, name=citizen.full_name, assurance=assurance, method=method)


def _plan(world, citizen, by, texts):
    plan = Plan.objects.create(municipality=world.ballerup, citizen=citizen, aim=f"{citizen.first_name}s ønske",
                               updated_by=by, review_on=datetime.date.today() + datetime.timedelta(days=60))
    goals = [Goal.objects.create(municipality=world.ballerup, plan=plan, citizen=citizen, text=text,
                                 goal_type="FFB-MAAL", created_on=datetime.date(2025, 2, 1), created_by=by,
                                 next_follow_up_on=datetime.date.today() + datetime.timedelta(days=30))
             for text in texts]
    return goals


@pytest.fixture
def portal(world) -> Portal:
    anna_goal, anna_ended = _plan(world, world.anna, world.own_worker,
                                  ["Jeg vil sove bedre om natten", "Jeg ville flytte (afsluttet)"])
    anna_ended.status = Goal.Status.ENDED
    anna_ended.ended_on = datetime.date(2025, 6, 1)
    anna_ended.save()
    (bo_goal,) = _plan(world, world.bo, world.other_worker, ["Bo vil i praktik"])
    anna = account_for(world.anna, identity(world.anna))
    bo = account_for(world.bo, identity(world.bo))
    CitizenAccount.objects.filter(pk__in=[anna.pk, bo.pk]).update(test_login=True)
    return Portal(anna, bo, anna_goal, anna_ended, bo_goal)


def log_in_as(client, account: CitizenAccount):
    """The demo's test login, as a browser does it (the real session, not force_login)."""
    response = client.post(reverse("portal:test_login"), {"konto": account.pk})
    assert response.status_code == 302 and response["Location"] == reverse("portal:plan"), response
    return client

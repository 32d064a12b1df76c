"""Two citizens with their own login (Anna and Bo of the standing world), a plan with goals each; relatives with a
grant, without one and with a withdrawn one."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tovholder.citizens.models import Relative
from tovholder.plans.models import Goal, Plan
from tovholder.portal.backends import account_for, relative_account_for
from tovholder.portal.identity import Assurance, CitizenIdentity, relative_cpr_hash
from tovholder.portal.models import CitizenAccount, RelativeAccount, RelativeGrant


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


# fictitious relatives' CPR numbers (valid dates; the grants keep only their keyed hash)
MOR_CPR, STRANGER_CPR, FRIEND_CPR = "1203724518", "0507813390", "2811650123"


@dataclass
class Relatives:
    mor: Relative  # Anna's mother (the standing world), granted "Aftaler" by Anna
    friend: Relative  # Bo's friend, whose grant Bo has withdrawn
    grant: RelativeGrant  # Anna → mor
    withdrawn: RelativeGrant  # Bo → friend, withdrawn
    with_grant: RelativeAccount
    without_grant: RelativeAccount  # a test relative nobody has granted anything
    withdrawn_account: RelativeAccount


def relative_identity(cpr: str, name: str, assurance=Assurance.SUBSTANTIAL, method="saml") -> CitizenIdentity:
    return CitizenIdentity(cpr=cpr, name=name, assurance=assurance, method=method)


@pytest.fixture
def relatives(portal, world) -> Relatives:
    from tovholder.portal import services

    mor = Relative.objects.get(citizen=world.anna, name="Birthe Jensen")
    friend = Relative.objects.create(municipality=world.ballerup, citizen=world.bo, name="Frede Friis", relation="ven")
    grant = services.grant_relative_access(actor=portal.anna.user, relative_id=mor.pk, parts=["appointments"],
                                           cpr=MOR_CPR)
    old = services.grant_relative_access(actor=portal.bo.user, relative_id=friend.pk, parts=["crisis_plan"],
                                         cpr=FRIEND_CPR)
    with_grant = relative_account_for(relative_identity(MOR_CPR, "Birthe Jensen"))
    withdrawn_account = relative_account_for(relative_identity(FRIEND_CPR, "Frede Friis"))
    withdrawn = services.withdraw_relative_access(actor=portal.bo.user, grant_id=old.pk)
    user = get_user_model().objects.create_user(username="paaroerende-uden-adgang", password=None,
                                                first_name="Uden")
    without_grant = RelativeAccount.objects.create(municipality=world.ballerup, user=user, name="Uden Adgang",
                                                   cpr_hash=relative_cpr_hash(STRANGER_CPR), test_login=True)
    RelativeAccount.objects.filter(pk__in=[with_grant.pk, withdrawn_account.pk]).update(test_login=True)
    return Relatives(mor, friend, grant, withdrawn, with_grant, without_grant, withdrawn_account)


def log_in_relative(client, account: RelativeAccount):
    """The demo's test login as a test relative, as a browser does it."""
    response = client.post(reverse("portal:test_login"), {"paaroerende": account.pk})
    assert response.status_code == 302 and response["Location"] == reverse("portal:relative_home"), response
    return client

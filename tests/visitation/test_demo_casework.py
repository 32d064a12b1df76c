"""The demo's casework is told as it happened and holds every stage: requests, cases and efforts at each
stage, orders waiting in a unit's intake list, ended cases with their letters, the coordinator's history."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Max

from tovholder.citizens.models import Citizen, CoordinatorAssignment
from tovholder.support.selectors import intake
from tovholder.visitation.models import Case, CaseStatusChange, Decision, EndProposal, Letter, Order, Request
from tovholder.visitation.selectors import caseworker_desk

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def demo(db):
    call_command("demo", citizens=300, seed=11, today=TODAY, verbosity=0)
    return {u.username: u for u in get_user_model().objects.all()}


def test_the_demo_holds_every_stage_of_casework(demo):
    ballerup = {"municipality__code": "151"}
    statuses = set(Decision.objects.filter(**ballerup).values_list("status", flat=True))
    assert {"requested", "granted", "ordered", "active", "ended", "refused"} <= statuses
    assert Request.objects.filter(**ballerup, status=Request.Status.OPEN).count() >= 3
    handed_over = Request.objects.get(**ballerup, source="staff")
    assert handed_over.citizen is None and handed_over.cpr_given and handed_over.name_given
    assert not Case.objects.filter(**ballerup, request__isnull=True).exists()  # a request behind every case
    # the SKP team's leader has orders waiting in the intake list
    waiting = intake(demo["skpleder"])
    assert waiting.waiting and all(o.unit.name == "SKP-teamet" for o in waiting.waiting)
    # ended efforts have their ending letter, with reasons and klagevejledning; closed cases are dated
    ended = Letter.objects.filter(**ballerup, kind=Letter.Kind.END)
    assert ended.exists() and all("Sådan klager du" in letter.html for letter in ended[:20])
    for case in Case.objects.filter(**ballerup, status=Case.Status.CLOSED).annotate(
            last=Max("decisions__ended_on"))[:50]:
        assert case.closed_on is not None and (case.last is None or case.closed_on >= case.last)
        assert CaseStatusChange.objects.filter(case=case, status="closed", on=case.closed_on).exists()
    # the caseworkers' desks hold proposals to end, letters to send and citizens without a coordinator
    desks = [caseworker_desk(u) for u in get_user_model().objects.filter(groups__name="Sagsbehandler",
                                                                         staff__municipality__code="151")]
    assert any(d.end_proposals for d in desks) and any(d.unsent for d in desks)
    assert any(d.without_coordinator for d in desks)
    assert EndProposal.objects.filter(**ballerup, status="proposed").exists()
    # registered when it happened, except the cases brought in from paper later
    late = [c for c in Case.objects.filter(**ballerup) if c.registered_at.date() > c.opened_on]
    assert 0 < len(late) < Case.objects.filter(**ballerup).count() / 5
    # coordinators have their history
    with_coordinator = Citizen.objects.filter(**ballerup, coordinator__isnull=False)
    assert CoordinatorAssignment.objects.filter(citizen__in=with_coordinator, ended_on__isnull=True).count() \
        == with_coordinator.count()
    assert Order.objects.filter(**ballerup, status=Order.Status.STARTED, contact_person__isnull=False).exists()


def test_the_caseworker_walks_the_demo_without_breaking_the_glass(client, demo):
    user = next(u for u in get_user_model().objects.filter(groups__name="Sagsbehandler",
                                                           staff__municipality__code="151")
                if caseworker_desk(u).cases)
    client.force_login(user)
    desk = caseworker_desk(user)
    for case in desk.cases[:5]:
        assert client.get(f"/visitation/sager/{case.pk}/").status_code == 200
    for decision in desk.due[:5] + desk.unsent[:3]:
        assert client.get(f"/visitation/afgoerelser/{decision.pk}/").status_code == 200

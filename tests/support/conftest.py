"""Offers, a grant and helpers for the support and journal tests (on top of the standing `world`)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from tovholder.offers.models import LegalBasis, Offer
from tovholder.plans import services as plan_services
from tovholder.plans.models import GOAL_TYPE_DEVELOP
from tovholder.support import services
from tovholder.visitation.models import Case, Decision

CONDITION = "8f32c948-41c4-49d7-8913-cdeede2e7fe1"  # FFB: Gøre rent


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


@dataclass
class SupportWorld:
    skp: Offer  # mixed, needs visitation
    komp: Offer  # individual only, needs visitation
    group: Offer  # group support without visitation (§ 82 a)
    counselling: Offer  # individual, no visitation
    case: Case
    grant: Decision  # Anna, SKP, 3 hours a week, granted


@pytest.fixture
def sw(world) -> SupportWorld:
    p85 = LegalBasis.objects.create(law="Serviceloven", paragraph="§ 85", title="Socialpædagogisk støtte")
    p82 = LegalBasis.objects.create(law="Serviceloven", paragraph="§ 82 a", title="Uden visitation")
    skp = Offer.objects.create(municipality=world.ballerup, name="SKP", legal_basis=p85, format="mixed",
                               capacity_kind="staff_hours", capacity=Decimal(40), unit=world.skp)
    komp = Offer.objects.create(municipality=world.ballerup, name="Kompetenceteam", legal_basis=p85,
                                format="individual", capacity_kind="staff_hours", capacity=Decimal(20),
                                unit=world.skp)
    group = Offer.objects.create(municipality=world.ballerup, name="Gruppebaseret hjælp", legal_basis=p82,
                                 format="group", capacity_kind="seats", capacity=Decimal(12),
                                 requires_visitation=False, unit=world.skp)
    counselling = Offer.objects.create(municipality=world.ballerup, name="Åben rådgivning", legal_basis=p82,
                                       format="individual", capacity_kind="open", requires_visitation=False,
                                       unit=world.skp)
    case = Case.objects.create(municipality=world.ballerup, citizen=world.anna, caseworker=world.caseworker,
                               opened_on=days(-60))
    grant = Decision.objects.create(municipality=world.ballerup, case=case, citizen=world.anna, offer=skp,
                                    status=Decision.Status.GRANTED, requested_on=days(-60), decided_on=days(-40),
                                    hours_per_week=Decimal(3), start_on=days(-30), review_on=days(150),
                                    goals="Klare egen bolig")
    return SupportWorld(skp, komp, group, counselling, case, grant)


def start(world, sw, *, on=None, hours="2", mode="individual", **kw):
    """Anna's SKP episode on the grant."""
    return services.start_episode(actor=world.own_worker, citizen=world.anna, offer=sw.skp, decision=sw.grant,
                                  started_on=on or days(-28), hours_per_week=Decimal(hours), mode=mode, **kw)


def goal(world, *, text="Jeg vil kunne gøre rent selv", follow_up=None, **kw):
    return plan_services.add_goal(actor=world.own_worker, citizen=world.anna, text=text, goal_type=GOAL_TYPE_DEVELOP,
                             next_follow_up_on=follow_up or days(30), **kw)

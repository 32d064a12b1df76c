"""Ballerup Ungeindsats on top of the standing world: the programme (its offer run by the Ungeindsats
team, SKP for those granted førtidspension) and Bo in a running mentor effort."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tests.support.conftest import days
from tovholder.offers.models import LegalBasis, Offer
from tovholder.visitation.models import Case, Decision
from tovholder.youth.models import Programme


@dataclass
class YouthWorld:
    programme: Programme
    offer: Offer
    case: Case
    effort: Decision  # Bo's mentor effort, running


@pytest.fixture
def yw(world, sw) -> YouthWorld:
    p85 = LegalBasis.objects.get(paragraph="§ 85")
    offer = Offer.objects.create(municipality=world.ballerup, name="Ungeindsats", legal_basis=p85, format="mixed",
                                 capacity_kind="staff_hours", capacity=Decimal(40), unit=world.ung,
                                 target_age_min=16, target_age_max=30)
    programme = Programme.objects.create(municipality=world.ballerup, offer=offer, pension_offer=sw.skp)
    case = Case.objects.create(municipality=world.ballerup, citizen=world.bo, caseworker=world.caseworker,
                               opened_on=days(-200))
    effort = Decision.objects.create(
        municipality=world.ballerup, case=case, citizen=world.bo, offer=offer, status=Decision.Status.ACTIVE,
        requested_on=days(-200), decided_on=days(-190), hours_per_week=Decimal(3), start_on=days(-180),
        review_on=days(100), activated_on=days(-180), reasons="Ung med brug for mentorstøtte.")
    world.bo.coordinator = world.other_worker
    world.bo.save(update_fields=["coordinator"])
    return YouthWorld(programme, offer, case, effort)


def ago(n: int) -> datetime.date:
    return days(-n)

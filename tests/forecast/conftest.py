"""Fixtures for the forecast app's web, calibration and CLI tests (the engine's own tests need none)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tovholder.offers.models import Offer, OfferQuota
from tovholder.visitation.models import Case, Decision, Request, WaitlistEntry

SKP = "SKP – støtte-kontaktperson-ordning"
STOEBERIET = "Støberiet – aktivitets- og værested"


@dataclass
class Catalogue:
    skp: Offer
    stoeberiet: Offer
    flex: Offer


@pytest.fixture
def catalogue(world) -> Catalogue:
    skp = Offer.objects.create(municipality=world.ballerup, name=SKP, format="mixed", capacity_kind="staff_hours",
                               capacity=Decimal(177), target_age_min=30, target_age_max=65)
    stoeberiet = Offer.objects.create(municipality=world.ballerup, name=STOEBERIET, format="dropin",
                                      capacity_kind="places", capacity=Decimal(30), requires_visitation=False)
    flex = Offer.objects.create(municipality=world.herlev, name="Flex Bostøtte", shared=True, format="individual",
                                capacity_kind="places", capacity=Decimal(15))
    OfferQuota.objects.create(offer=flex, municipality=world.ballerup, places=7)
    return Catalogue(skp, stoeberiet, flex)


def make_decision(world, citizen, offer, *, requested_on, status=Decision.Status.ACTIVE, activated_on=None,
                  ended_on=None, source=None, replaces=None, hours=Decimal(3), decided_on=None) -> Decision:
    """A decision straight into the database (test data, not a user action)."""
    request = None
    if source is not None:
        request = Request.objects.create(municipality=citizen.municipality, citizen=citizen, source=source,
                                         asks_for="Støtte i hverdagen", received_on=requested_on,
                                         received_by=world.caseworker)
    case = Case.objects.create(municipality=citizen.municipality, citizen=citizen, request=request,
                               caseworker=world.caseworker, opened_on=requested_on)
    granted = status not in (Decision.Status.REQUESTED, Decision.Status.REFUSED)
    return Decision.objects.create(
        municipality=citizen.municipality, case=case, citizen=citizen, offer=offer, status=status,
        requested_on=requested_on, hours_per_week=hours,
        decided_on=decided_on or (requested_on if status != Decision.Status.REQUESTED else None),
        start_on=activated_on if granted else None, activated_on=activated_on, ended_on=ended_on,
        replaces=replaces)


def wait(world, decision, *, added_on, priority=WaitlistEntry.Priority.NORMAL, removed_on=None) -> WaitlistEntry:
    return WaitlistEntry.objects.create(municipality=decision.municipality, decision=decision, offer=decision.offer,
                                        citizen=decision.citizen, priority=priority, added_on=added_on,
                                        removed_on=removed_on)


DAY = datetime.date

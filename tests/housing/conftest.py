"""A small world for housing's stays: a rehabilitating offer with two places (one rehabilitating, one acute),
its unit and worker, a § 85 offer for the support at home, and Flex Bostøtte run by Herlev with quotas."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tests.conftest import make_staff
from tovholder.accounts.models import Unit
from tovholder.housing.models import StayEntryReason, StayPlace, StayPlaceType
from tovholder.offers.models import LegalBasis, Offer, OfferQuota

TODAY = datetime.date.today


@dataclass
class StaysWorld:
    rehab_offer: Offer
    skp: Offer
    flex: Offer
    rehab_unit: Unit
    rehab_worker: object
    herlev_leader: object
    rehab: StayPlaceType
    acute: StayPlaceType
    room: StayPlace
    acute_room: StayPlace
    discharge: StayEntryReason
    crisis: StayEntryReason


@pytest.fixture
def st(world) -> StaysWorld:
    p85 = LegalBasis.objects.get_or_create(law="Serviceloven", paragraph="§ 85",
                                           defaults={"title": "Socialpædagogisk støtte"})[0]
    p107 = LegalBasis.objects.get_or_create(law="Serviceloven", paragraph="§ 107",
                                            defaults={"title": "Midlertidigt botilbud"})[0]
    rehab_unit = Unit.objects.create(municipality=world.ballerup, name="Akutpladserne", kind="housing",
                                     parent=world.management)
    rehab_worker = make_staff("rehab", world.ballerup, rehab_unit, "Medarbejder")
    rehab_offer = Offer.objects.create(municipality=world.ballerup, name="Rehabiliterende bo- og akutpladser",
                                       legal_basis=p107, format="residential", capacity_kind="places",
                                       capacity=Decimal(2), unit=rehab_unit)
    skp = Offer.objects.create(municipality=world.ballerup, name="SKP", legal_basis=p85, format="mixed",
                               capacity_kind="staff_hours", capacity=Decimal(10), unit=world.skp)
    herlev_team = world.herlev_worker.staff.units.first()
    flex = Offer.objects.create(municipality=world.herlev, name="Flex Bostøtte", legal_basis=p85, shared=True,
                                format="individual", capacity_kind="places", capacity=Decimal(15), unit=herlev_team)
    OfferQuota.objects.create(offer=flex, municipality=world.ballerup, places=1)
    OfferQuota.objects.create(offer=flex, municipality=world.herlev, places=8)
    herlev_leader = make_staff("hleder", world.herlev, herlev_team, "Leder", "Leder")
    rehab = StayPlaceType.objects.create(municipality=world.ballerup, offer=rehab_offer, name="Rehabiliterende ophold",
                                         max_days=90, warn_days=14)
    acute = StayPlaceType.objects.create(municipality=world.ballerup, offer=rehab_offer, name="Akutplads",
                                         max_days=14, warn_days=3)
    room = StayPlace.objects.create(municipality=world.ballerup, place_type=rehab, name="Bolig 1")
    acute_room = StayPlace.objects.create(municipality=world.ballerup, place_type=acute, name="Akutpladsen")
    discharge = StayEntryReason.objects.create(municipality=world.ballerup, name="Udskrivelse fra hospital",
                                               from_hospital=True)
    crisis = StayEntryReason.objects.create(municipality=world.ballerup, name="Akut krise i eget hjem")
    return StaysWorld(rehab_offer, skp, flex, rehab_unit, rehab_worker, herlev_leader, rehab, acute, room,
                      acute_room, discharge, crisis)


def start(world, st, citizen=None, *, place=None, days=60, started_on=None, actor=None, **extra):
    from tovholder.housing import services

    started_on = started_on or TODAY() - datetime.timedelta(days=10)
    fields = dict(actor=actor or world.caseworker, citizen=citizen or world.casey, place=place or st.room,
                  entry_reason=st.discharge, started_on=started_on,
                  planned_return_on=started_on + datetime.timedelta(days=days),
                  home_address="Rosenvej 3, 2750 Ballerup",
                  home_tenancy="Lejebolig; huslejen betales videre", referred_by="Psykiatrisk Center Ballerup")
    fields.update(extra)
    return services.start_stay(**fields)

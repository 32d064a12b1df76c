"""A Skolehaven world on the standing users: the housing unit under the management, a worker and a leader
there, the housing offer (3 places) with three flats, and citizens whose orders the unit has accepted."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.conftest import make_citizen, make_staff
from tovholder.accounts.models import Unit
from tovholder.housing import services
from tovholder.housing.models import Flat, StayEntryReason, StayPlace, StayPlaceType
from tovholder.offers.models import LegalBasis, Offer, OfferQuota
from tovholder.visitation import services as visitation
from tovholder.visitation.models import Case, Decision, Order


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@dataclass
class FlatWorld:
    unit: Unit
    worker: object  # Medarbejder in Skolehaven
    leader: object  # Leder in Skolehaven (answers its orders)
    offer: Offer
    flats: list[Flat]


def accepted_order(world, fw, citizen, *, accepted=-10) -> Order:
    """A granted, ordered and accepted Skolehaven effort for the citizen (through the services)."""
    case = Case.objects.create(municipality=world.ballerup, citizen=citizen, caseworker=world.caseworker,
                               opened_on=days(-60))
    decision = visitation.request_offer(actor=world.caseworker, case=case, offer=fw.offer, requested_on=days(-50))
    decision = visitation.grant(actor=world.caseworker, decision=decision, version=decision.version,
                                start_on=days(-30), review_on=days(150), decided_on=days(-40),
                                reasons="Kan ikke klare egen bolig uden hjælp til hverdagens opgaver.")
    visitation.order(actor=world.caseworker, decision=decision, on=days(-35))
    order = Order.objects.get(decision=decision)
    return visitation.accept_order(actor=fw.leader, order=order, version=order.version, contact_person=fw.worker,
                                   accepted_on=days(accepted))


@pytest.fixture
def fw(world) -> FlatWorld:
    unit = Unit.objects.create(municipality=world.ballerup, name="Skolehaven", kind="housing",
                               parent=world.management)
    worker = make_staff("skole", world.ballerup, unit, "Medarbejder")
    leader = make_staff("skoleleder", world.ballerup, unit, "Leder", "Leder")
    offer = Offer.objects.create(municipality=world.ballerup, name="Opgangsfællesskabet Skolehaven",
                                 format="residential", capacity_kind="places", capacity=Decimal(3), unit=unit)
    flats = [Flat.objects.create(municipality=world.ballerup, offer=offer, number=f"{n}", size_m2=Decimal(45),
                                 floor=n // 10, accessible=n == 1) for n in (1, 2, 11)]
    return FlatWorld(unit, worker, leader, offer, flats)


@pytest.fixture
def resident(world, fw):
    """Erik, moved into flat 1 five days ago on an accepted order."""
    erik = make_citizen(world.ballerup, "0505751238", "Erik", "Beboer")
    order = accepted_order(world, fw, erik)
    return services.move_in(actor=fw.worker, order=order, flat=fw.flats[0], moved_in_on=days(-5))


def new_citizen(world, cpr, first):
    return make_citizen(world.ballerup, cpr, first, "Beboer")


__all__ = ["Decision", "accepted_order", "days", "new_citizen"]


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

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
from tovholder.housing.models import Flat
from tovholder.offers.models import Offer
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

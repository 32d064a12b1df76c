import datetime

import pytest

from tovholder.dropin import services
from tovholder.offers.models import Offer, OfferQuota


class DropinWorld:
    pass


@pytest.fixture
def dw(world):
    """A drop-in centre run by the SKP team (own_worker works there, Anna is its user) and a shared
    sports offer with a Herlev quota of one seat per session."""
    d = DropinWorld()
    d.w = world
    d.centre = Offer.objects.create(municipality=world.ballerup, name="Støberiet", format=Offer.Format.DROPIN,
                                    capacity_kind=Offer.CapacityKind.OPEN, requires_visitation=False, unit=world.skp)
    d.sports = Offer.objects.create(municipality=world.ballerup, name="IF Aktivisterne", format=Offer.Format.GROUP,
                                    capacity_kind=Offer.CapacityKind.SEATS, requires_visitation=False,
                                    unit=world.skp, shared=True)
    OfferQuota.objects.create(offer=d.sports, municipality=world.herlev, places=1)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    d.activity = services.create_activity(actor=world.own_worker, offer=d.sports, title="Volleyball",
                                          first_day=tomorrow, starts=datetime.time(17, 0), minutes=90, weeks=4,
                                          seats=3)
    return d

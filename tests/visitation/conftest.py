import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tovholder.offers.models import LegalBasis, Offer, OfferQuota


@dataclass
class Offers:
    skp: Offer  # 10 staff hours a week
    housing: Offer  # 1 place
    flex: Offer  # shared, run by Herlev, 1 place for Ballerup
    counselling: Offer  # no visitation
    herlev_only: Offer


@pytest.fixture
def offers(world) -> Offers:
    p85 = LegalBasis.objects.create(law="Serviceloven", paragraph="§ 85", title="Socialpædagogisk støtte")
    p107 = LegalBasis.objects.create(law="Serviceloven", paragraph="§ 107", title="Midlertidigt botilbud")
    p82 = LegalBasis.objects.create(law="Serviceloven", paragraph="§ 82 b", title="Uden visitation")
    skp = Offer.objects.create(municipality=world.ballerup, name="SKP", legal_basis=p85, format="mixed",
                               capacity_kind="staff_hours", capacity=Decimal(10), target_age_min=30,
                               target_age_max=65, deadline_days=56, unit=world.skp)
    housing = Offer.objects.create(municipality=world.ballerup, name="Rehabiliterende bolig", legal_basis=p107,
                                   format="residential", capacity_kind="places", capacity=Decimal(1),
                                   deadline_days=42, unit=world.skp)
    flex = Offer.objects.create(municipality=world.herlev, name="Flex Bostøtte", legal_basis=p85, shared=True,
                                format="individual", capacity_kind="places", capacity=Decimal(15))
    OfferQuota.objects.create(offer=flex, municipality=world.ballerup, places=1)
    counselling = Offer.objects.create(municipality=world.ballerup, name="Åben rådgivning", legal_basis=p82,
                                       format="individual", capacity_kind="open", requires_visitation=False)
    herlev_only = Offer.objects.create(municipality=world.herlev, name="Herlev SKP", legal_basis=p85,
                                       format="individual", capacity_kind="staff_hours", capacity=Decimal(50))
    return Offers(skp, housing, flex, counselling, herlev_only)


DAY = datetime.date(2026, 11, 2)

"""Partners, the notification basis and a helper that makes HospitalNotification bundles for the standing world."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from tovholder.crosssector import bundles
from tovholder.crosssector.models import Partner, Purpose, SharingBasis


@dataclass
class Cross:
    ward: Partner  # Psykiatrisk Center Ballerup, a ward
    own: Partner  # Ballerup's own address for notifications
    herlev_own: Partner
    basis: SharingBasis
    ward_org: bundles.Org
    own_org: bundles.Org

    def stay(self, citizen, *, hours_ago: int = 30, **kw) -> bundles.Stay:
        admitted = (timezone.now() - datetime.timedelta(hours=hours_ago)).replace(microsecond=0)
        return bundles.Stay(cpr=citizen.cpr, family=citizen.last_name, given=citizen.first_name, ward=self.ward_org,
                            receiver=self.own_org, admitted_at=admitted, **kw)


@pytest.fixture
def cross(world) -> Cross:
    ward = Partner.objects.create(municipality=world.ballerup, name="Psykiatrisk Center Ballerup, afsnit 1",
                                  kind=Partner.Kind.WARD, sor_code="900000000000001", ean_code="5790000000011")
    own = Partner.objects.create(municipality=world.ballerup, name="Socialpsykiatrien, Ballerup Kommune",
                                 kind=Partner.Kind.OWN, sor_code="900000000000151", ean_code="5790000001511",
                                 unit=world.management)
    herlev_own = Partner.objects.create(municipality=world.herlev, name="Herlev Kommune, socialpsykiatri",
                                        kind=Partner.Kind.OWN, sor_code="900000000000163", ean_code="5790000001634")
    basis = SharingBasis.objects.create(law="Serviceloven", paragraph="§ 12 c", title="Advis om sygehusophold",
                                        purpose=Purpose.NOTIFICATION, direction=SharingBasis.Direction.INCOMING,
                                        partner_kinds=["ward", "hospital"], support_law="Serviceloven",
                                        support_paragraphs="83-99, 107, 108")
    return Cross(ward, own, herlev_own, basis, bundles.Org(ward.name, ward.sor_code, ward.ean_code),
                 bundles.Org(own.name, own.sor_code, own.ean_code))


def deliver(bundle: dict | bytes, *, handle: str = "besked.json"):
    """Hand one bundle to the inbox as the transport would."""
    import json

    from tovholder.crosssector import services
    from tovholder.crosssector.transport import Incoming

    data = bundle if isinstance(bundle, bytes) else json.dumps(bundle).encode()
    return services.receive(Incoming(handle=handle, size=len(data), data=data))

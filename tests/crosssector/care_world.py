"""A small cross-sector world for care messages and agreements, on top of the standing `world`: the
municipality's own address, the psychiatric ward, Brydehuset and a GP with SOR and EAN codes; Anna's
consent to care messages with the ward; § 13 c as the basis for sharing a discharge agreement; Anna admitted.
Import the fixtures into a test module: `from tests.crosssector.care_world import cw  # noqa: F401`."""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import timezone

from tovholder.crosssector import carecommunication as cc
from tovholder.crosssector.models import Admission, Partner, PartnerConsent, Purpose, SharingBasis

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class CareWorld:
    own: Partner
    ward: Partner
    bryde: Partner
    gp: Partner
    admission: Admission
    out: Path  # the transport's out folder


@pytest.fixture
def cw(world, settings, tmp_path) -> CareWorld:
    settings.MEDCOM_FOLDER = str(tmp_path / "medcom")
    settings.MEDCOM_TRANSPORT = "folder"
    m = world.ballerup
    own = Partner.objects.create(municipality=m, name="Ballerup Kommune, Socialpsykiatrien", kind=Partner.Kind.OWN,
                                 sor_code="123451000016004", ean_code="5790000123450", unit=world.skp)
    ward = Partner.objects.create(municipality=m, name="Psykiatrisk Center Ballerup, afsnit 1",
                                  kind=Partner.Kind.WARD, sor_code="123456789012345", ean_code="5790000987654")
    bryde = Partner.objects.create(municipality=m, name="Brydehuset", kind=Partner.Kind.SUBSTANCE,
                                   sor_code="987654321098765", ean_code="5790000111111")
    gp = Partner.objects.create(municipality=m, name="Lægerne i Centrum", kind=Partner.Kind.GP,
                                sor_code="555554321098765", ean_code="5790000222222")
    PartnerConsent.objects.create(municipality=m, citizen=world.anna, partner=ward, purpose=Purpose.CARE_MESSAGE,
                                  given_on=datetime.date(2025, 3, 1), recorded_by=world.own_worker)
    SharingBasis.objects.get_or_create(law="Psykiatriloven", paragraph="§ 13 c", purpose=Purpose.DISCHARGE,
                                       defaults={"title": "Videregivelse til indgåelse af og tilsyn med udskrivnings"
                                                          "aftaler og koordinationsplaner",
                                                 "direction": SharingBasis.Direction.BOTH})
    admission = Admission.objects.create(municipality=m, citizen=world.anna, episode_identifier="ep-anna-1",
                                         ward=ward, state=Admission.State.ADMITTED,
                                         admitted_at=timezone.now() - datetime.timedelta(days=2))
    return CareWorld(own, ward, bryde, gp, admission, tmp_path / "medcom" / "ud")


AT = datetime.datetime(2026, 12, 3, 10, 30, tzinfo=datetime.UTC)


def incoming(cw: CareWorld, *, message_id="in-1", thread_id="th-in-1", kind="new", replies_to="",
             category="psychiatry-social-disability", cpr="0101901234", family="Jensen", sender=None, receiver=None,
             text="Anna udskrives fredag. Kan I komme til netværksmøde?", segments=None) -> bytes:
    """A synthetic CareCommunication from the ward to the municipality (test CPRs only)."""
    ward = sender or cw.ward
    own = receiver or cw.own
    bundle = cc.build_bundle(
        message_id=message_id, thread_id=thread_id, kind=kind, replies_to=replies_to, category=category,
        topic="Udskrivelse", cpr=cpr, given="Anna", family=family,
        sender=cc.Party(ward.name, ward.sor_code, ward.ean_code), receiver=cc.Party(own.name, own.sor_code,
                                                                                    own.ean_code),
        sent_at=AT, segments=segments or [cc.Segment(cc.Signature("Lone Læge", "Overlæge", "38 64 00 00", AT),
                                                     text=text)])
    return json.dumps(bundle).encode()

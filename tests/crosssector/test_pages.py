"""The pages: need to know, the flag and paused visits on the overview, the coordinator's panel, readmissions
for managers, the inbox and partners, consents."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tovholder.activities.models import Occasion, Participation
from tovholder.audit.models import AccessEvent
from tovholder.crosssector import bundles, services
from tovholder.crosssector.models import Activity, Admission, PartnerConsent, Receipt

from .conftest import deliver

A = Activity
H = datetime.timedelta(hours=1)


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def admitted(world, sw, cross):
    stay = cross.stay(world.anna)
    deliver(bundles.notification(stay, A.ADMIT_INPATIENT, at=stay.admitted_at))
    return stay


def test_the_overview_flags_indlagt_and_shows_visits_as_paused(client, world, admitted):
    occasion = Occasion.objects.create(municipality=world.ballerup, kind="home_visit",
                                       starts_at=timezone.now() + datetime.timedelta(days=1),
                                       ends_at=timezone.now() + datetime.timedelta(days=1, hours=1),
                                       created_by=world.own_worker)
    Participation.objects.create(municipality=world.ballerup, occasion=occasion, citizen=world.anna)
    page = login(client, world.own_worker).get(reverse("citizen", args=[world.anna.pk])).content.decode()
    assert 'data-flag="indlagt"' in page and "Sat på pause" in page


def test_the_coordinators_start_page_shows_the_stay_and_the_task(client, world, admitted):
    page = login(client, world.own_worker).get(reverse("home")).content.decode()
    assert "Indlagte borgere" in page and "Anna Jensen" in page and services.ADMITTED_TITLE in page


def test_nothing_from_a_notification_shows_for_a_citizen_without_support(client, world, cross, sw):
    stay = cross.stay(world.bo)
    assert deliver(bundles.notification(stay, A.ADMIT_INPATIENT, at=stay.admitted_at)).outcome == "discarded"
    page = login(client, world.other_worker).get(reverse("citizen", args=[world.bo.pk])).content.decode()
    assert "indlagt" not in page.lower().replace("ingen advis", "")
    stays = client.get(reverse("citizen_stays", args=[world.bo.pk])).content.decode()
    assert "Ingen sygehusophold." in stays
    home = client.get(reverse("home")).content.decode()
    assert "Indlagte borgere" not in home


@pytest.mark.parametrize("who, status", [("own_worker", 200), ("manager", 200), ("other_worker", 403),
                                         ("herlev_worker", 404)])
def test_the_citizens_stays_page_needs_need_to_know(client, world, admitted, who, status):
    user = getattr(world, who)
    response = login(client, user).get(reverse("citizen_stays", args=[world.anna.pk]))
    assert response.status_code == status
    if status == 200:
        assert AccessEvent.objects.filter(actor=user, citizen=world.anna).exists()
        assert "Start sygehusophold – indlagt (STIN)" in response.content.decode()


def test_readmissions_for_managers_only_and_the_figure_moves(client, world, sw, cross):
    stay = cross.stay(world.anna, hours_ago=24 * 20)
    deliver(bundles.notification(stay, A.ADMIT_INPATIENT, at=stay.admitted_at))
    deliver(bundles.notification(stay, A.DISCHARGE_INPATIENT, at=stay.admitted_at + 48 * H,
                                 discharged_at=stay.admitted_at + 48 * H))
    assert login(client, world.own_worker).get(reverse("readmissions")).status_code == 403
    page = login(client, world.manager).get(reverse("readmissions")).content.decode()
    assert 'data-figure="readmissions">0<' in page and 'data-figure="admissions">1<' in page
    second = cross.stay(world.anna, hours_ago=24 * 3)
    deliver(bundles.notification(second, A.ADMIT_INPATIENT, at=second.admitted_at))
    page = client.get(reverse("readmissions")).content.decode()
    assert 'data-figure="readmissions">1<' in page and 'data-figure="admissions">2<' in page
    assert "SKP" in page
    csv = client.get(reverse("readmissions") + "?format=csv")
    assert csv.status_code == 200 and "Genindlæggelser" in csv.content.decode("utf-8-sig")
    assert client.get(reverse("readmissions") + "?maaneder=abc&tilbud=%00").status_code == 200


def test_the_inbox_and_partners(client, world, cross):
    deliver(b"{ikke json")
    assert login(client, world.own_worker).get(reverse("medcom_inbox")).status_code == 403
    page = login(client, world.admin).get(reverse("medcom_inbox")).content.decode()
    assert "kan ikke læses" in page
    assert Receipt.objects.count() == 1
    page = client.get(reverse("partner_list")).content.decode()
    assert cross.ward.sor_code in page and "§ 12 c" in page
    response = client.post(reverse("partner_create"), {"name": "Brydehuset", "kind": "substance",
                                                       "sor_code": "123", "ean_code": ""})
    assert response.status_code == 200 and "SOR-koden skal være" in response.content.decode()
    response = client.post(reverse("partner_create"), {"name": "Brydehuset", "kind": "substance",
                                                       "sor_code": "", "ean_code": "5790000123456"})
    assert response.status_code == 302


def test_consent_to_share_is_recorded_and_withdrawn(client, world, cross, sw):
    login(client, world.own_worker)
    response = client.post(reverse("partner_consent_create", args=[world.anna.pk]), {
        "partner": cross.ward.pk, "purpose": "care_message", "given_on": timezone.localdate().isoformat()})
    assert response.status_code == 302, response.content.decode()[:2000]
    consent = PartnerConsent.objects.get()
    client.post(reverse("partner_consent_withdraw", args=[world.anna.pk, consent.pk]))
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    login(client, world.other_worker)
    assert client.post(reverse("partner_consent_create", args=[world.anna.pk]), {}).status_code == 403


def test_sharing_out_needs_consent_or_basis_and_is_logged(world, cross, sw):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.share_with_partner(actor=world.own_worker, citizen=world.anna, partner=cross.ward,
                                    purpose="general", what="Oplysninger om støtten")
    services.record_partner_consent(actor=world.own_worker, citizen=world.anna, partner=cross.ward,
                                    purpose="general", given_on=timezone.localdate())
    share = services.share_with_partner(actor=world.own_worker, citizen=world.anna, partner=cross.ward,
                                        purpose="general", what="Oplysninger om støtten")
    assert share.consent is not None and share.direction == "out"
    assert Admission.objects.count() == 0

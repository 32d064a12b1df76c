"""A relative's information page: only what the citizen's consent allows; each disclosure recorded."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tovholder.audit.models import AccessEvent, AuditEvent
from tovholder.citizens import services
from tovholder.citizens.events import Event
from tovholder.citizens.models import Consent, Disclosure

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def mor(world):
    return world.anna.relatives.get()  # consent: general, since 1 February 2025


def _tell(world, mor, **kw):
    args = {"actor": world.own_worker, "relative": mor, "scopes": ["general"], "told_on": TODAY(),
            "channel": "phone", "what": "Anna kommer i SKP to gange om ugen."}
    args.update(kw)
    return services.record_disclosure(**args)


def test_record_under_consent(world, mor):
    row = _tell(world, mor)
    assert row.scopes == ["general"] and row.told_by == world.own_worker
    assert AuditEvent.objects.filter(action=Event.RELATIVE_TOLD, citizen=world.anna).exists()


@pytest.mark.parametrize("kw", [{"scopes": ["health"]}, {"scopes": ["general", "plan"]}, {"scopes": []},
                                {"scopes": ["nonsense"]}, {"told_on": datetime.date(2025, 1, 15)},
                                {"told_on": datetime.date(1, 1, 1)}, {"told_on": datetime.date(9999, 1, 1)},
                                {"told_on": None}, {"channel": "pigeon"}, {"what": ""}, {"what": "x" * 2001}])
def test_refused_and_nothing_written(world, mor, kw):
    with pytest.raises(ValidationError):
        _tell(world, mor, **kw)
    assert not Disclosure.objects.exists()


def test_withdrawn_consent_stops_disclosure(world, mor):
    Consent.objects.filter(relative=mor).update(withdrawn_on=TODAY())
    with pytest.raises(ValidationError):
        _tell(world, mor)
    _tell(world, mor, told_on=TODAY() - datetime.timedelta(days=1))  # told before it was withdrawn


def test_need_to_know(world, mor):
    for user in (world.other_worker, world.herlev_worker):
        with pytest.raises(PermissionDenied):
            _tell(world, mor, actor=user)
    assert not Disclosure.objects.exists()


def test_page_shows_only_what_the_consent_allows(client, world, sw, mor):
    from tests.support.conftest import goal
    goal(world, text="Jeg vil kunne gøre rent selv")
    client.force_login(world.own_worker)
    page = client.get(reverse("relative_info", args=[world.anna.pk, mor.pk])).content.decode()
    assert "Hvem der hjælper" in page and "Own Testesen" in page
    assert "Jeg vil kunne gøre rent selv" not in page  # the plan needs consent to "plan"
    assert "Må ikke oplyses" in page
    assert AccessEvent.objects.filter(actor=world.own_worker, citizen=world.anna,
                                      what="Pårørendes oplysninger").exists()
    Consent.objects.create(municipality=world.ballerup, citizen=world.anna, relative=mor, scope="plan",
                           given_on=TODAY())
    page = client.get(reverse("relative_info", args=[world.anna.pk, mor.pk])).content.decode()
    assert "Jeg vil kunne gøre rent selv" in page


@pytest.mark.parametrize("who,status", [("own_worker", 200), ("other_worker", 403), ("caseworker", 302),
                                        ("herlev_worker", 404)])
def test_page_need_to_know(client, world, mor, who, status):
    client.force_login(getattr(world, who))
    response = client.get(reverse("relative_info", args=[world.anna.pk, mor.pk]))
    assert response.status_code == status or (status == 302 and response.status_code in (302, 403))


def test_page_records_and_the_overview_lists(client, world, mor):
    client.force_login(world.own_worker)
    url = reverse("relative_info", args=[world.anna.pk, mor.pk])
    response = client.post(url, {"scopes": ["general"], "what": "Orienteret om SKP", "channel": "meeting",
                                 "told_on": TODAY().isoformat()})
    assert response.status_code == 302
    overview = client.get(reverse("citizen", args=[world.anna.pk])).content.decode()
    assert "Orienteret om SKP" in overview and "Oplysninger givet til pårørende" in overview


@pytest.mark.parametrize("data", [{"scopes": ["health"]}, {"scopes": ["<script>"]}, {"told_on": "0001-01-01"},
                                  {"told_on": "9999-12-31"}, {"channel": "x"}])
def test_page_hostile(client, world, mor, data):
    client.force_login(world.own_worker)
    base = {"scopes": ["general"], "what": "Noget", "channel": "phone", "told_on": TODAY().isoformat()}
    response = client.post(reverse("relative_info", args=[world.anna.pk, mor.pk]), {**base, **data})
    assert response.status_code == 200
    assert not Disclosure.objects.exists()


def test_malformed_ids(client, world, mor):
    client.force_login(world.own_worker)
    assert client.get(f"/borgere/{world.anna.pk}/paarorende/99999999999999999999/").status_code == 404
    assert client.get(reverse("relative_info", args=[world.bo.pk, mor.pk])).status_code in (403, 404)

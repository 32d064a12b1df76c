"""Creating and editing citizens through the pages: hostile input gets a Danish message and writes nothing."""

import pytest
from django.urls import reverse

from tovholder.audit.models import AuditEvent
from tovholder.citizens import services
from tovholder.citizens.models import Citizen, Consent, Relative

VALID = dict(cpr="150585-4321", first_name="Karen", last_name="Blixen-Finecke", phone="12345678",
             email="karen@example.dk", address="Rungstedvej 111", postal_code="2960", city="Rungsted")


def _snapshot():
    return (Citizen.objects.count(), Relative.objects.count(), Consent.objects.count(), AuditEvent.objects.count())


def test_caseworker_creates_citizen_and_takes_the_case(client, world):
    client.force_login(world.caseworker)
    response = client.post(reverse("citizen_create"), VALID)
    citizen = Citizen.objects.get(cpr="1505854321")
    assert response.status_code == 302 and response["Location"] == reverse("citizen", args=[citizen.pk])
    assert citizen.municipality == world.ballerup
    assert str(citizen.birth_date) == "1985-05-15"
    assert citizen.involvements.get().worker == world.caseworker
    assert AuditEvent.objects.filter(action="citizen.created", citizen=citizen, actor=world.caseworker).exists()
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("field, value, message", [
    ("cpr", "150585-43210", "10 cifre"),
    ("cpr", "321385-4321", "gyldig fødselsdato"),
    ("cpr", "abcdefghij", "kun indeholde tal"),
    ("first_name", "<script>alert(1)</script>", "&lt; og &gt;"),
    ("last_name", "<b>Fed</b>", "&lt; og &gt;"),
    ("first_name", "Robert'); DROP TABLE--", "bogstaver"),
    ("first_name", "x" * 10_000, "højst"),
    ("address", "y" * 10_000, "højst"),
    ("email", "ikke-en-mail", "e-mail"),
    ("cpr", "0101901234", "allerede en borger"),  # Anna's number
])
def test_hostile_input_is_refused_with_danish_message(client, world, field, value, message):
    client.force_login(world.caseworker)
    before = _snapshot()
    response = client.post(reverse("citizen_create"), {**VALID, field: value})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Formularen er ikke gemt" in text
    assert message in text
    assert "<script>alert(1)</script>" not in text
    assert _snapshot() == before


def test_worker_cannot_create_citizens(client, world):
    client.force_login(world.own_worker)
    assert client.post(reverse("citizen_create"), VALID).status_code == 403
    assert not Citizen.objects.filter(cpr="1505854321").exists()


def test_same_cpr_may_exist_in_another_municipality(world):
    citizen = services.create_citizen(actor=world.caseworker, cpr="0404851237", first_name="Hanne",
                                      last_name="Ballerupsen")
    assert citizen.municipality == world.ballerup


def test_stale_contact_edit_is_refused_and_loses_nothing(client, world):
    client.force_login(world.caseworker)
    url = reverse("citizen_contact", args=[world.casey.pk])
    version = world.casey.version
    first = client.post(url, dict(phone="11111111", email="", address="Første vej 1", postal_code="2750",
                                  city="Ballerup", version=version))
    assert first.status_code == 302
    second = client.post(url, dict(phone="22222222", email="", address="Anden vej 2", postal_code="2750",
                                   city="Ballerup", version=version))
    assert second.status_code == 200
    assert "En anden har gemt ændringer" in second.content.decode()
    world.casey.refresh_from_db()
    assert world.casey.phone == "11111111" and world.casey.address == "Første vej 1"
    assert world.casey.version == version + 1


def test_postal_code_must_be_four_digits(client, world):
    client.force_login(world.caseworker)
    response = client.post(reverse("citizen_contact", args=[world.casey.pk]),
                           dict(phone="", email="", address="", postal_code="27a0", city="", version=1))
    assert "4 cifre" in response.content.decode()


def test_relative_and_consent_lifecycle_keeps_history(client, world):
    client.force_login(world.caseworker)
    casey = world.casey
    client.post(reverse("relative_create", args=[casey.pk]), dict(name="Ole Nielsen", relation="far"))
    relative = casey.relatives.get()
    response = client.post(reverse("consent_create", args=[casey.pk]),
                           dict(relative=relative.pk, scope="plan", given_on="2026-01-10", note=""))
    assert response.status_code == 302
    consent = relative.consents.get()
    client.post(reverse("consent_withdraw", args=[casey.pk, consent.pk]))
    consent.refresh_from_db()
    assert consent.withdrawn_on is not None
    assert Consent.objects.filter(pk=consent.pk).exists()  # withdrawal keeps the row
    actions = list(AuditEvent.objects.filter(citizen=casey).values_list("action", flat=True).order_by("pk"))
    assert actions == ["relative.added", "consent.given", "consent.withdrawn"]
    page = client.get(reverse("citizen", args=[casey.pk])).content.decode()
    assert "Trukket tilbage" in page and "Ole Nielsen" in page


@pytest.mark.parametrize("data, message", [
    (dict(scope="plan", given_on="2999-01-01"), "i fremtiden"),
    (dict(scope="ukendt", given_on="2026-01-01"), "gyldig valgmulighed"),
    (dict(scope="plan", given_on="2026-02-31"), "gyldig dato"),
])
def test_bad_consent_input(client, world, data, message):
    client.force_login(world.caseworker)
    relative = services.add_relative(actor=world.caseworker, citizen=world.casey, name="Ole Nielsen", relation="far")
    before = _snapshot()
    response = client.post(reverse("consent_create", args=[world.casey.pk]), {"relative": relative.pk, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _snapshot() == before


def test_consent_for_another_citizens_relative_is_refused(client, world):
    client.force_login(world.caseworker)
    annas_mother = world.anna.relatives.get()
    before = _snapshot()
    response = client.post(reverse("consent_create", args=[world.casey.pk]),
                           dict(relative=annas_mother.pk, scope="plan", given_on="2026-01-10"))
    assert response.status_code == 200
    assert "gyldig valgmulighed" in response.content.decode()
    assert _snapshot() == before


def test_service_refuses_citizen_of_other_municipality(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.add_relative(actor=world.caseworker, citizen=world.herlev_citizen, name="Per Hansen",
                              relation="bror")
    assert not Relative.objects.filter(citizen=world.herlev_citizen).exists()


def test_consent_form_keeps_its_default_date_so_the_first_save_succeeds(client, world):
    import datetime
    import re

    client.force_login(world.caseworker)
    casey = world.casey
    client.post(reverse("relative_create", args=[casey.pk]), dict(name="Ole Nielsen", relation="far"))
    relative = casey.relatives.get()
    html = client.get(reverse("consent_create", args=[casey.pk])).content.decode()
    given_on = re.search(r'<input[^>]*name="given_on"[^>]*>', html).group(0)
    today = datetime.date.today().isoformat()
    assert f'value="{today}"' in given_on and 'type="date"' in given_on
    response = client.post(reverse("consent_create", args=[casey.pk]),
                           dict(relative=relative.pk, scope="plan", given_on=today, note=""), follow=True)
    assert relative.consents.get().given_on.isoformat() == today
    assert "Samtykket for Ole Nielsen er registreret: plan, mål og aftaler" in response.content.decode()

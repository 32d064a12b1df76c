import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from tovholder.offers.models import Offer
from tovholder.tenancy.models import Municipality


@pytest.fixture
def demo(db):
    call_command("demo", citizens=50, seed=7, verbosity=0)
    from django.contrib.auth import get_user_model

    return {u.username: u for u in get_user_model().objects.all()}


DOMAIN_OFFERS = [
    "SKP – støtte-kontaktperson-ordning", "SKP kompetenceteam", "Ballerup Ungeindsats – mentorforløb",
    "ASF-tilbud (autismespektrum)", "Rehabiliterende bo- og akutpladser", "Opgangsfællesskabet Skolehaven",
    "Flex Bostøtte", "Projekt integreret indsats (dobbeltdiagnose)", "Støberiet – aktivitets- og værested",
    "IF Aktivisterne", "Gruppeforløb", "Frivillige ledsagere",
]


def test_manager_sees_every_domain_offer_with_legal_basis(client, demo):
    client.force_login(demo["leder"])
    response = client.get(reverse("catalogue"))
    names = [o.name for o in response.context["offers"]]
    for name in DOMAIN_OFFERS:
        assert name in names
    text = response.content.decode()
    assert "Serviceloven § 85" in text and "Serviceloven § 104" in text and "Serviceloven § 107" in text


def test_flex_bostotte_quota_is_seven_for_ballerup(client, demo):
    flex = Offer.objects.get(name="Flex Bostøtte")
    quotas = {q.municipality.name: q.places for q in flex.quotas.all()}
    assert quotas["Ballerup Kommune"] == 7
    assert flex.municipality.name == "Herlev Kommune"
    client.force_login(demo["leder"])
    text = client.get(reverse("offer", args=[flex.pk])).content.decode()
    assert "Ballerup Kommune" in text and ">7<" in text.replace(" ", "")


def test_other_municipality_sees_shared_but_not_our_own_offers(client, demo):
    client.force_login(demo["herlev-leder"])
    names = [o.name for o in client.get(reverse("catalogue")).context["offers"]]
    assert "Flex Bostøtte" in names and "IF Aktivisterne" in names
    assert "SKP – støtte-kontaktperson-ordning" not in names
    skp = Offer.objects.get(name="SKP – støtte-kontaktperson-ordning")
    assert client.get(reverse("offer", args=[skp.pk])).status_code == 404


def test_offers_carry_ffb_codes_age_range_and_price(demo):
    skp = Offer.objects.get(name="SKP – støtte-kontaktperson-ordning")
    assert skp.ffb_service_display == "Socialpædagogisk støtte"
    assert (skp.target_age_min, skp.target_age_max) == (30, 65)
    assert skp.requires_visitation
    stoeberiet = Offer.objects.get(name__startswith="Støberiet")
    assert not stoeberiet.requires_visitation
    assert stoeberiet.ffb_service_display == "Aktivitet og samvær"
    assert Offer.objects.get(name="Opgangsfællesskabet Skolehaven").capacity == 18


def test_catalogue_csv_export(client, demo):
    client.force_login(demo["leder"])
    response = client.get(reverse("catalogue"), {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Tilbud;Lovgrundlag")
    assert "Flex Bostøtte" in text and "Ballerup Kommune: 7" in text


def test_catalogue_exports_amounts_as_plain_numbers(client, demo):
    client.force_login(demo["leder"])
    text = client.get(reverse("catalogue"), {"format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert rows and "kr." not in text.split("\n", 1)[1]
    priced = [r for r in rows if r["Takst (kr.)"]]
    assert priced and all("." not in r["Takst (kr.)"] for r in priced)
    assert all(r["Kræver visitation"] in ("ja", "nej") for r in rows)
    book = load_workbook(io.BytesIO(client.get(reverse("catalogue"), {"format": "xlsx"}).content))
    assert book.active.max_row == len(rows) + 1


def test_bad_ffb_code_is_refused(db):
    from django.core.exceptions import ValidationError

    offer = Offer(municipality=Municipality.objects.create(code="999", name="Testkommune"), name="X",
                  format="individual", capacity_kind="open", ffb_service="not-a-code", target_age_min=40,
                  target_age_max=30)
    with pytest.raises(ValidationError) as exc:
        offer.full_clean()
    assert "FFB-ydelse" in str(exc.value) and "mindst lige så høj" in str(exc.value)


def test_worker_sees_catalogue_but_not_organisation(client, demo):
    client.force_login(demo["skp1"])
    assert client.get(reverse("catalogue")).status_code == 200
    assert client.get(reverse("organisation")).status_code == 403


def _paragraphs(text: str) -> set[str]:
    """The paragraphs a text names: "§ 82 b", "§82b" and "§ 82b" are the same."""
    import re

    return {re.sub(r"\s", "", m) for m in re.findall(r"§\s?\d+(?:\s?[a-z](?![a-zæøå]))?", text)}


def test_every_demo_offer_s_legal_basis_matches_its_ffb_service_and_offer_type(db):
    """The paragraph a letter names (the offer's legal basis) is one FFB names for the offer's service and
    offer type, where FFB names any: a § 107/§ 108 long-term offer is not called a temporary one."""
    from tovholder.demo.catalogue import NEIGHBOUR_OFFERS, OFFERS
    from tovholder.offers import ffb

    concepts = ffb.concepts()
    checked = 0
    for offer in OFFERS + NEIGHBOUR_OFFERS:
        if not offer.get("paragraph"):
            continue
        own = _paragraphs(offer["paragraph"])
        for key in ("ffb_service", "ffb_offer_type"):
            concept = concepts.get(offer.get(key) or "")
            named = _paragraphs(concept.definition) if concept else set()
            if named:
                assert own & named, (offer["name"], key, concept.display, own, named)
                checked += 1
    assert checked >= 15


def test_the_letter_of_a_long_term_housing_offer_names_it_so(client, demo):
    skolehaven = Offer.objects.select_related("legal_basis").get(name="Opgangsfællesskabet Skolehaven")
    assert skolehaven.legal_basis.paragraph == "§ 108"
    from django.template.loader import render_to_string

    html = render_to_string("visitation/letter_law_and_appeal.html", {"offer": skolehaven,
                                                                      "municipality": skolehaven.municipality})
    assert "§ 108 (længerevarende botilbud) og § 107 ved midlertidigt ophold" in html
    assert "midlertidigt botilbud" not in html

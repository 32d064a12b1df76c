"""The pages: only the budget role, the follow-up and its downloads, the forms' hostile input."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tovholder.budget.models import ActualSpend, Appropriation, Explanation, Supplement

from .conftest import Y

PAGES = ["budget_followup", "budget_offers", "budget_appropriations", "budget_actuals", "budget_setup"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("who, status", [("manager", 200), ("own_worker", 403), ("caseworker", 403),
                                         ("admin", 403)])
def test_the_pages_are_for_the_managers(client, world, bw, name, who, status):
    client.force_login(getattr(world, who))
    assert client.get(reverse(name) + f"?aar={Y}").status_code == status


def test_the_follow_up_page_and_its_downloads(client, world, bw):
    client.force_login(world.manager)
    page = client.get(reverse("budget_followup") + f"?aar={Y}").content.decode()
    assert "5.38.38.005" in page and "Korrigeret budget" in page and "Forventet afvigelse" in page
    offers_page = client.get(reverse("budget_offers") + f"?aar={Y}&graense=80000").content.decode()
    assert "99.355" in offers_page
    xlsx = client.get(reverse("budget_followup") + f"?aar={Y}&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    csv = client.get(reverse("budget_followup") + f"?aar={Y}&format=csv").content.decode("utf-8-sig")
    assert csv.startswith("Funktion;Betegnelse;Oprindeligt budget") and "I alt" in csv
    assert client.get(reverse("budget_offers") + f"?aar={Y}&format=xlsx").content[:2] == b"PK"
    # a year or a threshold that is not a number is ignored, never a server error
    assert client.get(reverse("budget_followup") + "?aar=1e99").status_code == 200
    assert client.get(reverse("budget_offers") + "?graense=%00").status_code == 200


def test_forms_write_and_refuse_hostile_input(client, world, bw):
    client.force_login(world.manager)
    url = reverse("budget_appropriations") + f"?aar={Y}"
    bad = client.post(url, {"action": "original", "original-function": bw.f85.pk, "original-year": Y,
                            "original-amount": "-5"})
    assert bad.status_code == 400 and "negativt" in bad.content.decode()
    bad = client.post(url, {"action": "original", "original-function": "99999999999999999999999",
                            "original-year": Y, "original-amount": "5"})
    assert bad.status_code == 400
    assert client.post(url, {"action": "nonsense"}).status_code == 400
    assert Appropriation.objects.count() == 0
    ok = client.post(url, {"action": "supplement", "supplement-function": bw.f85.pk, "supplement-year": Y,
                           "supplement-amount": "2.500.000", "supplement-decided_on": "2025-01-10",
                           "supplement-text": "Budgetforlig 2017"})
    assert ok.status_code == 302 and Supplement.objects.get().amount == 2500000
    url = reverse("budget_actuals") + f"?aar={Y}"
    upload = SimpleUploadedFile("forbrug.csv", "Funktion;År;Måned;Beløb\n5.38.38.005;2025;1;1234.50\n".encode())
    bad = client.post(url, {"action": "import", "import-file": upload})
    assert bad.status_code == 400 and "Række 2" in bad.content.decode() and "decimalpunktum" in bad.content.decode()
    upload = SimpleUploadedFile("forbrug.csv", "Funktion;År;Måned;Beløb\n5.38.38.005;2025;1;1234,50\n".encode())
    assert client.post(url, {"action": "import", "import-file": upload}).status_code == 302
    assert ActualSpend.objects.get().amount == 1234.5
    again = client.post(url, {"action": "actual", "actual-function": bw.f85.pk, "actual-year": Y, "actual-month": 1,
                              "actual-amount": "1"})
    assert again.status_code == 400 and "allerede bogført" in again.content.decode()
    url = reverse("budget_explanation", args=[bw.f85.pk, Y])
    assert client.post(url, {"text": "Flere borgere i købte pladser end ventet."}).status_code == 302
    assert Explanation.objects.get().version == 1
    stale = client.post(url, {"text": "Ny forklaring", "version": 0})
    assert stale.status_code == 400
    assert client.get(reverse("budget_explanation", args=[bw.f85.pk, 99999999])).status_code == 404


def test_setup_maps_and_prices(client, world, bw):
    client.force_login(world.manager)
    url = reverse("budget_setup") + f"?aar={Y}"
    ok = client.post(url, {"action": "price", "price-offer": bw.housing.pk, "price-valid_from": "2025-09-01",
                           "price-price": "1.100", "price-unit": "day"})
    assert ok.status_code == 302
    bad = client.post(url, {"action": "function", "function-code": "5.38.99x", "function-title": "X",
                            "function-first_year": Y})
    assert bad.status_code == 400
    page = client.get(url).content.decode()
    assert "1.100,00" in page and "5.38.59" in page

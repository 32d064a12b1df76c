import pytest
from django.urls import reverse

from tovholder.audit.models import AccessEvent
from tovholder.citizens.models import BreakGlassGrant


def _names(response):
    return [c.full_name for c in response.context["page"].object_list] if response.context.get("page") else []


def test_my_citizens_shows_only_mine_and_logs_each(client, world):
    client.force_login(world.own_worker)
    response = client.get(reverse("citizens"))
    assert _names(response) == ["Anna Jensen"]
    assert AccessEvent.objects.filter(actor=world.own_worker, citizen=world.anna, what="Borgerliste").count() == 1
    assert not AccessEvent.objects.filter(actor=world.own_worker).exclude(citizen=world.anna).exists()


def test_manager_sees_all_in_units_below(client, world):
    client.force_login(world.manager)
    response = client.get(reverse("citizens"), {"vis": "alle"})
    assert _names(response) == ["Bo Hansen", "Anna Jensen"]


@pytest.mark.parametrize("query, expected", [
    ("Jensen", ["Anna Jensen"]),
    ("anna jen", ["Anna Jensen"]),
    ("010190", ["Anna Jensen"]),
    ("010190-1234", ["Anna Jensen"]),
    ("0101901234", ["Anna Jensen"]),
    ("Hansen", ["Bo Hansen"]),
    ("Herlevsen", []),  # other municipality: never found
    ("Nielsen", []),  # casework citizen: outside the manager's units
])
def test_search_by_name_or_cpr_within_need_to_know(client, world, query, expected):
    client.force_login(world.manager)
    response = client.get(reverse("citizens"), {"q": query})
    assert _names(response) == expected
    logged = set(AccessEvent.objects.filter(actor=world.manager, what__startswith="Søgning").values_list(
        "citizen__first_name", flat=True))
    assert logged == {name.split()[0] for name in expected}


def test_search_too_short_and_too_long(client, world):
    client.force_login(world.own_worker)
    assert "mindst to tegn" in client.get(reverse("citizens"), {"q": "a"}).content.decode()
    response = client.get(reverse("citizens"), {"q": "x" * 10_000})
    assert response.status_code == 200
    assert "højst have 100 tegn" in response.content.decode()


def test_search_with_markup_is_escaped(client, world):
    client.force_login(world.own_worker)
    response = client.get(reverse("citizens"), {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_htmx_search_returns_only_the_results(client, world):
    client.force_login(world.own_worker)
    response = client.get(reverse("citizens"), {"q": "Anna"}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "Anna Jensen" in text and "<html" not in text


def test_exact_cpr_outside_scope_offers_break_glass_without_showing_the_name(client, world):
    client.force_login(world.caseworker)
    response = client.get(reverse("citizens"), {"q": "0101901234"})
    text = response.content.decode()
    assert "Anna" not in text
    assert reverse("citizen_break_glass", args=[world.anna.pk]) in text


def test_break_glass_asks_for_reason_then_lets_in_flagged(client, world):
    client.force_login(world.caseworker)
    url = reverse("citizen_break_glass", args=[world.anna.pk])
    response = client.post(url, {"reason": "kort"})
    assert "mindst 10 tegn" in response.content.decode()
    assert not BreakGlassGrant.objects.exists()
    response = client.post(url, {"reason": "Borgeren ringede om akut henvendelse"})
    assert response["Location"] == reverse("citizen", args=[world.anna.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Uden for dit arbejdsområde" in page.content.decode()
    flagged = AccessEvent.objects.filter(actor=world.caseworker, citizen=world.anna, break_glass=True)
    assert flagged.count() == 2  # the grant itself and the overview read
    assert set(flagged.values_list("reason", flat=True)) == {"Borgeren ringede om akut henvendelse"}
    # the manager sees the flag in the access log
    client.force_login(world.manager)
    log = client.get(reverse("citizen_access_log", args=[world.anna.pk])).content.decode()
    assert "Uden for arbejdsområde" in log and "akut henvendelse" in log


def test_break_glass_expires(client, world, settings):
    import time_machine
    from django.utils import timezone

    client.force_login(world.caseworker)
    client.post(reverse("citizen_break_glass", args=[world.anna.pk]), {"reason": "Opfølgning på akut opkald"})
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=settings.BREAK_GLASS_MINUTES + 1)):
        response = client.get(reverse("citizen", args=[world.anna.pk]))
    assert response.status_code == 302


def test_worker_cannot_break_glass(client, world):
    client.force_login(world.own_worker)
    response = client.post(reverse("citizen_break_glass", args=[world.bo.pk]), {"reason": "Jeg vil bare se"})
    assert response.status_code == 403
    assert not BreakGlassGrant.objects.exists()


def test_break_glass_on_other_municipality_is_not_found(client, world):
    client.force_login(world.caseworker)
    response = client.post(reverse("citizen_break_glass", args=[world.herlev_citizen.pk]),
                           {"reason": "Forsøg på at se en anden kommunes borger"})
    assert response.status_code == 404
    assert not BreakGlassGrant.objects.exists()


def test_access_log_csv_export(client, world):
    client.force_login(world.own_worker)
    client.get(reverse("citizen", args=[world.anna.pk]))
    client.force_login(world.manager)
    response = client.get(reverse("citizen_access_log", args=[world.anna.pk]), {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Borgeroverblik" in text and "Own Testesen" in text


def test_overview_shows_relatives_consent_coordinator_and_units(client, world):
    client.force_login(world.own_worker)
    text = client.get(reverse("citizen", args=[world.anna.pk])).content.decode()
    for expected in ["010190-1234", "Birthe Jensen", "Generel orientering om støtten", "Own Testesen",
                     "SKP-teamet", "Tidslinje", "Samtykke givet til Birthe Jensen"]:
        assert expected in text


def test_pages_are_danish_whatever_the_browser_asks_for(client, world):
    client.force_login(world.own_worker)
    text = client.get(reverse("citizen", args=[world.anna.pk]), HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert "januar 1990" in text and "January" not in text

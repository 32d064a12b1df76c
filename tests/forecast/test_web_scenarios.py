"""Scenarios as data: managers create them from a shipped example and edit the knobs or the JSON; hostile
input gets a Danish message and changes nothing; workers are refused and other municipalities see 404."""

import json

import pytest
from django.urls import reverse

from tovholder.audit.models import AuditEvent
from tovholder.forecast import services
from tovholder.forecast.models import Scenario
from tovholder.forecast.scenarios import DEFAULT_CATALOGUE, shift_years, shipped_dict, validate

from .conftest import SKP


@pytest.fixture
def scenario(world, catalogue) -> Scenario:
    return services.create_scenario(actor=world.manager, name="Grundscenarie", shipped="baseline_2016")


def _knobs(client, scenario) -> dict:
    """The knobs form as the page renders it: every input's current value."""
    response = client.get(reverse("forecast_scenario", args=[scenario.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    values = {}
    for name in form.fields:
        value = form.initial.get(name)
        values[name] = "" if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)
    return values


def _state():
    rows = list(Scenario.objects.order_by("pk").values_list("pk", "version", "name", "data"))
    return rows, AuditEvent.objects.count()


def test_manager_creates_a_scenario_from_a_shipped_example(client, world, catalogue):
    client.force_login(world.manager)
    response = client.post(reverse("forecast_scenario_create"),
                           {"shipped": "budget_agreement_2017_19", "name": "Budgetaftalen", "start_year": "2026"})
    scenario = Scenario.objects.get(name="Budgetaftalen")
    assert response.status_code == 302 and response["Location"] == reverse("forecast_scenario", args=[scenario.pk])
    assert scenario.municipality == world.ballerup and scenario.version == 1
    assert "extends" not in scenario.data  # resolved: a stored scenario stands on its own
    skp = next(o for o in scenario.data["offers"] if o["name"] == "SKP")
    assert skp["catalogue_name"] == DEFAULT_CATALOGUE["SKP"] == SKP
    assert scenario.data["start_date"] == "2026-01-01"
    assert skp["capacity_changes"] == [{"from": "2027-01-01", "fte": 12}]
    assert scenario.data["budget"]["additions"] == {"2027": 2500000, "2028": 2000000, "2029": 1500000}
    assert AuditEvent.objects.filter(action="forecast.scenario_created", actor=world.manager).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Starttilstand i dag" in page and "SKP: årsværk" in page
    assert "»Budgetaftalen 2017–19«" in page and "budget_agreement" not in page
    assert "<td>Budgetaftalen 2017–19</td>" in client.get(reverse("forecast")).content.decode()


def test_shifting_years_moves_every_date_and_budget_year():
    data = shipped_dict("young_inflow_30pct")
    moved = shift_years(data, 3)
    assert moved["start_date"] == "2019-01-01"
    assert moved["arrivals"]["age_share_trend"]["end"] == "2023-12-31"
    assert validate(moved).start_date.year == 2019


def test_knobs_are_written_back_as_the_next_version(client, world, scenario):
    client.force_login(world.manager)
    values = _knobs(client, scenario)
    skp = next(i for i, o in enumerate(scenario.data["offers"]) if o["name"] == "SKP")
    values.update({f"offer_{skp}_fte": "9,5", f"offer_{skp}_group_share": "30", f"offer_{skp}_klippekort": "100",
                   f"offer_{skp}_change_on": "2017-01-01", f"offer_{skp}_change_to": "12",
                   "young_share_end": "30", "young_share_end_on": "2020-12-31", "horizon_years": "2",
                   "replications": "40", "seed": "7", "stream_0_low": "10", "stream_0_mode": "15",
                   "stream_0_high": "22"})
    response = client.post(reverse("forecast_scenario", args=[scenario.pk]), values)
    assert response.status_code == 302, response.context["form"].errors
    scenario.refresh_from_db()
    assert scenario.version == 2
    offer = scenario.data["offers"][skp]
    assert offer["capacity"]["fte"] == 9.5 and offer["capacity"]["group_share"] == 0.3
    assert offer["klippekort"]["share"] == 1.0
    assert offer["capacity_changes"] == [{"from": "2017-01-01", "fte": 12.0}]
    assert scenario.data["arrivals"]["age_share_trend"] == {"age_group": "18-29", "share_end": 0.3,
                                                            "end": "2020-12-31"}
    assert scenario.data["arrivals"]["streams"][0]["rate"] == {"dist": "triangular", "low": 10, "mode": 15,
                                                               "high": 22}
    assert (scenario.data["horizon_years"], scenario.data["replications"], scenario.data["seed"]) == (2, 40, 7)
    validate(scenario.data)


def test_changing_the_start_year_moves_untouched_dates(client, world, scenario):
    client.force_login(world.manager)
    values = _knobs(client, scenario)
    skp = next(i for i, o in enumerate(scenario.data["offers"]) if o["name"] == "SKP")
    values.update({"start_year": "2026", f"offer_{skp}_change_on": "2016-07-01", f"offer_{skp}_change_to": "10"})
    assert client.post(reverse("forecast_scenario", args=[scenario.pk]), values).status_code == 200  # before start
    values[f"offer_{skp}_change_on"] = "2026-07-01"
    assert client.post(reverse("forecast_scenario", args=[scenario.pk]), values).status_code == 302
    scenario.refresh_from_db()
    assert scenario.data["start_date"] == "2026-01-01"
    assert scenario.data["offers"][skp]["capacity_changes"][0]["from"] == "2026-07-01"


@pytest.mark.parametrize("field, value, message", [
    ("fte", "-2", "Antal årsværk kan ikke være mindre end 0"),
    ("fte", "mange", "Skriv et tal"),
    ("group_share", "130", "Andelen kan ikke være større end 100"),
    ("change_on", "2015-06-01", "efter scenariets startdato"),
    ("change_to", "", "Udfyld både datoen og den nye kapacitet"),
    ("name", "x" * 10_000, "højst have 120 tegn"),
    ("name", "<script>alert(1)</script>", "&lt; og &gt;"),
    ("name", "", "Dette felt er påkrævet"),
    ("replications", "0", "Mindst 1 replikation"),
    ("horizon_years", "11", "mellem 1 og 10 år"),
    ("young_share_end_on", "2015-01-01", "efter scenariets startdato"),
    ("stream_high", "1", "lav ≤ typisk ≤ høj"),
    ("description", "y" * 10_000, "højst have 2000 tegn"),
])
def test_hostile_knobs_are_refused_in_danish_and_nothing_is_saved(client, world, scenario, field, value, message):
    client.force_login(world.manager)
    values = _knobs(client, scenario)
    skp = next(i for i, o in enumerate(scenario.data["offers"]) if o["name"] == "SKP")
    if field in ("fte", "group_share", "change_on", "change_to"):
        values[f"offer_{skp}_{field}"] = value
        if field == "change_to":
            values[f"offer_{skp}_change_on"] = "2016-06-01"
        if field == "change_on":
            values[f"offer_{skp}_change_to"] = "10"
    elif field == "stream_high":
        values["stream_0_high"] = value
    elif field == "young_share_end_on":
        values.update(young_share_end="25", young_share_end_on=value)
    else:
        values[field] = value
    before = _state()
    response = client.post(reverse("forecast_scenario", args=[scenario.pk]), values)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Formularen er ikke gemt" in text and message in text, text[:3000]
    assert "<script>alert(1)</script>" not in text
    assert _state() == before


def test_a_duplicate_name_is_refused(client, world, scenario):
    services.create_scenario(actor=world.manager, name="Andet", shipped="skp_group_30pct")
    client.force_login(world.manager)
    values = _knobs(client, scenario)
    values["name"] = "Andet"
    response = client.post(reverse("forecast_scenario", args=[scenario.pk]), values)
    assert "allerede et scenarie med det navn" in response.content.decode()


def test_two_managers_saving_the_same_version_the_second_is_refused(client, world, scenario):
    client.force_login(world.manager)
    values = _knobs(client, scenario)
    assert client.post(reverse("forecast_scenario", args=[scenario.pk]), {**values, "seed": "1"}).status_code == 302
    response = client.post(reverse("forecast_scenario", args=[scenario.pk]), {**values, "seed": "2"})
    assert response.status_code == 200
    assert "ændret af en anden" in response.content.decode()
    scenario.refresh_from_db()
    assert scenario.version == 2 and scenario.data["seed"] == 1


def test_json_editor_saves_a_valid_scenario(client, world, scenario):
    client.force_login(world.manager)
    data = dict(scenario.data, replications=12)
    response = client.post(reverse("forecast_scenario_json", args=[scenario.pk]),
                           {"version": scenario.version, "data": json.dumps(data)})
    assert response.status_code == 302
    scenario.refresh_from_db()
    assert scenario.data["replications"] == 12 and scenario.version == 2


@pytest.mark.parametrize("text, message", [
    ('{"name": "x", ', "JSON-teksten kan ikke læses (linje 1"),
    ("[1, 2, 3]", "skal være et JSON-objekt"),
    ("BROKEN", "JSON-teksten kan ikke læses"),
])
def test_json_editor_refuses_malformed_json(client, world, scenario, text, message):
    client.force_login(world.manager)
    before = _state()
    response = client.post(reverse("forecast_scenario_json", args=[scenario.pk]),
                           {"version": scenario.version, "data": text})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _state() == before


def test_json_editor_shows_the_engines_problems_in_danish(client, world, scenario):
    client.force_login(world.manager)
    data = json.loads(json.dumps(scenario.data))
    data["offers"][0]["capacity"]["fte"] = -3
    data["offers"][0]["duration"] = {"dist": "weibull"}
    data["routing"]["18-29"]["Ukendt tilbud"] = 0.1
    data["offers"][0]["capacity_changes"] = [{"from": "2015-01-01", "fte": 4}]
    before = _state()
    response = client.post(reverse("forecast_scenario_json", args=[scenario.pk]),
                           {"version": scenario.version, "data": json.dumps(data)})
    text = response.content.decode()
    assert "Tilbuddet SKP › kapacitet › årsværk: Kapaciteten kan ikke være negativ" in text
    assert "Ukendt fordeling" in text
    assert "Ukendt tilbud i fordelingen" in text
    assert "ligger før scenariets startdato 1.1.2016" in text
    assert _state() == before


def test_a_copy_keeps_the_original(client, world, scenario):
    client.force_login(world.manager)
    response = client.post(reverse("forecast_scenario_copy", args=[scenario.pk]), {"name": "Variant"})
    copy = Scenario.objects.get(name="Variant")
    assert response["Location"] == reverse("forecast_scenario", args=[copy.pk])
    assert copy.data == scenario.data and copy.pk != scenario.pk


USERS = {"own_worker": 403, "other_worker": 403, "caseworker": 403, "admin": 403, "manager": 200,
         "herlev_worker": 403}


@pytest.mark.parametrize("user_name, expected", USERS.items())
def test_only_managers_reach_the_forecast_pages(client, world, scenario, user_name, expected):
    client.force_login(getattr(world, user_name))
    for url in (reverse("forecast"), reverse("forecast_scenario", args=[scenario.pk]),
                reverse("forecast_scenario_json", args=[scenario.pk]), reverse("forecast_compare"),
                reverse("forecast_calibration", args=[scenario.pk]), reverse("forecast_scenario_create")):
        assert client.get(url).status_code == expected, url
    before = _state()
    client.post(reverse("forecast_scenario_create"), {"shipped": "baseline_2016", "name": "Uden lov"})
    assert (Scenario.objects.filter(name="Uden lov").exists()) == (expected == 200)
    if expected != 200:
        assert _state() == before


def test_another_municipalitys_scenario_is_not_found(client, world, scenario):
    from tests.conftest import make_staff

    herlev_manager = make_staff("herlev-leder", world.herlev, world.herlev_worker.staff.units.first(), "Leder")
    client.force_login(herlev_manager)
    assert client.get(reverse("forecast_scenario", args=[scenario.pk])).status_code == 404
    assert client.post(reverse("forecast_run_start", args=[scenario.pk])).status_code == 404
    assert client.get(reverse("forecast_calibration", args=[scenario.pk])).status_code == 404
    assert reverse("forecast_scenario", args=[scenario.pk]) not in client.get(reverse("forecast")).content.decode()


def test_the_nav_link_is_shown_to_managers_only(client, world, scenario):
    client.force_login(world.manager)
    assert 'href="/prognose/"' in client.get(reverse("forecast")).content.decode()
    client.force_login(world.own_worker)
    assert 'href="/prognose/"' not in client.get(reverse("citizens")).content.decode()


def test_the_form_keeps_an_age_share_trend_of_another_group(client, world, scenario):
    data = json.loads(json.dumps(scenario.data))
    data["arrivals"]["age_share_trend"] = {"age_group": "65+", "share_end": 0.2, "end": "2019-12-31"}
    scenario = services.update_scenario(actor=world.manager, scenario=scenario, version=scenario.version,
                                        name=scenario.name, description="", data=data)
    client.force_login(world.manager)
    values = _knobs(client, scenario)
    assert values["young_share_end"] == ""
    assert client.post(reverse("forecast_scenario", args=[scenario.pk]), values).status_code == 302
    scenario.refresh_from_db()
    assert scenario.data["arrivals"]["age_share_trend"]["age_group"] == "65+"

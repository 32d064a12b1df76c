"""Scenario files: the shipped examples load and run; dicts are validated with clear messages."""

import copy
import csv
import io
import json

import numpy as np
import pytest

from tovholder.forecast.engine import (
    ScenarioError,
    budget_summary,
    load_scenario,
    merge_scenario_dicts,
    run_forecast,
    scenario_from_dict,
    shipped_scenario_names,
    summarise,
    summary_rows,
)
from tovholder.forecast.engine.capacity import places_for

from .test_engine_accounting import rich_scenario

EXPECTED = {"baseline_2016", "budget_agreement_2017_19", "skp_group_30pct", "klippekort_every_skp",
            "young_inflow_30pct"}


def test_the_example_scenarios_are_shipped():
    assert EXPECTED <= set(shipped_scenario_names())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_shipped_scenario_loads_and_runs(name):
    scenario = load_scenario(name, replications=4)
    result = run_forecast(scenario)
    assert result.metrics["month"]["starts"].shape == (4, len(scenario.offers), 60)
    assert np.isfinite(result.metrics["year"]["cost"]).all()
    assert result.metrics["month"]["arrivals"].sum() > 0
    json.dumps(summarise(result, "month"))
    json.dumps(budget_summary(result))


def test_budget_agreement_adds_staff_from_its_date_and_money_to_the_budget():
    base = load_scenario("baseline_2016")
    agreement = load_scenario("budget_agreement_2017_19")
    skp = agreement.offer_names.index("SKP")
    assert places_for(agreement.offers[skp].capacity) == places_for(base.offers[skp].capacity)
    assert [dict(c.values)["fte"] for c in agreement.offers[skp].changes] == [12]
    assert [agreement.budget.for_year(y) - base.budget.for_year(y) for y in range(2016, 2021)] == [
        0, 2_500_000, 2_000_000, 1_500_000, 0]
    result = run_forecast(agreement, replications=3, keep_daily=True)
    capacity = result.daily["capacity"][0, skp]
    assert capacity[366] > capacity[365]  # 2016 has 366 days: index 366 is 2017-01-01


def test_group_support_gives_more_skp_places():
    base = load_scenario("baseline_2016")
    group = load_scenario("skp_group_30pct")
    skp = base.offer_names.index("SKP")
    assert places_for(group.offers[skp].capacity) > places_for(base.offers[skp].capacity)


def test_klippekort_returns_skip_the_waitlist_into_their_own_offer():
    scenario = load_scenario("klippekort_every_skp", replications=6)
    result = run_forecast(scenario)
    klippekort = scenario.offer_names.index("SKP klippekort")
    assert scenario.offers[scenario.offer_names.index("SKP")].returns.klippekort_share == 1.0
    assert result.metrics["year"]["returns"][:, klippekort].sum() > 0
    assert result.metrics["year"]["new_arrivals"][:, klippekort].sum() == 0


def test_young_inflow_scenario_raises_the_young_share():
    base = run_forecast(load_scenario("baseline_2016", replications=20), periods=("year",))
    young = run_forecast(load_scenario("young_inflow_30pct", replications=20), periods=("year",))
    mentor = base.offers.index("Ungeindsats mentor")
    first, last = young.metrics["year"]["new_arrivals"][:, mentor].mean(axis=0)[[0, -1]]
    assert last > 1.5 * first
    # Same seed: the first days of the year-1 inflow are close, the total is the same order.
    assert base.metrics["year"]["new_arrivals"].sum() == pytest.approx(
        young.metrics["year"]["new_arrivals"].sum(), rel=0.15)


def test_summaries_are_plain_data_for_json_and_csv():
    result = run_forecast(scenario_from_dict(rich_scenario(replications=8)))
    summary = summarise(result, "month", metrics=("waiting_mean", "wait_days_mean", "utilisation", "cost"))
    text = json.dumps(summary)
    assert "NaN" not in text
    series = {(s["offer"], s["metric"]): s for s in summary["series"]}
    band = series[("I alt", "cost")]
    assert all(band["p5"][i] <= band["p50"][i] <= band["p95"][i] for i in range(len(summary["labels"])))
    assert set(band) >= {"mean", "p5", "p10", "p25", "p50", "p75", "p90", "p95"}
    rows = summary_rows(summary)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    assert len(rows) == len(summary["series"]) * len(summary["labels"])
    budget = budget_summary(result)
    assert [row["year"] for row in budget] == ["2021", "2022", "2023"]
    assert all(0.0 <= row["p_over_budget"] <= 1.0 for row in budget)


def test_extends_merges_offers_by_name_and_can_remove_one():
    base = rich_scenario()
    override = {"offers": [{"name": "B", "capacity": {"seats": 12}}, {"name": "C", "remove": True},
                           {"name": "D", "capacity": {"kind": "places", "places": 1},
                            "duration": {"dist": "exponential", "mean": 5}}],
                "routing": {"30-64": {"C": 0.0, "D": 0.3}}}
    merged = merge_scenario_dicts(base, override)
    names = [offer["name"] for offer in merged["offers"]]
    assert names == ["A", "B", "D"]
    assert merged["offers"][1]["capacity"] == {"kind": "seats", "seats": 12}
    del merged["routing"]["30-64"]["C"]
    del merged["routing"]["65+"]
    scenario_from_dict(merged)


def test_extends_resolves_through_a_resolver_and_detects_cycles():
    library = {"a": {"extends": "b", "name": "a"}, "b": {"extends": "a", "name": "b"}}
    with pytest.raises(ScenarioError, match="arver i ring"):
        scenario_from_dict({"extends": "a", "name": "c"}, resolver=library.__getitem__)
    with pytest.raises(ScenarioError, match="Ukendt grundscenarie"):
        scenario_from_dict({"extends": "does-not-exist", "name": "x"})


def _broken(**changes) -> dict:
    data = copy.deepcopy(rich_scenario())
    for path, value in changes.items():
        target = data
        *parents, last = path.split("__")
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[last] = value
    return data


@pytest.mark.parametrize(("changes", "message"), [
    ({"offers__1__capacity__seats": -3}, "Kapaciteten kan ikke være negativ"),
    ({"offers__0__capacity__fte": -1}, "Kapaciteten kan ikke være negativ"),
    ({"offers__0__priority_share": 1.5}, "Andelen skal ligge mellem 0 og 1"),
    ({"offers__0__duration": {"dist": "lognormal", "mean": 0, "sd": 3}}, "Varigheden skal være positiv"),
    ({"offers__0__duration": {"dist": "weibull", "mean": 3}}, "Ukendt fordeling"),
    ({"routing": {"30-64": {"A": 0.7, "C": 0.5}}}, "summerer til mere end 1"),
    ({"routing": {"30-64": {"Nope": 0.5}}}, "Ukendt tilbud i fordelingen: Nope"),
    ({"routing": {"40-50": {"A": 0.5}}}, "Ukendt felt"),
    ({"start_date": "2021-13-01"}, "Ugyldig dato"),
    ({"horizon_days": 0}, "Horisonten skal være mellem 1 dag og 10 år"),
    ({"replications": 0}, "Antal replikationer skal være mindst 1"),
    ({"seed": -4}, "Seed skal være et helt tal mellem 0 og"),
    ({"arrivals__streams__0__age_group": "12-17"}, "Ukendt aldersgruppe"),
    ({"arrivals__streams__1__rate": {"dist": "triangular", "low": 5, "mode": 2, "high": 9}},
     "Intervallet skal opfylde lav ≤ typisk ≤ høj"),
    ({"offers__2__initial__remaining": [1, 2, 3]}, "passer ikke med antal i forløb"),
    ({"offers__0__klippekort__return_offer": "Z"}, "Ukendt tilbud: Z"),
    ({"offers__0__colour": "blue"}, "Ukendt felt"),
    ({"budget__per_year": {"next year": 5}}, "Året skal skrives som et tal"),
])
def test_validation_messages_are_danish_and_point_at_the_field(changes, message):
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(_broken(**changes))
    assert message in str(caught.value)


def test_all_problems_are_reported_at_once():
    data = _broken(offers__1__capacity__seats=-3, seed=-1, start_date="someday")
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)
    assert len(caught.value.errors) == 3
    assert any(error.startswith("offers[B].capacity.seats:") for error in caught.value.errors)

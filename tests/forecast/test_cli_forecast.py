"""`tovholder forecast SCENARIO …`: shipped names or files, from the database, JSON and CSV out."""

import csv
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tovholder.forecast.scenarios import shipped_dict

from .conftest import DAY, make_decision, wait


def test_cli_writes_json_with_what_is_needed_to_reproduce(tmp_path, capsys):
    out = tmp_path / "resultat.json"
    call_command("forecast", "baseline_2016", years=1, replications=6, seed=5, out=str(out), verbosity=0)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["metadata"]["seed"] == 5 and data["metadata"]["replications"] == 6
    assert data["metadata"]["horizon_days"] == 366 and len(data["result"]["labels"]) == 12
    assert data["scenario"]["offers"][0]["catalogue_name"] == "SKP – støtte-kontaktperson-ordning"
    text = capsys.readouterr().out
    assert "venteliste SKP: 12 mdr.: P50" in text and "6 replikationer" in text
    again = tmp_path / "igen.json"
    call_command("forecast", "baseline_2016", years=1, replications=6, seed=5, out=str(again), verbosity=0)
    assert json.loads(again.read_text(encoding="utf-8"))["result"]["series"] == data["result"]["series"]


def test_cli_writes_csv_from_a_toml_file_that_extends_a_shipped_one(tmp_path):
    scenario = tmp_path / "mit.toml"
    scenario.write_text('extends = "baseline_2016"\nname = "mit"\nreplications = 4\nhorizon_years = 1\n'
                        '[[offers]]\nname = "SKP"\ncapacity = { fte = 20 }\n', encoding="utf-8")
    out = tmp_path / "resultat.csv"
    call_command("forecast", str(scenario), out=str(out), verbosity=0)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0].keys() >= {"scenario", "period", "offer", "metric", "p5", "p50", "p95", "mean"}
    assert {r["scenario"] for r in rows} == {"mit"}
    assert len(rows) == (len(shipped_dict("baseline_2016")["offers"]) + 1) * 9 * 12


def test_cli_starts_from_the_database(world, catalogue, tmp_path, capsys):
    for citizen in (world.anna, world.bo):
        make_decision(world, citizen, catalogue.skp, requested_on=DAY(2025, 1, 1), activated_on=DAY(2025, 2, 1))
    waiting = make_decision(world, world.casey, catalogue.skp, requested_on=DAY(2026, 1, 1), status="granted")
    wait(world, waiting, added_on=timezone.localdate() - timezone.timedelta(days=21))
    out = tmp_path / "db.json"
    call_command("forecast", "budget_agreement_2017_19", years=1, replications=4, from_database=True,
                 municipality="151", out=str(out), verbosity=0)
    data = json.loads(out.read_text(encoding="utf-8"))
    skp = next(o for o in data["scenario"]["offers"] if o["name"] == "SKP")
    assert skp["initial"]["in_support"] == 2 and skp["initial"]["waiting_days"] == [21]
    assert data["metadata"]["initial_from_database"] is True
    assert "SKP: 2 i forløb, 1 på venteliste – databasen" in capsys.readouterr().out


@pytest.mark.parametrize("args, options, message", [
    (["ikke_et_scenarie"], {}, "Ukendt"),
    (["baseline_2016"], {"out": "x.txt"}, ".json eller .csv"),
    (["baseline_2016"], {"years": 11}, "Horisonten skal være mellem 1 dag og 10 år"),
    (["baseline_2016"], {"from_database": True}, "kræver --municipality"),
    (["/findes/ikke.json"], {}, "Filen findes ikke"),
])
def test_cli_errors_are_clear(args, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("forecast", *args, verbosity=0, **options)


def test_cli_unknown_municipality(db):
    with pytest.raises(CommandError, match="Ingen kommune med koden 999"):
        call_command("forecast", "baseline_2016", from_database=True, municipality="999", verbosity=0)

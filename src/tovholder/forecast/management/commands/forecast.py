"""`tovholder forecast SCENARIO`: run a capacity forecast from the command line, with a progress bar,
writing the monthly bands as JSON or CSV.

SCENARIO is a shipped example's name (e.g. baseline_2016) or a path to a JSON or TOML file.
"""

import csv
import datetime
import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from tovholder.forecast import scenarios
from tovholder.forecast.engine import SHIPPED_DIR, ScenarioError, run_forecast, summary_rows
from tovholder.forecast.engine.scenario_io import directory_resolver, read_scenario_file, resolve_extends
from tovholder.forecast.results import at_months, summarise_result
from tovholder.forecast.selectors import initial_state, with_initial
from tovholder.tenancy.models import Municipality


class Command(BaseCommand):
    help = "Kør en kapacitetsprognose for et scenarie (udsendt navn eller JSON/TOML-fil) og skriv resultatet."

    def add_arguments(self, parser):
        parser.add_argument("scenario", help="Navn på et udsendt scenarie (fx baseline_2016) eller sti til en fil.")
        parser.add_argument("--years", type=int, default=None, help="Horisont i år (1–10).")
        parser.add_argument("--replications", type=int, default=None, help="Antal replikationer.")
        parser.add_argument("--seed", type=int, default=None, help="Seed (samme seed giver samme resultat).")
        parser.add_argument("--start-year", type=int, default=None,
                            help="Flyt scenariet til dette startår (alle datoer flyttes med).")
        parser.add_argument("--from-database", action="store_true",
                            help="Start fra kommunens borgere i forløb og på venteliste i dag.")
        parser.add_argument("--municipality", default=None, help="Kommunekode, fx 151 (kræves med --from-database).")
        parser.add_argument("--out", default=None, help="Skriv resultatet til en .json- eller .csv-fil.")
        parser.add_argument("--workers", type=int, default=1, help="Antal processer (standard 1).")

    def handle(self, *args, **options):
        out = Path(options["out"]) if options["out"] else None
        if out is not None and out.suffix not in (".json", ".csv"):
            raise CommandError("--out skal ende på .json eller .csv.")
        data = self._load(options["scenario"])
        if options["start_year"] is not None:
            current = scenarios.start_year(data)
            if current is None:
                raise CommandError("Scenariet har ingen gyldig startdato at flytte.")
            data = scenarios.shift_years(data, options["start_year"] - current)
        if options["years"] is not None:
            data.pop("horizon_days", None)
            data["horizon_years"] = options["years"]
        for key in ("replications", "seed"):
            if options[key] is not None:
                data[key] = options[key]
        states = []
        today = timezone.localdate()
        if options["from_database"]:
            if not options["municipality"]:
                raise CommandError("--from-database kræver --municipality (kommunekode).")
            municipality = Municipality.objects.filter(code=options["municipality"]).first()
            if municipality is None:
                raise CommandError(f"Ingen kommune med koden {options['municipality']}.")
            states = initial_state(municipality, data, today)
            data = with_initial(data, states)
            for s in states:
                where = f"databasen ({s.catalogue_name})" if s.source == "database" else f"scenariet: {s.reason}"
                self.stdout.write(f"  {s.engine_name}: {s.in_support} i forløb, {s.waiting} på venteliste – {where}")
        try:
            scenario = scenarios.validate(data)
        except ScenarioError as exc:
            raise CommandError("Scenariet kan ikke bruges:\n  " + "\n  ".join(exc.errors)) from exc
        began = time.perf_counter()
        with tqdm(total=1000, desc=scenario.name, unit="‰", disable=options["verbosity"] == 0) as bar:
            def progress(fraction: float) -> None:
                bar.update(max(0, int(fraction * 1000) - bar.n))

            result = run_forecast(scenario, progress=progress, workers=max(1, options["workers"]))
        elapsed = time.perf_counter() - began
        summary = summarise_result(result)
        self.stdout.write(f"{scenario.name}: {result.replications} replikationer × {scenario.horizon_days} dage "
                          f"på {elapsed:.2f} s (seed {scenario.seed}, start {scenario.start_date})")
        for offer in result.offers:
            figures = at_months(summary, offer, "waiting_end", (12, 36))
            if figures:
                text = "; ".join(f"{f['months']} mdr.: P50 {f['p50']:.0f} (P10–P90 {f['p10']:.0f}–{f['p90']:.0f})"
                                 for f in figures)
                self.stdout.write(f"  venteliste {offer}: {text}")
        if out is not None:
            self._write(out, scenario, data, states, summary, today)
            self.stdout.write(f"Skrevet: {out}")

    def _load(self, name: str) -> dict:
        path = Path(name)
        try:
            if path.suffix in (".json", ".toml"):
                if not path.is_file():
                    raise CommandError(f"Filen findes ikke: {path}")
                data = read_scenario_file(path)
                return scenarios.with_default_catalogue(
                    resolve_extends(data, directory_resolver(path.parent, SHIPPED_DIR)))
            return scenarios.shipped_dict(name)
        except ScenarioError as exc:
            known = ", ".join(n for n, _ in scenarios.shipped_choices())
            raise CommandError("; ".join(exc.errors) + f" (udsendte scenarier: {known})") from exc

    def _write(self, out: Path, scenario, data, states, summary, today: datetime.date) -> None:
        if out.suffix == ".json":
            payload = {"metadata": {"scenario": scenario.name, "seed": scenario.seed,
                                    "replications": scenario.replications,
                                    "start_date": scenario.start_date.isoformat(),
                                    "horizon_days": scenario.horizon_days, "counted_on": today.isoformat(),
                                    "initial_from_database": bool(states)},
                       "initial": {"offers": [s.as_dict() for s in states]}, "scenario": data, "result": summary}
            out.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
            return
        rows = summary_rows({"scenario": scenario.name, "labels": summary["labels"], "series": summary["series"]})
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["scenario"])
            writer.writeheader()
            writer.writerows(rows)

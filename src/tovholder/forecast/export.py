"""A run's result as CSV, JSON and XLSX: the same numbers as the page, with what is needed to reproduce
and cite it (scenario as run, seed, replications, who started it and when)."""

import csv
import io
import json
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from tovholder.layout import formats

from .charts import month_label
from .engine import summary_rows
from .models import ForecastRun
from .results import METRICS, STATS

FIELDS = ["scenario", "period", "offer", "metric", *STATS]


def metadata(run: ForecastRun) -> dict[str, Any]:
    return {
        "run": run.pk,
        "scenario": run.scenario_name,
        "scenario_version": run.scenario_version,
        "municipality": run.municipality.code,
        "seed": run.seed,
        "replications": run.replications,
        "start_date": run.start_date.isoformat(),
        "horizon_days": run.horizon_days,
        "initial_from_database": run.from_database,
        "counted_on": run.counted_on.isoformat(),
        "started_by": run.created_by.get_full_name() or run.created_by.username,
        "created_at": timezone.localtime(run.created_at).isoformat(timespec="seconds"),
    }


def _rows(run: ForecastRun) -> list[dict[str, Any]]:
    result = run.result or {}
    summary = {"scenario": run.scenario_name, "labels": result.get("labels", []), "series": result.get("series", [])}
    return summary_rows(summary)


def as_csv(run: ForecastRun) -> str:
    """The way Danish Excel opens it (layout.exports): BOM, semicolons, decimal comma. JSON is the exact form."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=FIELDS, delimiter=";", lineterminator="\n")
    writer.writeheader()
    for row in _rows(run):
        writer.writerow({k: formats.csv_cell(row.get(k)) for k in FIELDS})
    return out.getvalue()


def as_json(run: ForecastRun) -> str:
    return json.dumps({"metadata": metadata(run), "initial": run.initial, "scenario": run.snapshot,
                       "result": run.result}, ensure_ascii=False, indent=1)


def as_xlsx(run: ForecastRun) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Oversigt"
    ws.append([f"Kapacitetsprognose: {run.scenario_name} (version {run.scenario_version})"])
    ws["A1"].font = Font(bold=True)
    labels = {"run": "Kørsel nr.", "scenario": "Scenarie", "scenario_version": "Scenariets version",
              "municipality": "Kommunekode", "seed": "Seed", "replications": "Replikationer",
              "start_date": "Startdato", "horizon_days": "Horisont (dage)",
              "initial_from_database": "Starttilstand fra databasen", "counted_on": "Optalt den",
              "started_by": "Startet af", "created_at": "Startet"}
    for key, value in metadata(run).items():
        ws.append([labels[key], "ja" if value is True else "nej" if value is False else value])
    ws.append([])
    ws.append(["Samme scenarie, seed og antal replikationer giver det samme resultat."])
    months = wb.create_sheet("Måneder")
    months.append(["Tilbud", "Mål", "Måned", "Gennemsnit", "P5", "P10", "P25", "P50", "P75", "P90", "P95"])
    for row in _rows(run):
        months.append([row["offer"], METRICS.get(row["metric"], row["metric"]), month_label(row["period"]),
                       *(row[k] for k in STATS)])
    budget = wb.create_sheet("Budget")
    budget.append(["År", "Budget (kr.)", "Gennemsnit", "P5", "P10", "P25", "P50", "P75", "P90", "P95",
                   "Sandsynlighed for at overskride budgettet"])
    for row in (run.result or {}).get("budget", []):
        budget.append([row["year"], row["budget"], *(row.get(k) for k in STATS), row.get("p_over_budget")])
    initial = wb.create_sheet("Starttilstand")
    initial.append(["Tilbud", "Tilbud i kataloget", "Kilde", "I forløb", "På venteliste", "Heraf haster", "Note"])
    for row in (run.initial or {}).get("offers", []):
        initial.append([row["offer"], row["catalogue_name"], "databasen" if row["source"] == "database"
                        else "scenariet", row["in_support"], row["waiting"], row["priority_waiting"], row["reason"]])
    for sheet in (months, budget, initial):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


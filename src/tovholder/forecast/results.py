"""A run's result as stored (monthly bands and the budget per year, plain JSON) and as shown: fan charts
with their tables, the figures at chosen months, and the comparison of two runs."""

import math
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from tovholder.layout import charts

from .charts import da_number, month_label
from .engine import budget_summary, summarise

STATS = ("mean", "p5", "p10", "p25", "p50", "p75", "p90", "p95")
TOTAL = "I alt"
METRICS = {
    "waiting_end": "På venteliste ved månedens udgang",
    "waiting_mean": "Gennemsnitligt antal på venteliste",
    "wait_days_mean": "Ventetid for dem, der startede (dage)",
    "utilisation": "Udnyttelse af kapaciteten",
    "delivered_hours": "Leverede timer",
    "served": "Borgere i forløb i måneden",
    "starts": "Startede",
    "arrivals": "Tilgang",
    "cost": "Udgift (kr.)",
}


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 2) if math.isfinite(value) else None
    if isinstance(value, list):
        return [_round(v) for v in value]
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    return value


def summarise_result(result) -> dict[str, Any]:
    """What a run stores: monthly bands per offer (and in total) and metric, and the budget per year."""
    month = summarise(result, "month")
    return _round({
        "offers": list(result.offers),
        "labels": month["labels"],
        "replications": result.replications,
        "series": month["series"],
        "budget": budget_summary(result),
        "chunk_size": result.chunk_size,
        "engine_seconds": result.elapsed_seconds,
    })


def series(result: dict[str, Any], offer: str, metric: str) -> dict[str, list] | None:
    for item in result.get("series", []):
        if item["offer"] == offer and item["metric"] == metric:
            return item
    return None


@dataclass
class Fan:
    key: str
    title: str
    caption: str
    chart: charts.Chart  # its table: P5, P25, P50, P75, P95, mean (+ budget, P over budget), formatted

    @property
    def svg(self) -> SafeString:
        return self.chart.svg


def _formatter(metric: str):
    if metric == "cost":
        return lambda v: da_number(v / 1e6, 1) + " mio."
    if metric == "utilisation":
        return lambda v: da_number(100 * v, 0) + " %"
    return lambda v: da_number(v, 0 if metric != "wait_days_mean" else 0)


def _cell(metric: str, value: float | None) -> str:
    if value is None:
        return "–"
    if metric == "cost":
        return da_number(value / 1e6, 2)
    if metric == "utilisation":
        return da_number(100 * value, 1)
    return da_number(value, 1)


def monthly_fan(result: dict[str, Any], offer: str, metric: str, *, key: str, title: str) -> Fan | None:
    band = series(result, offer, metric)
    if band is None:
        return None
    labels = result["labels"]
    long_labels = [month_label(label) for label in labels]
    keys = ("p5", "p25", "p50", "p75", "p95", "mean")
    desc = (f"{title} for {offer}, måned for måned fra {long_labels[0]} til {long_labels[-1]}. "
            f"Medianen går fra {_cell(metric, band['p50'][0])} til {_cell(metric, band['p50'][-1])}. "
            "Tallene står i tabellen under figuren.")
    rows = [(long_labels[i], [_cell(metric, band[k][i]) for k in keys]) for i in range(len(labels))]
    unit = {"cost": " (mio. kr.)", "utilisation": " (%)"}.get(metric, "")
    caption = f"{title}{unit}, {offer}: percentiler over {result['replications']} replikationer"
    chart = charts.fan(key=f"fan-{key}", title=f"{title}: {offer}", summary=desc,
                       labels=[month_label(label, short=True) for label in labels], bands=band, fmt=_formatter(metric),
                       table=charts.Table(caption, ["Måned", "P5", "P25", "P50", "P75", "P95", "Gennemsnit"], rows))
    return Fan(key, title, caption, chart)


def budget_fan(result: dict[str, Any]) -> Fan:
    rows_in = result.get("budget", [])
    bands = {k: [row.get(k) for row in rows_in] for k in ("p5", "p25", "p50", "p75", "p95")}
    budget = [row.get("budget") for row in rows_in]
    years = [str(row["year"]) for row in rows_in]
    desc = ("Udgiften pr. kalenderår for alle tilbud i alt, med budgettet som stiplet linje. "
            + "; ".join(f"{y}: median {_cell('cost', row.get('p50'))} mio. kr. mod budget "
                        f"{_cell('cost', row.get('budget'))} mio. kr." for y, row in zip(years, rows_in, strict=True)))
    rows = []
    for year, row in zip(years, rows_in, strict=True):
        over = row.get("p_over_budget")
        rows.append((year, [_cell("cost", row.get(k)) for k in ("p5", "p25", "p50", "p75", "p95", "mean")]
                     + [_cell("cost", row.get("budget")), "–" if over is None else da_number(100 * over, 0)]))
    caption = (f"Udgift pr. år i mio. kr., alle tilbud: percentiler over {result['replications']} replikationer, "
               "budget og sandsynlighed for at overskride det")
    chart = charts.fan(key="fan-cost", title="Udgift mod budget pr. år, alle tilbud", summary=desc, labels=years,
                       bands=bands, fmt=_formatter("cost"), budget=budget,
                       table=charts.Table(caption, ["År", "P5", "P25", "P50", "P75", "P95", "Gennemsnit", "Budget",
                                                    "Over budget (%)"], rows))
    return Fan("cost", "Udgift mod budget", caption, chart)


def fans(result: dict[str, Any], offer: str) -> list[Fan]:
    """Waitlist, wait and cost: the three charts the issue asks for."""
    found = [monthly_fan(result, offer, "waiting_end", key="waitlist", title="Venteliste"),
             monthly_fan(result, offer, "wait_days_mean", key="wait", title="Ventetid for dem, der startede (dage)"),
             budget_fan(result)]
    return [f for f in found if f is not None]


def at_months(result: dict[str, Any], offer: str, metric: str = "waiting_end",
              months: tuple[int, ...] = (12, 36)) -> list[dict[str, Any]]:
    """P10, P50 and P90 after the given numbers of months (month 12 = the 12th month's end)."""
    band = series(result, offer, metric)
    if band is None:
        return []
    found = []
    for m in months:
        if m <= len(result["labels"]):
            i = m - 1
            found.append({"months": m, "label": month_label(result["labels"][i]), "p10": band["p10"][i],
                          "p50": band["p50"][i], "p90": band["p90"][i]})
    return found


@dataclass
class ComparisonRow:
    label: str
    a: str
    b: str
    difference: str


def comparison(a: dict[str, Any], b: dict[str, Any], offer: str, metric: str) -> list[ComparisonRow]:
    """Month by month: P50 of each run and the difference (B − A), over the months both runs cover."""
    band_a, band_b = series(a, offer, metric), series(b, offer, metric)
    if band_a is None or band_b is None:
        return []
    common = [label for label in a["labels"] if label in set(b["labels"])]
    index_a = {label: i for i, label in enumerate(a["labels"])}
    index_b = {label: i for i, label in enumerate(b["labels"])}
    rows = []
    for label in common:
        va, vb = band_a["p50"][index_a[label]], band_b["p50"][index_b[label]]
        diff = None if va is None or vb is None else vb - va
        sign = "+" if diff is not None and diff > 0 else ""
        rows.append(ComparisonRow(month_label(label), _cell(metric, va), _cell(metric, vb),
                                  sign + _cell(metric, diff)))
    return rows

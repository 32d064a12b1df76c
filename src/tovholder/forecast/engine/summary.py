"""Summaries of a :class:`ForecastResult` as plain dicts and lists (JSON and CSV friendly).

Bands are percentiles across replications of each period's value (P5 ... P95) and
the mean.  Ratios (mean wait, utilisation) are computed per replication from the
summed parts, so totals over offers are weighted correctly.  Missing values (e.g.
the mean wait in a month where nobody started) become ``None``.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from .forecast import ForecastResult
from .outputs import METRICS

QUANTILES: tuple[tuple[str, float], ...] = (
    ("p5", 5.0), ("p10", 10.0), ("p25", 25.0), ("p50", 50.0), ("p75", 75.0), ("p90", 90.0), ("p95", 95.0),
)
# Derived metrics: numerator / denominator of stored metrics.
RATIOS: dict[str, tuple[str, str]] = {
    "wait_days_mean": ("wait_days_sum", "starts"),
    "share_waited_over_threshold": ("waited_over_threshold", "starts"),
    "utilisation": ("in_support_mean", "capacity_mean"),
}
DEFAULT_METRICS = ("waiting_mean", "waiting_end", "wait_days_mean", "utilisation", "delivered_hours",
                   "served", "starts", "arrivals", "cost")
TOTAL = "I alt"


def metric_values(result: ForecastResult, period: str, metric: str, offer: str | None = None) -> np.ndarray:
    """Values per (replication, period) of one metric for one offer, or summed over offers (``None``)."""
    if metric in RATIOS:
        top, bottom = RATIOS[metric]
        numerator = metric_values(result, period, top, offer)
        denominator = metric_values(result, period, bottom, offer)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1.0), np.nan)
    if metric not in METRICS:
        raise KeyError(f"unknown metric {metric!r}")
    values = result.metrics[period][metric]
    if offer is None:
        return values.sum(axis=1)
    return values[:, result.offers.index(offer)]


def _clean(values: np.ndarray) -> list[float | None]:
    return [None if not math.isfinite(v) else float(v) for v in values]


def band(values: np.ndarray) -> dict[str, list[float | None]]:
    """Mean and percentiles across replications (axis 0) of a (replications, periods) array."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN periods give None
        summary = {"mean": _clean(np.nanmean(values, axis=0))}
        percentiles = np.nanpercentile(values, [q for _, q in QUANTILES], axis=0)
    for (name, _), row in zip(QUANTILES, percentiles, strict=True):
        summary[name] = _clean(row)
    return summary


def summarise(
    result: ForecastResult,
    period: str = "month",
    metrics: tuple[str, ...] = DEFAULT_METRICS,
    offers: tuple[str, ...] | None = None,
    include_total: bool = True,
) -> dict[str, Any]:
    """Bands per offer (and in total) and metric for each period, as plain data."""
    chosen = offers if offers is not None else result.offers
    targets: list[str | None] = [*chosen, None] if include_total else list(chosen)
    series = []
    for offer in targets:
        for metric in metrics:
            values = metric_values(result, period, metric, offer)
            series.append({"offer": offer or TOTAL, "metric": metric, **band(values)})
    return {
        "scenario": result.scenario.name,
        "period": period,
        "labels": list(result.axes[period].labels),
        "replications": result.replications,
        "series": series,
    }


def summary_rows(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Flatten a :func:`summarise` dict to one row per (offer, metric, period) for CSV."""
    rows = []
    names = ["mean", *(name for name, _ in QUANTILES)]
    for item in summary["series"]:
        for i, label in enumerate(summary["labels"]):
            row = {"scenario": summary["scenario"], "period": label, "offer": item["offer"],
                   "metric": item["metric"]}
            row.update({name: item[name][i] for name in names})
            rows.append(row)
    return rows


def budget_summary(result: ForecastResult) -> list[dict[str, Any]]:
    """Per calendar year: budget, cost band and the probability of exceeding the budget."""
    costs = metric_values(result, "year", "cost")
    bands = band(costs)
    rows = []
    for i, year in enumerate(result.axes["year"].labels):
        row: dict[str, Any] = {"year": year, "budget": float(result.budget[i])}
        row.update({name: values[i] for name, values in bands.items()})
        row["p_over_budget"] = float(np.mean(costs[:, i] > result.budget[i])) if result.budget[i] > 0 else None
        rows.append(row)
    return rows

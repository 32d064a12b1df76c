"""Labels for the forecast's charts and tables: Danish month names and numbers. The fan charts
themselves are drawn by `tovholder.layout.charts.fan` (ADR 0011)."""

import math

from tovholder.layout import formats

MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december"]
MONTHS_SHORT = ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]


def month_label(label: str, *, short: bool = False) -> str:
    """'2016-03' -> 'marts 2016' (or 'mar. 2016'); other labels (years) are returned as they are."""
    year, _, month = label.partition("-")
    if not month.isdigit() or not 1 <= int(month) <= 12:
        return label
    return f"{(MONTHS_SHORT if short else MONTHS)[int(month) - 1]} {year}"


def da_number(value: float | None, decimals: int = 0) -> str:
    """Danish format: 1.234,5; None as a dash."""
    if value is None or not math.isfinite(value):
        return "–"
    return formats.number(value, decimals)

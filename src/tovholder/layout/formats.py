"""Danish numbers, amounts and dates from one place: Django's localisation for Danish ("da").

Pages show a date as "8. april 2026" (DATE_FORMAT), a time as "8. april 2026 14:30" (DATETIME_FORMAT),
Min dag's week "ons 8. april 14:30" and a chart's week axis "12/10";
downloads (CSV) write "08-04-2026", which Danish Excel reads as a date, and XLSX writes real dates.
Numbers: "1.234,5"; amounts "1.234,50 kr."; hours without trailing zeros ("3", "2,5"). Ids are never
formatted here: in URLs and form values they are plain integers (`|unlocalize` or `{% url %}`).
"""

import datetime
from decimal import Decimal

from django.utils import formats, numberformat, timezone

LANG = "da"
CSV_DATE = "%d-%m-%Y"
CSV_DATETIME = "%d-%m-%Y %H:%M:%S"


def number(value: float | Decimal | int | None, decimals: int | None = None) -> str:
    """1234.5 -> '1.234,5'. With decimals=None trailing zeros are dropped (3.00 -> '3', 2.50 -> '2,5')."""
    if value is None:
        return "–"
    if decimals is None:
        value = Decimal(str(value)).normalize()
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)


def hours(value: float | Decimal | int | None) -> str:
    """Hours as people write them: 3 -> '3', 2.5 -> '2,5', 0.75 -> '0,75'."""
    return number(value)


def amount(value: float | Decimal | int | None) -> str:
    """Kroner with øre: 540 -> '540,00 kr.'"""
    return "–" if value is None else f"{number(value, 2)} kr."


def day(value: datetime.date | datetime.datetime | None) -> str:
    """A date in running text: '8. april 2026'."""
    if value is None:
        return "–"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(value.date(), "DATE_FORMAT", use_l10n=True)
    return formats.date_format(value, "DATE_FORMAT", use_l10n=True)


def moment(value: datetime.datetime | None) -> str:
    """A point in time: '8. april 2026 14:30'."""
    if value is None:
        return "–"
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return formats.date_format(value, "DATETIME_FORMAT", use_l10n=True)


def csv_cell(value) -> str:
    """One cell as Danish Excel reads it: decimal comma without grouping, dates dd-mm-yyyy, yes/no in words."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime(CSV_DATETIME)
    if isinstance(value, datetime.date):
        return value.strftime(CSV_DATE)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        plain = Decimal(str(value)).normalize()
        plain = plain.quantize(Decimal(1)) if plain == plain.to_integral_value() else plain
        return numberformat.format(plain, formats.get_format("DECIMAL_SEPARATOR", LANG), use_l10n=False)
    return str(value)

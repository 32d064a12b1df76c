"""Dates typed by users: one validation for every date field (issue 16)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import formats, timezone


def _shift_years(day: datetime.date, years: int) -> datetime.date:
    year = min(max(day.year + years, 1), 9999)
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=year, day=28)


EARLIEST = datetime.date(1900, 1, 1)
# How far ahead a date may lie: a planned date (a review, a follow-up, an expected decision) a few years;
# any other date (a start, an end, a period) no further than any plan reaches.
PLANNED_YEARS = 3
ANY_YEARS = 5


def check_date(day: datetime.date | None, *, kind: str = "any", born: datetime.date | None = None,
               field: str | None = None) -> datetime.date | None:
    """The one date validation every date field uses (through `layout.forms.Day`, and services where a
    date comes from elsewhere): no date before 1900 (a year 0001 is a typing error) or before the citizen's
    birth where known (`born`); a planned date (`kind="planned"`) at most PLANNED_YEARS ahead, any other at
    most ANY_YEARS ahead (year 9999 is refused). Whether an event may lie in the future at all is the
    service's rule (`check_day`). A Danish message, on `field` when given."""
    if day is None:
        return None

    def refuse(message: str):
        raise ValidationError({field: message} if field else message, code="date_bounds")

    today = timezone.localdate()
    shown = formats.date_format(day, use_l10n=True)
    if day < EARLIEST:
        refuse(f"Datoen {shown} ligger før år 1900. Tjek årstallet.")
    if born is not None and day < born:
        refuse(f"Datoen {shown} ligger før borgerens fødsel ({formats.date_format(born, use_l10n=True)}).")
    years = PLANNED_YEARS if kind == "planned" else ANY_YEARS
    if day > _shift_years(today, years):
        refuse(f"Datoen {shown} ligger for langt ude i fremtiden (mere end {years} år frem). Tjek årstallet.")
    return day

"""Every write of the staffing plan: the planned FTE of a unit in a year, and a staff member's
employment periods. Keyword-only, the acting user first, `staffing.manage_staffing` in the
municipality and within the manager's own units, one transaction, audited."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tovholder.accounts.models import StaffProfile, Unit
from tovholder.accounts.principals import Actor, Principal, require_perm, require_same_municipality
from tovholder.audit.services import audit
from tovholder.layout import formats
from tovholder.records import StaleEditError, clean_decimal, clean_text, lock_version

from .events import Event
from .models import MAX_PERSON_FTE, MAX_PLANNED_FTE, EmploymentPeriod, PlannedStaffing

MANAGE = "staffing.manage_staffing"
FIRST_YEAR = 2000
YEARS_AHEAD = 5
STALE = "Normeringen er ændret af en anden, siden du åbnede siden. Se den nye værdi og gem igen."


def _require_manager(actor: Actor, unit: Unit) -> Principal:
    principal = require_perm(actor, MANAGE)
    require_same_municipality(actor, unit)
    if unit.pk not in principal.scope_unit_ids:
        raise PermissionDenied("Enheden hører ikke under dig.")
    return principal


def _decimal(value, *, field: str, label: str, low: Decimal, high: Decimal) -> Decimal:
    """A number of FTE with at most two decimals between `low` and `high`; a Danish message otherwise."""
    number = clean_decimal(value, field=field, label=label)
    if number < low or number > high:
        raise ValidationError({field: f"{label.capitalize()} skal ligge mellem {_da(low)} og {_da(high)}."})
    return number


def _da(value: Decimal) -> str:
    return formats.number(value)


def check_year(year) -> int:
    today = timezone.localdate()
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": "Skriv året som et tal, fx 2017."}) from None
    if not FIRST_YEAR <= year <= today.year + YEARS_AHEAD:
        raise ValidationError({"year": f"Året skal ligge mellem {FIRST_YEAR} og {today.year + YEARS_AHEAD}."})
    return year


@transaction.atomic
def set_planned_fte(*, actor: Actor, unit: Unit, year: int, fte, note: str = "",
                    version: int | None = None) -> PlannedStaffing:
    """The planned FTE of `unit` in `year` (creates the year's row or changes it; a change checks the
    version the manager saw)."""
    _require_manager(actor, unit)
    assert actor.is_authenticated
    year = check_year(year)
    fte = _decimal(fte, field="fte", label="de planlagte årsværk", low=Decimal("0"), high=MAX_PLANNED_FTE)
    note = clean_text(note, field="note", label="begrundelsen", required=False, max_length=300, markup=False)
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one row per unit and year, also at once
    row = PlannedStaffing.objects.filter(municipality_id=unit.municipality_id, unit=unit, year=year).first()
    if row is None:
        if version:
            raise StaleEditError(STALE)
        row = PlannedStaffing.objects.create(municipality_id=unit.municipality_id, unit=unit, year=year, fte=fte,
                                             note=note, updated_by=actor)
        before = None
    else:
        row = lock_version(PlannedStaffing, row, version, STALE)
        before = row.fte
        row.fte, row.note, row.updated_by = fte, note, actor
        row.version += 1
        row.save(update_fields=["fte", "note", "updated_by", "updated_at", "version"])
    audit(actor, row, Event.STAFFING_PLANNED, enhed=unit.pk, aar=year, aarsvaerk=fte, foer=before)
    return row


def _overlapping(staff: StaffProfile, unit: Unit, starts_on: datetime.date, ends_on: datetime.date | None,
                 exclude: int | None = None):
    rows = EmploymentPeriod.objects.filter(staff=staff, unit=unit)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    if ends_on is not None:
        rows = rows.filter(starts_on__lte=ends_on)
    return rows.exclude(ends_on__lt=starts_on)


def _check_dates(starts_on, ends_on) -> None:
    today = timezone.localdate()
    earliest = datetime.date(FIRST_YEAR, 1, 1)
    latest = datetime.date(today.year + YEARS_AHEAD, 12, 31)
    if starts_on is None:
        raise ValidationError({"starts_on": "Skriv datoen, ansættelsen begynder."})
    if not earliest <= starts_on <= latest:
        raise ValidationError({"starts_on": f"Ansættelsen skal begynde mellem {formats.day(earliest)} og "
                                            f"{formats.day(latest)}."})
    if ends_on is not None:
        if ends_on < starts_on:
            raise ValidationError({"ends_on": "Ansættelsen kan ikke slutte, før den begynder."})
        if ends_on > latest:
            raise ValidationError({"ends_on": f"Slutdatoen ligger efter {formats.day(latest)}."})


@transaction.atomic
def add_employment(*, actor: Actor, staff: StaffProfile, unit: Unit, starts_on: datetime.date,
                   ends_on: datetime.date | None, fte, note: str = "") -> EmploymentPeriod:
    """A staff member employed in a unit from a day (to a day) at an FTE; never two periods of the same
    person in the same unit at once."""
    _require_manager(actor, unit)
    require_same_municipality(actor, staff)
    assert actor.is_authenticated
    _check_dates(starts_on, ends_on)
    fte = _decimal(fte, field="fte", label="årsværket", low=Decimal("0.01"), high=MAX_PERSON_FTE)
    note = clean_text(note, field="note", label="bemærkningen", required=False, max_length=300, markup=False)
    StaffProfile.objects.select_for_update().filter(pk=staff.pk).first()
    if _overlapping(staff, unit, starts_on, ends_on).exists():
        raise ValidationError({"starts_on": f"{staff} er allerede ansat i {unit} i en del af perioden. Afslut den "
                                            "første periode, før den næste begynder."})
    period = EmploymentPeriod.objects.create(municipality_id=unit.municipality_id, staff=staff, unit=unit,
                                             starts_on=starts_on, ends_on=ends_on, fte=fte, note=note,
                                             registered_by=actor)
    audit(actor, period, Event.STAFFING_EMPLOYED, medarbejder=staff.pk, enhed=unit.pk, fra=starts_on, til=ends_on,
          aarsvaerk=fte)
    return period


@transaction.atomic
def end_employment(*, actor: Actor, period: EmploymentPeriod, ends_on: datetime.date,
                   version: int | None) -> EmploymentPeriod:
    """The employment period ends on a day (inclusive): a resignation, a move to another unit."""
    _require_manager(actor, period.unit)
    require_same_municipality(actor, period)
    current = lock_version(EmploymentPeriod, period, version, STALE)
    _check_dates(current.starts_on, ends_on)
    if ends_on is None:
        raise ValidationError({"ends_on": "Skriv den sidste dag i ansættelsen."})
    before = current.ends_on
    current.ends_on = ends_on
    current.version += 1
    current.save(update_fields=["ends_on", "version"])
    audit(actor, current, Event.STAFFING_EMPLOYMENT_ENDED, medarbejder=current.staff_id, til=ends_on, foer=before)
    return current

"""Reads of the staffing plan. The arithmetic is plain functions of employment periods (tested by hand):
actual FTE on a day is the sum of the periods covering it; over a span it is the average over its days.
The caseload counts the citizens of a unit (active involvements) — counts only, never names."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.models import StaffProfile, Unit
from tovholder.accounts.principals import Actor, Principal, principal_of, require_perm
from tovholder.citizens.models import Involvement

from .models import EmploymentPeriod, PlannedStaffing

VIEW = "staffing.view_staffing"
MANAGE = "staffing.manage_staffing"
CENT = Decimal("0.01")
MAX_YEARS = 15
STAFFED_KINDS = (Unit.Kind.TEAM, Unit.Kind.CENTRE, Unit.Kind.HOUSING, Unit.Kind.CASEWORK)


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def fte_on(periods: Iterable[EmploymentPeriod], day: datetime.date) -> Decimal:
    """The FTE employed on `day`: the sum of the periods covering it."""
    return sum((p.fte for p in periods if p.covers(day)), Decimal("0"))


def average_fte(periods: Iterable[EmploymentPeriod], first: datetime.date, last: datetime.date) -> Decimal:
    """The FTE employed over the days from `first` to `last` (inclusive), on average: each period counts
    its FTE times the days it covers, divided by the days of the span (rounded to two decimals)."""
    days = (last - first).days + 1
    if days <= 0:
        return Decimal("0")
    total = Decimal("0")
    for p in periods:
        start = max(p.starts_on, first)
        end = last if p.ends_on is None else min(p.ends_on, last)
        if end >= start:
            total += p.fte * ((end - start).days + 1)
    return _round(total / days)


def year_span(year: int, today: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """The days of `year` counted for its actual FTE: the whole year, up to today in the running year,
    none for a year to come."""
    if year > today.year:
        return None
    return datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)


def month_span(year: int, month: int, today: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    first = datetime.date(year, month, 1)
    if first > today:
        return None
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return first, min(last, today)


def vacancy(planned: Decimal | None, actual: Decimal | None) -> Decimal | None:
    """Planned minus actual: positive are positions not filled, negative more staff than planned."""
    if planned is None or actual is None:
        return None
    return _round(planned - actual)


def caseload(citizens: int, fte: Decimal) -> Decimal | None:
    """Citizens per FTE (none without staff)."""
    if fte <= 0:
        return None
    return (Decimal(citizens) / fte).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Cell:
    planned: Decimal | None
    actual: Decimal | None  # average over the counted days; None for a year to come

    @property
    def vacancy(self) -> Decimal | None:
        return vacancy(self.planned, self.actual)


@dataclass
class UnitRow:
    unit: Unit
    years: list[Cell]  # one per year shown
    planned_now: Decimal | None
    actual_now: Decimal
    citizens_now: int
    notes: dict[int, str] = field(default_factory=dict)  # year -> the plan's reason

    @property
    def vacancy_now(self) -> Decimal | None:
        return vacancy(self.planned_now, self.actual_now)

    @property
    def caseload_now(self) -> Decimal | None:
        return caseload(self.citizens_now, self.actual_now)


@dataclass
class Overview:
    today: datetime.date
    years: list[int]
    rows: list[UnitRow]
    totals: list[Cell]
    may_manage: bool

    @property
    def planned_now(self) -> Decimal:
        return sum((r.planned_now or Decimal(0) for r in self.rows), Decimal(0))

    @property
    def actual_now(self) -> Decimal:
        return sum((r.actual_now for r in self.rows), Decimal(0))

    @property
    def citizens_now(self) -> int:
        return sum(r.citizens_now for r in self.rows)

    @property
    def vacancy_now(self) -> Decimal | None:
        return vacancy(self.planned_now, self.actual_now)

    @property
    def caseload_now(self) -> Decimal | None:
        return caseload(self.citizens_now, self.actual_now)


def _scope(user: Actor) -> tuple[Principal, frozenset[int]]:
    principal = require_perm(user, VIEW)
    return principal, principal.scope_unit_ids


def active_citizens(municipality_id: int, unit_ids: Iterable[int], day: datetime.date) -> dict[int, int]:
    """Per unit, the citizens it takes part in the support of on `day` (counted once per unit)."""
    return dict(Involvement.objects.filter(municipality_id=municipality_id, unit_id__in=list(unit_ids),
                                           started_on__lte=day)
                .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
                .order_by().values("unit_id").annotate(n=Count("citizen_id", distinct=True))
                .values_list("unit_id", "n"))


def overview(user: Actor, *, today: datetime.date | None = None) -> Overview:
    """Planned and actual FTE per unit in the user's scope and per year, the vacancies, and today's caseload."""
    principal, scope = _scope(user)
    today = today or timezone.localdate()
    plans = list(PlannedStaffing.objects.filter(municipality_id=principal.municipality_id, unit_id__in=scope))
    periods = list(EmploymentPeriod.objects.filter(municipality_id=principal.municipality_id, unit_id__in=scope))
    unit_ids = {p.unit_id for p in plans} | {p.unit_id for p in periods}
    units = list(Unit.objects.filter(pk__in=unit_ids).order_by("name"))
    # from the plan's first year (the history before it has nothing to compare with)
    first = min([p.year for p in plans] or [p.starts_on.year for p in periods] or [today.year])
    last = max([p.year for p in plans if p.year <= today.year + 1] + [today.year])
    years = list(range(max(first, last - MAX_YEARS + 1), last + 1))
    planned: dict[tuple[int, int], PlannedStaffing] = {(p.unit_id, p.year): p for p in plans}
    by_unit: dict[int, list[EmploymentPeriod]] = defaultdict(list)
    for p in periods:
        by_unit[p.unit_id].append(p)
    citizens = active_citizens(principal.municipality_id, unit_ids, today)
    rows = []
    for unit in units:
        cells = []
        for year in years:
            span = year_span(year, today)
            plan = planned.get((unit.pk, year))
            cells.append(Cell(plan.fte if plan else None,
                              average_fte(by_unit[unit.pk], *span) if span else None))
        plan_now = planned.get((unit.pk, today.year))
        rows.append(UnitRow(unit, cells, plan_now.fte if plan_now else None, fte_on(by_unit[unit.pk], today),
                            citizens.get(unit.pk, 0),
                            {y: planned[(unit.pk, y)].note for y in years if (unit.pk, y) in planned}))
    totals = []
    for i, year in enumerate(years):
        plan_values: list[Decimal] = [c.planned for r in rows if (c := r.years[i]).planned is not None]
        actual_values: list[Decimal] = [c.actual for r in rows if (c := r.years[i]).actual is not None]
        totals.append(Cell(sum(plan_values, Decimal(0)) if plan_values else None,
                           sum(actual_values, Decimal(0)) if year <= today.year else None))
    return Overview(today, years, rows, totals, principal.has_perm(MANAGE))


@dataclass
class MonthRow:
    unit: Unit
    months: list[Decimal | None]
    planned: Decimal | None


def months(user: Actor, year: int, *, today: datetime.date | None = None) -> list[MonthRow]:
    """Per unit, the actual FTE of each month of `year` (average over the month's days, up to today)."""
    principal, scope = _scope(user)
    today = today or timezone.localdate()
    periods = list(EmploymentPeriod.objects.filter(municipality_id=principal.municipality_id, unit_id__in=scope))
    plans = {p.unit_id: p.fte for p in PlannedStaffing.objects.filter(
        municipality_id=principal.municipality_id, unit_id__in=scope, year=year)}
    by_unit: dict[int, list[EmploymentPeriod]] = defaultdict(list)
    for p in periods:
        by_unit[p.unit_id].append(p)
    units = Unit.objects.filter(pk__in=set(by_unit) | set(plans)).order_by("name")
    out = []
    for unit in units:
        values = []
        for month in range(1, 13):
            span = month_span(year, month, today)
            values.append(average_fte(by_unit[unit.pk], *span) if span else None)
        out.append(MonthRow(unit, values, plans.get(unit.pk)))
    return out


def units_to_manage(user: Actor) -> list[Unit]:
    principal = require_perm(user, MANAGE)
    return list(Unit.objects.filter(municipality_id=principal.municipality_id, pk__in=principal.scope_unit_ids,
                                    kind__in=STAFFED_KINDS).order_by("name"))


def staff_to_employ(user: Actor) -> list[StaffProfile]:
    """The staff of the manager's units (a person is employed in a unit they work in, or moved to one)."""
    principal = require_perm(user, MANAGE)
    return list(StaffProfile.objects.filter(municipality_id=principal.municipality_id,
                                            units__in=principal.scope_unit_ids, user__is_active=True)
                .select_related("user").distinct().order_by("user__first_name", "user__last_name"))


def plan_rows(user: Actor) -> list[PlannedStaffing]:
    principal, scope = _scope(user)
    return list(PlannedStaffing.objects.filter(municipality_id=principal.municipality_id, unit_id__in=scope)
                .select_related("unit", "updated_by").order_by("-year", "unit__name"))


def employment_rows(user: Actor, *, today: datetime.date | None = None) -> list[EmploymentPeriod]:
    principal, scope = _scope(user)
    return list(EmploymentPeriod.objects.filter(municipality_id=principal.municipality_id, unit_id__in=scope)
                .select_related("unit", "staff__user").order_by("unit__name", "staff__user__first_name",
                                                                 "staff__user__last_name", "starts_on"))


def period_for_manager(user: Actor, period_id) -> EmploymentPeriod:
    """One employment period of the manager's units (404 for any other, also of another municipality)."""
    principal = require_perm(user, MANAGE)
    period = (EmploymentPeriod.objects.filter(pk=period_id, municipality_id=principal.municipality_id,
                                              unit_id__in=principal.scope_unit_ids)
              .select_related("unit", "staff__user").first())
    if period is None:
        raise Http404("Ansættelsesperioden findes ikke.")
    return period


def unit_in_scope(user: Actor, unit_id) -> Unit:
    principal = principal_of(user)
    unit = Unit.objects.filter(pk=unit_id, municipality_id=principal.municipality_id).first()
    if unit is None or unit.pk not in principal.scope_unit_ids:
        raise PermissionDenied("Enheden hører ikke under dig.")
    return unit


def chart_years(ov: Overview) -> Sequence[int]:
    return [y for y, c in zip(ov.years, ov.totals, strict=True) if c.planned is not None or c.actual is not None]

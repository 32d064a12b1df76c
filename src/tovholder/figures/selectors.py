"""Reading the figures: the dashboard and the start-page panel read snapshots only (aggregated in the
database); a figure's drill-down runs that one figure's live query for the list behind it, within need
to know (`Citizen.objects.known_to`) and logged as a list read.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from tovholder.accounts.models import Unit
from tovholder.accounts.principals import Actor, require_perm
from tovholder.audit.services import record_list_access
from tovholder.citizens.models import Citizen
from tovholder.layout import formats
from tovholder.offers.models import Offer

from . import registry
from .catalogue import BAND_LABELS, NO_OFFER, YOUNG, category_names, label_of, staff_names
from .models import FilledDay, Snapshot, SnapshotRun

PERM = "figures.view_figures"
MIN_GROUP = 5
SUPPRESSED = "under 5"
DRILL_LIMIT = 500
HEADLINE = ("waitlist", "caseload", "deadline_overdue", "capacity_used", "capacity_total")


def _profile(user: Actor):
    try:
        return require_perm(user, PERM)
    except PermissionDenied:
        raise PermissionDenied("Din rolle giver ikke adgang til styringstal.") from None


def year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    date_from: datetime.date
    date_to: datetime.date
    unit: Unit | None = None

    @property
    def last_year(self) -> tuple[datetime.date, datetime.date]:
        return year_before(self.date_from), year_before(self.date_to)

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    def query(self) -> str:
        from urllib.parse import urlencode
        params = {"fra": self.date_from.isoformat(), "til": self.date_to.isoformat()}
        if self.unit is not None:
            params["enhed"] = str(self.unit.pk)
        return urlencode(params)


def units_of(user: Actor) -> list[Unit]:
    profile = _profile(user)
    return list(Unit.objects.filter(municipality_id=profile.municipality_id).order_by("name"))


def _unit_ids(unit: Unit | None) -> set[int] | None:
    """The unit and the units under it (three levels), or None for the whole municipality."""
    if unit is None:
        return None
    ids, level = {unit.pk}, {unit.pk}
    for _ in range(3):
        level = set(Unit.objects.filter(parent_id__in=level).values_list("pk", flat=True)) - ids
        if not level:
            break
        ids |= level
    return ids


def suppress(value, fig: registry.Figure):
    """A count of fewer than five citizens leaves the need-to-know scope as "under 5"."""
    if fig.citizens and value is not None and 0 < value < MIN_GROUP:
        return SUPPRESSED
    return value


# --- the dashboard --------------------------------------------------------------------------------

@dataclass
class Line:
    """One row of a figure's table: a label and the value now and in the same period last year."""

    label: str
    now: Decimal | None
    before: Decimal | None
    offer_id: int | None = None
    parts: tuple[str, ...] = ()  # the label of each dimension

    @property
    def change(self) -> Decimal | None:
        return None if self.now is None or self.before is None else self.now - self.before


@dataclass
class FigureView:
    fig: registry.Figure
    total: Decimal | None
    total_before: Decimal | None
    lines: list[Line] = field(default_factory=list)
    as_of: datetime.date | None = None  # for a stock: the day its value is from
    as_of_before: datetime.date | None = None

    @property
    def change(self) -> Decimal | None:
        return None if self.total is None or self.total_before is None else self.total - self.total_before

    def split(self) -> list[tuple[str, list[Line]]]:
        """One table per dimension (a figure broken down by two: by source, and by age group)."""
        out = []
        for i, dim in enumerate(self.fig.by):
            sums: dict[str, list] = {}
            for line in self.lines:
                slot = sums.setdefault(line.parts[i] if line.parts else line.label, [None, None])
                for j, v in enumerate((line.now, line.before)):
                    if v is not None:
                        slot[j] = (slot[j] or Decimal(0)) + v
            out.append((DIM_HEADERS[dim], [Line(k, v[0], v[1]) for k, v in sorted(sums.items())]))
        return out


@dataclass
class Dashboard:
    period: Period
    figures: dict[str, FigureView]
    filled: int
    filled_before: int
    last_filled: datetime.date | None
    run: SnapshotRun | None
    young_share: list[tuple[int, int, int, Decimal | None]]  # year, aged 18–30, all with a known age, share
    trend: list[tuple[datetime.date, Decimal]]  # the waitlist's total on sample days

    @property
    def complete(self) -> bool:
        return self.filled >= self.period.days


def _scoped(qs, unit_ids: set[int] | None):
    return qs if unit_ids is None else qs.filter(unit_id__in=unit_ids)


def _key(fig: registry.Figure, row: dict) -> tuple:
    return tuple(row.get(f"{dim}_id" if dim in ("offer", "unit", "worker") else dim) for dim in fig.by)


def _labels(fig: registry.Figure, keys: set[tuple]) -> dict[tuple, list[str]]:
    offers = {k[i] for k in keys for i, d in enumerate(fig.by) if d == "offer" and k[i]}
    units = {k[i] for k in keys for i, d in enumerate(fig.by) if d == "unit" and k[i]}
    workers = {k[i] for k in keys for i, d in enumerate(fig.by) if d == "worker" and k[i]}
    names = {("offer", pk): n for pk, n in Offer.objects.filter(pk__in=offers).values_list("pk", "name")}
    names |= {("unit", pk): n for pk, n in Unit.objects.filter(pk__in=units).values_list("pk", "name")}
    names |= {("worker", pk): n for pk, n in staff_names(workers).items()}
    names |= category_names(fig.key, {k[i] for k in keys for i, d in enumerate(fig.by) if d == "category"})
    out = {}
    for k in keys:
        parts = []
        for dim, value in zip(fig.by, k, strict=True):
            if dim in ("offer", "unit", "worker"):
                parts.append(names.get((dim, value), "Ikke angivet" if dim != "offer" else NO_OFFER.get(
                    fig.key.split("_")[0], "Uden ønsket tilbud")))
            elif dim == "band":
                parts.append(BAND_LABELS.get(value, value))
            elif ("category", value) in names:
                parts.append(names[("category", value)])
            else:
                parts.append(label_of(fig.key, value))
        out[k] = parts
    return out


def _sums(qs, dims: tuple[str, ...], labelled: set[str] | None):
    """The snapshots summed per figure and period, and per line for the labelled figures only: an unlabelled
    figure comes back as one row (its total), however many workers or offers it has lines for."""
    if labelled is None:
        return qs.values("figure", "which", *dims).annotate(v=Sum("value"))
    return [*qs.filter(figure__in=labelled).values("figure", "which", *dims).annotate(v=Sum("value")),
            *qs.exclude(figure__in=labelled).values("figure", "which").annotate(v=Sum("value"))]


def figure_tables(municipality_id: int, period: Period, figs: list[registry.Figure],
                  labelled: set[str] | None = None) -> tuple[dict[str, FigureView], int, int, datetime.date | None]:
    """The figures over the period and the same period last year, from snapshots: flows summed over the
    days, stocks on the last filled day of each period. Only the figures in `labelled` (all, if None) get their
    lines named: a page that shows only totals need not name every worker of a national caseload."""
    unit_ids = _unit_ids(period.unit)
    (f0, f1), (b0, b1) = (period.date_from, period.date_to), period.last_year
    filled = FilledDay.objects.filter(municipality_id=municipality_id)
    span = filled.aggregate(
        now=Max("day", filter=Q(day__gte=f0, day__lte=f1)), before=Max("day", filter=Q(day__gte=b0, day__lte=b1)),
        n_now=Sum(Value(1), filter=Q(day__gte=f0, day__lte=f1)),
        n_before=Sum(Value(1), filter=Q(day__gte=b0, day__lte=b1)), last=Max("day"))
    which = Case(When(day__gte=f0, day__lte=f1, then=Value(0)), default=Value(1), output_field=IntegerField())
    dims = ("offer_id", "unit_id", "worker_id", "category", "band")
    flows = [f.key for f in figs if f.kind == "flow"]
    stocks = [f.key for f in figs if f.kind == "stock"]
    sums: dict[str, dict[tuple, list]] = defaultdict(lambda: defaultdict(lambda: [None, None]))
    rows = _scoped(Snapshot.objects.filter(municipality_id=municipality_id, figure__in=flows).filter(
        Q(day__gte=f0, day__lte=f1) | Q(day__gte=b0, day__lte=b1)), unit_ids)
    stock_days = [d for d in (span["now"], span["before"]) if d is not None]
    stock_rows = _scoped(Snapshot.objects.filter(municipality_id=municipality_id, figure__in=stocks,
                                                 day__in=stock_days), unit_ids)
    for qs in (rows, stock_rows):
        for row in _sums(qs.annotate(which=which), dims, labelled):
            fig = registry.get(row["figure"])
            if fig is None:
                continue
            slot = sums[fig.key][_key(fig, row)]
            slot[row["which"]] = (slot[row["which"]] or Decimal(0)) + row["v"]
    views = {}
    for fig in figs:
        table = sums.get(fig.key, {})
        labels = _labels(fig, set(table)) if labelled is None or fig.key in labelled else {k: [] for k in table}
        lines = sorted((Line(" · ".join(labels[k]), v[0], v[1],
                             offer_id=k[fig.by.index("offer")] if "offer" in fig.by else None,
                             parts=tuple(labels[k])) for k, v in table.items()), key=lambda line: line.label)
        has_now = span["n_now"] is not None and (fig.historical or fig.kind == "flow" or table)
        total = sum((line.now or Decimal(0) for line in lines), Decimal(0)) if has_now else None
        has_before = span["n_before"] is not None and (fig.historical or any(line.before for line in lines))
        total_before = sum((line.before or Decimal(0) for line in lines), Decimal(0)) if has_before else None
        views[fig.key] = FigureView(fig, total, total_before, lines,
                                    span["now"] if fig.kind == "stock" else None,
                                    span["before"] if fig.kind == "stock" else None)
    return views, span["n_now"] or 0, span["n_before"] or 0, span["last"]


def _young_share(municipality_id: int, unit_ids: set[int] | None) -> list[tuple[int, int, int, Decimal | None]]:
    """Per year, requests about citizens aged 18–30 of all requests with a known age (the seeds: 16 % → 25–30 %)."""
    rows = _scoped(Snapshot.objects.filter(municipality_id=municipality_id, figure="inflow").exclude(band=""),
                   unit_ids).annotate(year=ExtractYear("day")).values("year").annotate(
        young=Sum("value", filter=Q(band=YOUNG)), all=Sum("value")).order_by("year")
    out = []
    for r in rows:
        young, total = int(r["young"] or 0), int(r["all"] or 0)
        out.append((r["year"], young, total, (Decimal(100 * young) / total).quantize(Decimal("0.1")) if total
                    else None))
    return out


def _trend(municipality_id: int, period: Period, key: str) -> list[tuple[datetime.date, Decimal]]:
    step = max(1, period.days // 26)
    days = [period.date_from + datetime.timedelta(days=i) for i in range(0, period.days, step)]
    if days[-1] != period.date_to:
        days.append(period.date_to)
    rows = _scoped(Snapshot.objects.filter(municipality_id=municipality_id, figure=key, day__in=days),
                   _unit_ids(period.unit)).values("day").annotate(v=Sum("value")).order_by("day")
    filled = set(FilledDay.objects.filter(municipality_id=municipality_id, day__in=days).values_list("day", flat=True))
    found = {r["day"]: r["v"] for r in rows}
    return [(d, found.get(d, Decimal(0))) for d in days if d in filled]


CHARTED = {"capacity_used", "capacity_total"}  # the dashboard's figures drawn line by line (views.dashboard)


def dashboard(user: Actor, period: Period) -> Dashboard:
    profile = _profile(user)
    mid = profile.municipality_id
    views, filled, filled_before, last = figure_tables(mid, period, registry.all_figures(), labelled=CHARTED)
    run = SnapshotRun.objects.filter(municipality_id=mid).order_by("-created_at", "-pk").first()
    return Dashboard(period, views, filled, filled_before, last, run, _young_share(mid, _unit_ids(period.unit)),
                     _trend(mid, period, "waitlist"))


# --- one figure and the list behind it ------------------------------------------------------------

def shown(value) -> str:
    """A drill-down cell the Danish way."""
    if value is None or value == "":
        return "–"
    if isinstance(value, datetime.datetime):
        return formats.moment(value)
    if isinstance(value, datetime.date):
        return formats.day(value)
    if isinstance(value, Decimal | float | int):
        return formats.number(value, 2)
    return str(value)


@dataclass
class DrillRow:
    citizen: Citizen
    cells: list


@dataclass
class FigurePage:
    period: Period
    view: FigureView
    offer: Offer | None
    headers: list[str]
    rows: list[DrillRow]
    hidden: int  # rows about citizens outside the user's need to know (counted, never shown)
    truncated: bool


def figure_view(user: Actor, key: str, period: Period) -> FigureView:
    profile = _profile(user)
    fig = registry.get(key)
    if fig is None:
        raise LookupError(key)
    views, *_ = figure_tables(profile.municipality_id, period, [fig])
    return views[key]


def figure_page(user: Actor, key: str, period: Period, offer_id: int | None = None) -> FigurePage:
    """The figure's table from snapshots and, live, the list behind it within need to know."""
    profile = _profile(user)
    view = figure_view(user, key, period)
    fig = view.fig
    offer = None
    if offer_id is not None:
        offer = Offer.objects.available_to(profile.municipality).filter(pk=offer_id).first()
    rows: list[DrillRow] = []
    hidden, truncated, headers = 0, False, []
    if fig.drill is not None:
        headers = ["Borger"] + [c.header for c in fig.drill.columns]
        offer_ids = [offer.pk] if offer is not None else None
        if offer_ids is None and period.unit is not None:
            offer_ids = list(Offer.objects.filter(unit_id__in=_unit_ids(period.unit)).values_list("pk", flat=True))
        qs = fig.drill.rows(profile.municipality_id, period.date_from, period.date_to, offer_ids)
        # need to know asked row by row (EXISTS), not as `citizen IN (…)`: beside a long list of ids, SQLite
        # planned the latter as every known citizen times every id (3 s at 20 000 citizens)
        known = Q(Exists(Citizen.objects.known_to(user).filter(pk=OuterRef("citizen_id"))))
        allowed = qs.filter(known)
        counts = qs.order_by().aggregate(total=Count("pk"), known=Count("pk", filter=known))
        hidden = counts["total"] - counts["known"]
        records = list(allowed[:DRILL_LIMIT + 1])
        truncated = len(records) > DRILL_LIMIT
        records = records[:DRILL_LIMIT]
        rows = [DrillRow(r.citizen, [shown(c.value(r)) for c in fig.drill.columns]) for r in records]
        record_list_access(actor=user, citizens=[r.citizen for r in rows], what=fig.drill.what)
    return FigurePage(period, view, offer, headers, rows, hidden, truncated)


def export_rows(view: FigureView) -> tuple[list[str], list[list]]:
    """The figure's table for a download (leaves need to know): counts under five suppressed."""
    fig = view.fig
    header = [DIM_HEADERS[d] for d in fig.by] + ["Perioden", "Samme periode sidste år"]
    rows = [[*(line.parts or (line.label,)), suppress(line.now, fig), suppress(line.before, fig)]
            for line in view.lines]
    rows.append(["I alt", *([""] * (len(fig.by) - 1)), suppress(view.total, fig), suppress(view.total_before, fig)])
    return header, rows


DIM_HEADERS = {"offer": "Tilbud", "unit": "Team", "worker": "Medarbejder", "category": "Kategori",
                "band": "Aldersgruppe"}


# --- the start page -------------------------------------------------------------------------------

@dataclass
class Headline:
    day: datetime.date | None
    values: dict[str, Decimal]

    @property
    def capacity_percent(self) -> int | None:
        used, total = self.values.get("capacity_used"), self.values.get("capacity_total")
        return None if not used or not total else int(100 * used / total)


def headline(user: Actor) -> Headline:
    """The most important stocks on the latest filled day (one query: the day is a subquery)."""
    mid = _profile(user).municipality_id
    latest = FilledDay.objects.filter(municipality_id=mid).order_by("-day").values("day")[:1]
    rows = list(Snapshot.objects.filter(municipality_id=mid, figure__in=HEADLINE, day=Subquery(latest))
                .values("figure", "day").annotate(v=Sum("value")).order_by())
    return Headline(rows[0]["day"] if rows else None, {r["figure"]: r["v"] for r in rows})


def run_of(user: Actor, run_id: int) -> SnapshotRun | None:
    return SnapshotRun.objects.filter(pk=run_id, municipality_id=_profile(user).municipality_id).first()


def default_period(today: datetime.date | None = None) -> Period:
    today = today or timezone.localdate()
    return Period(today - datetime.timedelta(days=89), today)




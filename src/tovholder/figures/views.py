"""The manager's figures: the dashboard (snapshots), one figure with the list behind it (live, within
need to know), downloads, and asking for snapshots to be filled (a background task). Thin."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tovholder.layout import charts
from tovholder.layout.exports import table_response
from tovholder.layout.forms import add_service_errors
from tovholder.records import int_or_none

from . import selectors, services
from .forms import FillForm, PeriodForm

# the dashboard's sections: the figures shown together, in order
SECTIONS = [
    ("Venteliste", ["waitlist", "waitlist_started", "waitlist_wait_days"]),
    ("Kapacitet", ["capacity_used", "capacity_total"]),
    ("Forløb pr. medarbejder og team", ["caseload"]),
    ("Bevilgede og leverede timer", ["granted_hours", "delivered_hours"]),
    ("Tilgang og afgang", ["inflow", "outflow"]),
    ("Sagsbehandlingsfrister (retssikkerhedsloven § 3, stk. 2)", ["deadline_met", "deadline_missed",
                                                                  "deadline_overdue"]),
    ("Genindlæggelser", ["readmissions"]),
    ("Værestederne", ["dropin_open_hours", "dropin_visits"]),
    ("Effekt pr. tilbud", ["outcome_measurements", "outcome_compared", "outcome_improved"]),
    ("Gruppeforløb mod målet", ["courses_started", "courses_held", "course_seats", "course_enrolled",
                                "course_target", "course_target_held"]),
]


def _period(request) -> tuple[selectors.Period, PeriodForm]:
    units = selectors.units_of(request.user)
    default = selectors.default_period()
    data = request.GET if "fra" in request.GET or "til" in request.GET or "enhed" in request.GET else None
    form = PeriodForm(data, units=units, initial={"fra": default.date_from, "til": default.date_to})
    if data is None or not form.is_valid():
        return default, form
    unit = next((u for u in units if u.pk == form.cleaned_data["enhed"]), None)
    return selectors.Period(form.cleaned_data["fra"], form.cleaned_data["til"], unit), form


def dashboard(request):
    period, form = _period(request)
    d = selectors.dashboard(request.user, period)
    sections = [(title, [d.figures[k] for k in keys if k in d.figures]) for title, keys in SECTIONS]
    trend = None
    if len(d.trend) > 1:
        trend = charts.lines(key="venteliste-trend", title="Borgere på venteliste i perioden", low=0,
                             high=max([1, *(v for _, v in d.trend)]), points=d.trend,
                             value_label="Borgere på venteliste")
    cap_used, cap_total = d.figures.get("capacity_used"), d.figures.get("capacity_total")
    capacity = None
    if cap_used and cap_total and cap_total.lines:
        used = {line.label: line.now or 0 for line in cap_used.lines}
        capacity = charts.fill_bars(key="kapacitet", title="Kapacitet i brug pr. tilbud", items=[
            charts.Fill(line.label, used.get(line.label, 0), line.now, "") for line in cap_total.lines])
    wait = _average_wait(d.figures.get("waitlist_started"), d.figures.get("waitlist_wait_days"))
    today = timezone.localdate()
    fill_form = FillForm(initial={"date_from": period.date_from, "date_to": min(period.date_to, today)})
    return render(request, "figures/dashboard.html", {
        "d": d, "form": form, "sections": sections, "trend": trend, "capacity": capacity, "fill_form": fill_form,
        "query": period.query(), "wait": wait})


def _average_wait(started, days):
    """Average days waited by those who started: (this period, last year), or None when nobody started."""
    if started is None or days is None or not started.total:
        return None
    tenth = Decimal("0.1")
    before = ((days.total_before / started.total_before).quantize(tenth)
              if started.total_before and days.total_before is not None else None)
    return ((days.total / started.total).quantize(tenth), before)


def figure(request, key: str):
    period, form = _period(request)
    offer_id = int_or_none(request.GET.get("tilbud"))
    fmt = request.GET.get("format")
    try:
        if fmt in ("xlsx", "csv"):
            view = selectors.figure_view(request.user, key, period)
            header, rows = selectors.export_rows(view)
            stem = f"styringstal-{key}-{period.date_from.isoformat()}-{period.date_to.isoformat()}"
            return table_response(fmt, stem, header, rows, title=view.fig.label)
        page = selectors.figure_page(request.user, key, period, offer_id)
    except LookupError:
        raise Http404("Det tal findes ikke.") from None
    view = page.view
    chart = None
    tables = view.split() if len(view.fig.by) > 1 else []
    if view.lines:
        lines = tables[0][1][:30] if tables else view.lines[:30]
        chart = charts.bars(key=f"tal-{key}", title=view.fig.label, categories=[line.label for line in lines],
                            series=[charts.Series("Samme periode sidste år", [line.before for line in lines]),
                                    charts.Series("Perioden", [line.now for line in lines])])
    return render(request, "figures/figure.html", {"p": page, "v": view, "form": form, "chart": chart,
                                                   "tables": tables, "query": period.query()})


@require_POST
def fill(request):
    if not request.user.has_perm(selectors.PERM):
        raise PermissionDenied("Din rolle giver ikke adgang til styringstal.")
    form = FillForm(request.POST)
    if form.is_valid():
        try:
            run = services.start_fill(actor=request.user, date_from=form.cleaned_data["date_from"],
                                      date_to=form.cleaned_data["date_to"],
                                      only_missing=not form.cleaned_data["recompute"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if run.days_total:
                messages.success(request, f"Udfyldningen af {run.days_total} dage er sat i gang.")
            else:
                messages.info(request, "Alle dage i perioden er allerede udfyldt.")
            return redirect("figures_run", run_id=run.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("figures_dashboard")


def run_status(request, run_id: int):
    run = selectors.run_of(request.user, run_id)
    if run is None:
        raise Http404("Udfyldningen findes ikke.")
    return render(request, "figures/run.html", {"run": run})

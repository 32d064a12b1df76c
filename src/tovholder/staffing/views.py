"""The staffing pages (thin): the overview with its chart and downloads, the plan, the employment periods."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from tovholder.accounts.models import StaffProfile
from tovholder.layout import charts, exports
from tovholder.layout.forms import add_service_errors

from . import forms, selectors, services

HEADER = ["Enhed", "År", "Planlagte årsværk", "Faktiske årsværk (gennemsnit)", "Vakance (årsværk)", "Begrundelse"]
MONTHS = ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]


def overview(request):
    ov = selectors.overview(request.user)
    year_form = forms.YearForm(request.GET or None)
    year = ov.today.year
    if year_form.is_bound and year_form.is_valid() and year_form.cleaned_data["aar"]:
        year = min(year_form.cleaned_data["aar"], ov.today.year)
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        rows = [[r.unit.name, y, c.planned, c.actual, c.vacancy, r.notes.get(y, "")]
                for r in ov.rows for y, c in zip(ov.years, r.years, strict=True)]
        rows += [["I alt", y, c.planned, c.actual, c.vacancy, ""] for y, c in zip(ov.years, ov.totals, strict=True)]
        return exports.table_response(fmt, "normering", HEADER, rows, title="Normering, plan og faktisk")
    return render(request, "staffing/overview.html", {
        "ov": ov, "charts": _charts(ov), "year": year, "year_form": year_form,
        "months": selectors.months(request.user, year, today=ov.today), "month_names": MONTHS,
        "years": list(range(ov.years[0], ov.today.year + 1))})


def _charts(ov: selectors.Overview) -> list[charts.Chart]:
    out = []
    shown = [(y, c) for y, c in zip(ov.years, ov.totals, strict=True) if c.planned is not None]
    if shown:
        out.append(charts.steps(
            key="plan", title="Planlagte årsværk i alt pr. år", value_label="Planlagte årsværk",
            periods=[charts.Step(datetime.date(y, 1, 1), datetime.date(y, 12, 31), c.planned or 0) for y, c in shown]))
    years = [(y, c) for y, c in zip(ov.years, ov.totals, strict=True) if y <= ov.today.year]
    if years:
        out.append(charts.bars(
            key="planfaktisk", title="Planlagte og faktiske årsværk pr. år", category_label="År",
            categories=[str(y) for y, _ in years],
            series=[charts.Series("Planlagt", [c.planned for _, c in years]),
                    charts.Series("Faktisk (gennemsnit)", [c.actual for _, c in years])]))
    return out


def plan(request):
    units = selectors.units_to_manage(request.user)
    form = forms.PlanForm(request.POST or None, units=units,
                          initial={"year": datetime.date.today().year})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                unit = selectors.unit_in_scope(request.user, d["unit"])
                row = services.set_planned_fte(actor=request.user, unit=unit, year=d["year"], fte=d["fte"],
                                               note=d["note"], version=d["version"])
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, f"Normeringen for {row.unit} i {row.year} er gemt.")
                return redirect("staffing_plan")
        else:
            status = 400
    return render(request, "staffing/plan.html", {"form": form, "rows": selectors.plan_rows(request.user)},
                  status=status)


def employment(request):
    units = selectors.units_to_manage(request.user)
    staff = selectors.staff_to_employ(request.user)
    action = request.POST.get("action", "")
    add = forms.EmploymentForm(request.POST if action == "add" else None, staff=staff, units=units)
    end = forms.EndForm(request.POST if action == "end" else None, prefix="end")
    status = 200
    if request.method == "POST":
        status = 400
        if action not in ("add", "end"):
            messages.error(request, "Handlingen findes ikke på denne side; intet er gemt.")
        elif action == "add" and add.is_valid():
            d = add.cleaned_data
            try:
                unit = selectors.unit_in_scope(request.user, d["unit"])
                person = StaffProfile.objects.get(pk=d["staff"], pk__in=[s.pk for s in staff])
                services.add_employment(actor=request.user, staff=person, unit=unit, starts_on=d["starts_on"],
                                        ends_on=d["ends_on"], fte=d["fte"], note=d["note"])
            except ValidationError as exc:
                add_service_errors(add, exc)
            else:
                messages.success(request, f"Ansættelsen af {person} i {unit} er gemt.")
                return redirect("staffing_employment")
        elif action == "end" and end.is_valid():
            d = end.cleaned_data
            period = selectors.period_for_manager(request.user, d["period"])
            try:
                services.end_employment(actor=request.user, period=period, ends_on=d["ends_on"],
                                        version=d["version"])
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, f"Ansættelsen af {period.staff} i {period.unit} er afsluttet.")
                return redirect("staffing_employment")
        elif action == "end":
            messages.error(request, "Skriv en gyldig sidste dag i ansættelsen; intet er gemt.")
    return render(request, "staffing/employment.html", {
        "add": add, "end_error": action == "end", "rows": selectors.employment_rows(request.user),
        "today": datetime.date.today()}, status=status)

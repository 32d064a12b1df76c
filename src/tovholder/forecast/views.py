"""Forecast pages for managers: scenarios, calibration, runs with progress, results and comparisons.
Thin: parse input, call a service or a selector, render. A run is never computed here."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from tovholder.accounts.principals import principal_of
from tovholder.layout.forms import add_service_errors
from tovholder.records import int_or_none

from . import calibration as calib
from . import export, results, selectors, services
from .forms import CalibrationForm, CompareForm, CopyForm, CreateForm, RunForm, ScenarioForm, ScenarioJsonForm
from .models import ForecastRun
from .scenarios import resolved


def _require(user):
    if not user.has_perm(selectors.PERM):
        raise PermissionDenied("Din rolle giver ikke adgang til kapacitetsprognoser.")
    return principal_of(user)


def index(request):
    scenarios = selectors.scenarios(request.user)
    return render(request, "forecast/index.html", {
        "scenarios": scenarios, "runs": selectors.runs(request.user, limit=20), "create_form": CreateForm(),
    })


def scenario_create(request):
    _require(request.user)
    form = CreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scenario = services.create_scenario(actor=request.user, name=form.cleaned_data["name"],
                                                shipped=form.cleaned_data["shipped"],
                                                start_year=form.cleaned_data["start_year"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Scenariet »{scenario.name}« er oprettet.")
            return redirect("forecast_scenario", scenario_id=scenario.pk)
    return render(request, "forecast/create.html", {"form": form})


def _scenario_form(request, scenario, profile):
    names = list(selectors.catalogue_by_name(profile.municipality))
    return ScenarioForm(request.POST or None, data_dict=resolved(scenario.data), scenario_name=scenario.name,
                        description=scenario.description, version=scenario.version, catalogue_names=names)


def scenario_detail(request, scenario_id: int):
    scenario = selectors.scenario(request.user, scenario_id)
    profile = principal_of(request.user)
    form = _scenario_form(request, scenario, profile)
    if request.method == "POST" and form.is_valid():
        try:
            scenario = services.update_scenario(actor=request.user, scenario=scenario,
                                                version=form.cleaned_data["version"], name=form.cleaned_data["name"],
                                                description=form.cleaned_data["description"],
                                                data=form.scenario_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Scenariet er gemt (version {scenario.version}).")
            return redirect("forecast_scenario", scenario_id=scenario.pk)
    states = selectors.initial_state(profile.municipality, resolved(scenario.data), timezone.localdate())
    runs = scenario.runs.defer("snapshot", "result").order_by("-created_at", "-pk")[:10]
    return render(request, "forecast/scenario.html", {
        "scenario": scenario, "form": form, "states": states, "run_form": RunForm(), "runs": runs,
        "copy_form": CopyForm(initial={"name": f"{scenario.name} (kopi)"[:120]}),
    })


def scenario_json(request, scenario_id: int):
    scenario = selectors.scenario(request.user, scenario_id)
    form = ScenarioJsonForm(request.POST or None, initial={
        "version": scenario.version, "data": json.dumps(scenario.data, ensure_ascii=False, indent=2)})
    if request.method == "POST" and form.is_valid():
        try:
            scenario = services.update_scenario(actor=request.user, scenario=scenario,
                                                version=form.cleaned_data["version"], name=scenario.name,
                                                description=scenario.description, data=form.cleaned_data["data"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Scenariet er gemt (version {scenario.version}).")
            return redirect("forecast_scenario", scenario_id=scenario.pk)
    return render(request, "forecast/scenario_json.html", {"scenario": scenario, "form": form})


@require_POST
def scenario_copy(request, scenario_id: int):
    scenario = selectors.scenario(request.user, scenario_id)
    form = CopyForm(request.POST)
    if form.is_valid():
        try:
            copy = services.copy_scenario(actor=request.user, scenario=scenario, name=form.cleaned_data["name"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Kopien »{copy.name}« er oprettet.")
            return redirect("forecast_scenario", scenario_id=copy.pk)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("forecast_scenario", scenario_id=scenario.pk)


def calibration(request, scenario_id: int):
    scenario = selectors.scenario(request.user, scenario_id)
    if request.method == "POST":
        form = CalibrationForm(request.POST)
        if form.is_valid():
            try:
                scenario, changed = services.apply_calibration(
                    actor=request.user, scenario=scenario, version=int_or_none(request.POST.get("version")) or 0,
                    date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Kalibreringen er brugt i scenariet (version {scenario.version}): "
                                 + "; ".join(changed))
                return redirect("forecast_scenario", scenario_id=scenario.pk)
    else:
        form = CalibrationForm(request.GET if "date_from" in request.GET else None,
                               initial=CalibrationForm.default_initial())
    figures = None
    if form.is_bound and form.is_valid():
        figures = calib.calibrate(scenario.municipality, resolved(scenario.data), form.cleaned_data["date_from"],
                                  form.cleaned_data["date_to"])
    return render(request, "forecast/calibration.html", {"scenario": scenario, "form": form, "c": figures,
                                                          "minimum": calib.MIN_EVENTS})


@require_POST
def run_start(request, scenario_id: int):
    scenario = selectors.scenario(request.user, scenario_id)
    form = RunForm(request.POST)
    form.is_valid()
    try:
        run = services.start_run(actor=request.user, scenario=scenario,
                                 from_database=form.cleaned_data.get("from_database", False))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("forecast_scenario", scenario_id=scenario.pk)
    return redirect("forecast_run", run_id=run.pk)


def _offer_choice(request, result) -> str:
    offers = result.get("offers", [])
    wanted = request.GET.get("tilbud", "")
    return wanted if wanted in offers or wanted == results.TOTAL else (offers[0] if offers else results.TOTAL)


def run_detail(request, run_id: int):
    run = selectors.run(request.user, run_id)
    context = {"run": run, "offer": None}
    if run.status == ForecastRun.Status.DONE and run.result:
        offer = _offer_choice(request, run.result)
        context.update(offer=offer, offers=[*run.result["offers"], results.TOTAL],
                       fans=results.fans(run.result, offer),
                       milestones=results.at_months(run.result, offer, "waiting_end"))
    return render(request, "forecast/run.html", context)


def run_status(request, run_id: int):
    """The progress fragment that the run page polls; a finished run reloads the page."""
    run = selectors.run(request.user, run_id, with_result=False)
    if run.is_finished and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "forecast/run.html#status", {"run": run})


def run_export(request, run_id: int, fmt: str):
    if fmt not in ("csv", "json", "xlsx"):
        raise Http404("Ukendt format.")
    run = selectors.run(request.user, run_id)
    if run.status != ForecastRun.Status.DONE or not run.result:
        messages.error(request, "Kørslen er ikke færdig, så der er intet at hente endnu.")
        return redirect("forecast_run", run_id=run.pk)
    stem = f"prognose-{run.pk}"
    if fmt == "csv":
        response = HttpResponse(export.as_csv(run), content_type="text/csv; charset=utf-8")
    elif fmt == "json":
        response = HttpResponse(export.as_json(run), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(export.as_xlsx(run),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def compare(request):
    runs = list(selectors.finished_runs(request.user)[:50])
    bound = "a" in request.GET and "b" in request.GET
    form = CompareForm(request.GET if bound else None, runs=runs, offers=_offer_names(runs), metrics=results.METRICS,
                       initial={"a": request.GET.get("a"), "metric": "waiting_end"})
    context = {"form": form, "runs": runs}
    if form.is_bound and form.is_valid():
        a = selectors.run(request.user, form.cleaned_data["a"])
        b = selectors.run(request.user, form.cleaned_data["b"])
        offer, metric = form.cleaned_data["offer"], form.cleaned_data["metric"]
        context.update(a=a, b=b, offer=offer, metric_label=results.METRICS[metric],
                       rows=results.comparison(a.result, b.result, offer, metric),
                       same_draws=a.seed == b.seed and a.replications == b.replications,
                       fan_a=results.monthly_fan(a.result, offer, metric, key="a", title=f"A: {a.scenario_name}"),
                       fan_b=results.monthly_fan(b.result, offer, metric, key="b", title=f"B: {b.scenario_name}"))
    return render(request, "forecast/compare.html", context)


def _offer_names(runs) -> list[str]:
    """Offer names of the listed runs, in first-seen order, and the total."""
    names: dict[str, None] = {}
    for run in runs:
        for offer in (run.snapshot or {}).get("offers") or []:
            names.setdefault(str(offer.get("name")), None)
    return [*names, results.TOTAL]

import io
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tovholder.citizens.selectors import BreakGlassRequired
from tovholder.layout import formats
from tovholder.layout.exports import csv_response
from tovholder.layout.forms import add_service_errors
from tovholder.plans import selectors as plan_selectors
from tovholder.records import StaleEditError, int_or_none

from . import definitions, export, selectors, services
from .forms import AREA_PREFIX, FiguresForm, FollowUpWithAttainmentForm, ImportForm, MeasurementForm
from .models import InstrumentVersion


def citizen_outcomes(request, citizen_id: int):
    data = selectors.citizen_outcomes(request.user, citizen_id)
    return render(request, "outcomes/citizen.html", {"o": data, "citizen": data.citizen})


_int_or_none = int_or_none


def measurement_create(request, citizen_id: int, key: str):
    replaces_id = _int_or_none(request.GET.get("retter") or request.POST.get("retter"))
    try:
        data = selectors.measurement_form(request.user, citizen_id, key,
                                          add_conditions=request.GET.getlist("tilstand"), replaces_id=replaces_id)
    except BreakGlassRequired:
        raise PermissionDenied("Åbn borgeren med begrundelse, før du ser målinger. Udfylde kan du kun i dit "
                               "eget arbejdsområde.") from None
    spec = data.version.spec
    initial = {"version": data.version.pk}
    if data.replaces is not None:
        initial.update(measured_on=data.replaces.measured_on, answered_by=data.replaces.answered_by,
                       note=data.replaces.note,
                       **{AREA_PREFIX + s.area_key: s.value for s in data.replaces.scores.all()})
    form = MeasurementForm(request.POST or None, spec=spec, areas=data.areas, initial=initial)
    if request.method == "POST" and form.is_valid():
        version = InstrumentVersion.objects.filter(pk=form.cleaned_data["version"],
                                                   instrument=data.instrument).first()
        try:
            if version is None:
                raise ValidationError("Skemaet hører ikke til dette måleredskab. Åbn det igen.")
            measurement = services.record_measurement(
                actor=request.user, citizen=data.citizen, version=version,
                measured_on=form.cleaned_data["measured_on"], answered_by=form.cleaned_data["answered_by"],
                answers=form.answers(), note=form.cleaned_data["note"], replaces=data.replaces)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"{data.instrument.name} for {data.citizen.full_name} den "
                                      f"{formats.day(measurement.measured_on)} er gemt.")
            return redirect("measurement_detail", citizen_id=data.citizen.pk, measurement_id=measurement.pk)
    return render(request, "outcomes/measurement_form.html",
                  {"f": data, "form": form, "citizen": data.citizen, "spec": spec})


def goal_follow_up(request, citizen_id: int, goal_id: int):
    """Follow up on a goal with the citizen, and score the goal attainment (GAS) at the same time."""
    goal = plan_selectors.goal_for(request.user, citizen_id, goal_id, what="Mål (opfølgning)")
    form = FollowUpWithAttainmentForm(request.POST or None, initial={"version": goal.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_goal(actor=request.user, goal=goal, **form.cleaned_data)
        except StaleEditError as exc:
            add_service_errors(form, exc)
            messages.error(request, exc.messages[0])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Opfølgningen er gemt.")
            return redirect("citizen_plan", citizen_id=citizen_id)
    return render(request, "plans/form.html", {
        "form": form, "citizen": goal.citizen, "title": "Opfølgning på mål", "goal": goal,
        "button": "Gem opfølgningen", "back": reverse("citizen_plan", args=[citizen_id])})


def _add_errors(form, exc: ValidationError) -> None:
    """Service errors on an area key land on that area's radio group."""
    if hasattr(exc, "error_dict"):
        exc = ValidationError({(AREA_PREFIX + k if AREA_PREFIX + k in form.fields else k): v
                               for k, v in exc.error_dict.items()})
    add_service_errors(form, exc)


def measurement_detail(request, citizen_id: int, measurement_id: int):
    citizen, measurement, history = selectors.measurement(request.user, citizen_id, measurement_id)
    return render(request, "outcomes/measurement.html",
                  {"citizen": citizen, "m": measurement, "h": history,
                   "can_correct": request.user.has_perm("outcomes.record_measurement")
                   and not hasattr(measurement, "replaced_by")})


def instrument_list(request):
    instruments = selectors.instruments_for(request.user, include_retired=True).prefetch_related("versions")
    return render(request, "outcomes/instruments.html", {"instruments": instruments})


def instrument_detail(request, instrument_id: int):
    inst = selectors.instrument(request.user, instrument_id)
    versions = list(inst.versions.order_by("-number"))
    return render(request, "outcomes/instrument.html", {"inst": inst, "versions": versions,
                                                        "spec": versions[0].spec if versions else None})


def instrument_export(request, instrument_id: int, number: int):
    inst = selectors.instrument(request.user, instrument_id)
    version = inst.versions.filter(number=number).first()
    if version is None:
        return render(request, "404.html", status=404)
    response = HttpResponse(json.dumps(version.definition, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{inst.key}-v{number}.json"'
    return response


def instrument_import(request):
    if not request.user.has_perm("outcomes.manage_instruments"):
        raise PermissionDenied("Din rolle kan ikke importere måleredskaber.")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = definitions.load_json(form.cleaned_data["file"].read())
            version = services.import_instrument(actor=request.user, data=data)
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, f"{version.instrument.name} er importeret som version {version.number}.")
            return redirect("instrument", instrument_id=version.instrument_id)
    return render(request, "outcomes/instrument_import.html", {"form": form})


@require_POST
def instrument_retire(request, instrument_id: int):
    inst = selectors.instrument(request.user, instrument_id)
    try:
        services.retire_instrument(actor=request.user, instrument=inst)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{inst.name} er taget ud af brug. Målinger med det er bevaret.")
    return redirect("instrument", instrument_id=inst.pk)


def figures(request):
    if not request.user.has_perm("outcomes.view_outcome_figures"):
        raise PermissionDenied("Din rolle giver ikke adgang til effekttal.")
    instruments = list(selectors.instruments_for(request.user))
    form = FiguresForm(request.GET or None, instruments=instruments,
                       offers=selectors.offers_for_figures(request.user))
    result = None
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        result = selectors.outcome_figures(
            request.user, instrument_id=d["instrument"], date_from=d["date_from"], date_to=d["date_to"],
            age_band=d["age_band"] or "", offer_id=d["offer"], group_by=d["group_by"] or "offer")
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            return _export(result, fmt, form)
    return render(request, "outcomes/figures.html", {"form": form, "r": result})


def _export(result, fmt: str, form) -> HttpResponse:
    table = export.figure_rows(result)
    name = f"effekttal-{result.instrument.key}"
    if fmt == "csv":
        header, *rows = export.as_text(table)
        return csv_response(f"{name}.csv", header, rows)
    buffer = io.BytesIO()
    export.workbook(table, result, form.cleaned_data).save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response

"""Every write of the forecast app: scenarios (created from a shipped example, edited, calibrated) and
runs (started here, computed by a background task). Keyword-only, the acting user first, one
transaction each, audited in that transaction."""

import datetime
import logging
import os
import time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tovholder.accounts.principals import Actor, require_perm
from tovholder.accounts.principals import require_same_municipality as _same_municipality
from tovholder.audit.services import record_audit
from tovholder.records import lock_version

from . import calibration as calib
from . import scenarios
from .engine import ScenarioError, run_forecast
from .events import Event
from .models import ForecastRun, Scenario
from .results import summarise_result
from .selectors import PERM, initial_state, with_initial

logger = logging.getLogger(__name__)

MAX_NAME = 120
MAX_DESCRIPTION = 2000
MAX_WEB_REPLICATIONS = 5000
MAX_ACTIVE_RUNS = 3  # queued or running per municipality, counting the last hour
STALE = ("Scenariet er ændret af en anden, mens du redigerede. Dine ændringer er ikke gemt; "
         "se den nye version og prøv igen.")


def _profile(actor: Actor):
    try:
        return require_perm(actor, PERM)
    except PermissionDenied:
        raise PermissionDenied("Din rolle giver ikke adgang til kapacitetsprognoser.") from None


def clean_name(name: str, municipality, *, exclude_pk: int | None = None) -> str:
    """A scenario name: present, short, no markup, unique in the municipality."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Giv scenariet et navn."})
    if len(name) > MAX_NAME:
        raise ValidationError({"name": f"Navnet må højst være {MAX_NAME} tegn (det er {len(name)})."})
    if "<" in name or ">" in name:
        raise ValidationError({"name": "Navnet må ikke indeholde tegnene < og >."})
    taken = Scenario.objects.filter(municipality=municipality, name=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"name": "Kommunen har allerede et scenarie med det navn."})
    return name


def _clean_description(text: str) -> str:
    text = (text or "").strip()
    if len(text) > MAX_DESCRIPTION:
        raise ValidationError({"description": f"Beskrivelsen må højst være {MAX_DESCRIPTION} tegn."})
    return text


def _validated(data: Any) -> dict[str, Any]:
    try:
        scenarios.validate(data)
    except ScenarioError as exc:
        raise ValidationError({"data": exc.errors}) from exc
    return scenarios.resolved(data)


@transaction.atomic
def create_scenario(*, actor: Actor, name: str, shipped: str, description: str = "",
                    start_year: int | None = None) -> Scenario:
    """A new scenario of the municipality, copied from a shipped example (optionally moved to a start year)."""
    profile = _profile(actor)
    assert actor.is_authenticated
    try:
        data = scenarios.shipped_dict(shipped)
    except ScenarioError as exc:
        raise ValidationError({"shipped": "Vælg et af de udsendte scenarier."}) from exc
    if start_year is not None:
        current = scenarios.start_year(data)
        assert current is not None  # every shipped scenario has a start date
        if not 2000 <= start_year <= 2100:
            raise ValidationError({"start_year": "Startåret skal ligge mellem 2000 og 2100."})
        data = scenarios.shift_years(data, start_year - current)
    name = clean_name(name, profile.municipality)
    data = _validated(data)
    scenario = Scenario.objects.create(
        municipality=profile.municipality, name=name,
        description=_clean_description(description) or str(data.get("description", ""))[:MAX_DESCRIPTION],
        data=data, based_on=shipped, created_by=actor, updated_by=actor)
    record_audit(actor=actor, municipality=profile.municipality, action=Event.FORECAST_SCENARIO_CREATED, obj=scenario,
                 detail={"navn": name, "bygger på": shipped})
    return scenario


@transaction.atomic
def copy_scenario(*, actor: Actor, scenario: Scenario, name: str) -> Scenario:
    """A copy to vary (the original stays as it is)."""
    profile = _profile(actor)
    assert actor.is_authenticated
    _same_municipality(actor, scenario)
    copy = Scenario.objects.create(
        municipality=profile.municipality, name=clean_name(name, profile.municipality),
        description=scenario.description, data=scenario.data, based_on=scenario.based_on,
        created_by=actor, updated_by=actor)
    record_audit(actor=actor, municipality=profile.municipality, action=Event.FORECAST_SCENARIO_COPIED, obj=copy,
                 detail={"kopi af": scenario.pk, "version": scenario.version})
    return copy


def _lock(scenario: Scenario, version: int) -> Scenario:
    return lock_version(Scenario, scenario, version, STALE)


@transaction.atomic
def update_scenario(*, actor: Actor, scenario: Scenario, version: int, name: str, description: str,
                    data: Any) -> Scenario:
    """Save an edited scenario (from the form or the JSON editor) as its next version."""
    _profile(actor)
    assert actor.is_authenticated
    _same_municipality(actor, scenario)
    current = _lock(scenario, version)
    current.name = clean_name(name, current.municipality, exclude_pk=current.pk)
    current.description = _clean_description(description)
    current.data = _validated(data)
    current.version += 1
    current.updated_by = actor
    current.save()
    record_audit(actor=actor, municipality=current.municipality, action=Event.FORECAST_SCENARIO_CHANGED, obj=current,
                 detail={"version": current.version})
    return current


def check_period(date_from: datetime.date, date_to: datetime.date) -> None:
    """A calibration period: in order, not in the future, at least 90 days, at most 20 years."""
    today = timezone.localdate()
    if date_to > today:
        raise ValidationError({"date_to": "Perioden kan ikke slutte i fremtiden."})
    if date_from >= date_to:
        raise ValidationError({"date_to": "Slutdatoen skal ligge efter startdatoen."})
    if (date_to - date_from).days < 90:
        raise ValidationError({"date_to": "Perioden skal være mindst 90 dage."})
    if (date_to - date_from).days > 20 * 366:
        raise ValidationError({"date_from": "Perioden må højst være 20 år."})


@transaction.atomic
def apply_calibration(*, actor: Actor, scenario: Scenario, version: int, date_from: datetime.date,
                      date_to: datetime.date) -> tuple[Scenario, list[str]]:
    """Recompute the calibration for the period and write its usable figures into the scenario's next version."""
    _profile(actor)
    assert actor.is_authenticated
    _same_municipality(actor, scenario)
    check_period(date_from, date_to)
    current = _lock(scenario, version)
    figures = calib.calibrate(current.municipality, current.data, date_from, date_to)
    data, changed = calib.apply(current.data, figures)
    if not changed:
        raise ValidationError("Der er for få registreringer i perioden til at kalibrere noget. Scenariet er uændret.")
    current.data = _validated(data)
    current.calibration = {"period": [date_from.isoformat(), date_to.isoformat()], "applied": changed,
                           "on": timezone.localdate().isoformat(), "by": actor.get_full_name() or actor.username,
                           "version": current.version + 1}
    current.version += 1
    current.updated_by = actor
    current.save()
    record_audit(actor=actor, municipality=current.municipality, action=Event.FORECAST_SCENARIO_CALIBRATED,
                 obj=current, detail={"periode": current.calibration["period"], "version": current.version,
                                      "ændret": changed})
    return current, changed


@transaction.atomic
def start_run(*, actor: Actor, scenario: Scenario, from_database: bool = True) -> ForecastRun:
    """Queue a run: the scenario is frozen with today's caseload and waitlist, then a background task runs it."""
    from .tasks import run_forecast_task

    profile = _profile(actor)
    assert actor.is_authenticated
    _same_municipality(actor, scenario)
    current = Scenario.objects.get(pk=scenario.pk)
    engine = _validated_engine(current.data)
    if engine.replications > MAX_WEB_REPLICATIONS:
        raise ValidationError(f"Højst {MAX_WEB_REPLICATIONS} replikationer pr. kørsel her; brug kommandolinjen "
                              "til større kørsler.")
    recent = timezone.now() - datetime.timedelta(hours=1)
    active = ForecastRun.objects.filter(municipality=profile.municipality, created_at__gte=recent,
                                        status__in=(ForecastRun.Status.QUEUED, ForecastRun.Status.RUNNING))
    if active.count() >= MAX_ACTIVE_RUNS:
        raise ValidationError(f"Der er allerede {MAX_ACTIVE_RUNS} prognoser i kø eller i gang i kommunen. "
                              "Vent, til en af dem er færdig.")
    today = timezone.localdate()
    data = scenarios.resolved(current.data)
    states = initial_state(profile.municipality, data, today) if from_database else []
    snapshot = with_initial(data, states) if from_database else data
    _validated_engine(snapshot)
    run = ForecastRun.objects.create(
        municipality=profile.municipality, scenario=current, scenario_name=current.name,
        scenario_version=current.version, snapshot=snapshot, from_database=from_database, counted_on=today,
        initial={"offers": [s.as_dict() for s in states]}, seed=engine.seed, replications=engine.replications,
        horizon_days=engine.horizon_days, start_date=engine.start_date, created_by=actor)
    record_audit(actor=actor, municipality=profile.municipality, action=Event.FORECAST_RUN_STARTED, obj=run,
                 detail={"scenarie": current.name, "version": current.version, "seed": engine.seed,
                         "replikationer": engine.replications})
    task = run_forecast_task.enqueue(run.pk)
    ForecastRun.objects.filter(pk=run.pk).update(task_id=str(task.id)[:64])
    run.refresh_from_db()
    return run


def _validated_engine(data: Any):
    try:
        return scenarios.validate(data)
    except ScenarioError as exc:
        raise ValidationError(exc.errors) from exc


class _Progress:
    """Writes the engine's progress to the run, at most every half second and only when it moved."""

    def __init__(self, run_id: int):
        self.run_id, self.last, self.at = run_id, -1, 0.0

    def __call__(self, fraction: float) -> None:
        percent = max(0, min(99, int(fraction * 100)))
        now = time.monotonic()
        if percent > self.last and now - self.at >= 0.5:
            ForecastRun.objects.filter(pk=self.run_id).update(progress=percent)
            self.last, self.at = percent, now


def _workers() -> int:
    try:
        return max(1, int(os.environ.get("TOVHOLDER_FORECAST_WORKERS", "1")))
    except ValueError:
        return 1


def execute_run(*, run_id: int) -> None:
    """Compute a queued run (the background task calls this). Its outcome is audited in the name of the
    manager who started it; a failure is stored on the run with a Danish message, never raised."""
    run = ForecastRun.objects.select_related("created_by", "municipality").filter(pk=run_id).first()
    if run is None or run.status != ForecastRun.Status.QUEUED:
        return
    began = time.perf_counter()
    ForecastRun.objects.filter(pk=run_id).update(status=ForecastRun.Status.RUNNING, started_at=timezone.now())
    try:
        scenario = scenarios.validate(run.snapshot).with_options(seed=run.seed, replications=run.replications)
        result = run_forecast(scenario, progress=_Progress(run_id), workers=_workers())
        summary = summarise_result(result)
    except Exception as exc:  # noqa: BLE001 - stored on the run for the manager, logged for operators
        logger.exception("Prognosekørsel %s fejlede", run_id)
        message = "; ".join(exc.errors) if isinstance(exc, ScenarioError) else f"{type(exc).__name__}: {exc}"
        with transaction.atomic():
            ForecastRun.objects.filter(pk=run_id).update(
                status=ForecastRun.Status.FAILED, error=f"Kørslen fejlede: {message}"[:4000],
                finished_at=timezone.now(), elapsed_seconds=time.perf_counter() - began)
            record_audit(actor=run.created_by, municipality=run.municipality, action=Event.FORECAST_RUN_FAILED,
                         obj=run, detail={"fejl": message[:500]})
        return
    with transaction.atomic():
        ForecastRun.objects.filter(pk=run_id).update(
            status=ForecastRun.Status.DONE, progress=100, result=summary, finished_at=timezone.now(),
            elapsed_seconds=time.perf_counter() - began)
        record_audit(actor=run.created_by, municipality=run.municipality, action=Event.FORECAST_RUN_FINISHED, obj=run,
                     detail={"sekunder": round(time.perf_counter() - began, 2)})

"""Demo history: two years of measurements with WHO-5, the recovery compass and the FFB follow-up.

Each citizen in support follows one of three courses – most improve, some stay where they are, some
get worse – with noise, so the managers' figures show plausible, varied change."""

import datetime

from tovholder.accounts.models import Unit
from tovholder.citizens.models import Involvement
from tovholder.demo.steps import DemoContext, insert_rows, step
from tovholder.plans.models import Goal, GoalFollowUp
from tovholder.visitation.models import ConditionScore

from .models import InstrumentVersion, Measurement, Score

SUPPORT_KINDS = (Unit.Kind.TEAM, Unit.Kind.CENTRE, Unit.Kind.HOUSING)
COURSES = [("improve", 0.55), ("flat", 0.28), ("decline", 0.17)]
YEARLY_SLOPE = {"improve": (0.8, 2.2), "flat": (-0.3, 0.3), "decline": (-1.6, -0.5)}
BATCH = 2000


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _versions() -> dict[str, InstrumentVersion]:
    return {v.instrument.key: v for v in InstrumentVersion.objects.filter(
        instrument__municipality__isnull=True, retired_at__isnull=True).select_related("instrument")}


@step(order=80)
def outcome_history(ctx: DemoContext) -> None:
    versions = _versions()
    who5, compass, ffb_level = versions["who5"], versions["recovery-kompas"], versions["ffb-funktionsevne"]
    compass_keys = [a.key for a in compass.spec.areas]
    ffb_keys = sorted(a.key for a in ffb_level.spec.areas)
    start_of_window = ctx.today - datetime.timedelta(days=730)
    involvements = (Involvement.objects.filter(municipality=ctx.municipality, unit__kind__in=SUPPORT_KINDS,
                                               worker__isnull=False)
                    .filter(started_on__lte=ctx.today - datetime.timedelta(days=30))
                    .exclude(ended_on__lt=start_of_window + datetime.timedelta(days=60))
                    .order_by("pk").values_list("citizen_id", "unit_id", "worker_id", "started_on", "ended_on"))
    conditions: dict[int, dict[str, int]] = {}
    for citizen_id, code, level in ConditionScore.objects.filter(
            municipality=ctx.municipality, functional_level__isnull=False
    ).values_list("assessment__citizen_id", "condition", "functional_level").order_by("assessment__assessed_on"):
        if code in ffb_keys:
            conditions.setdefault(citizen_id, {})[code] = level
    seen: set[int] = set()
    pending: list[tuple[Measurement, dict[str, int]]] = []
    for citizen_id, unit_id, worker_id, started, ended in involvements.iterator(chunk_size=5000):
        if citizen_id in seen or ctx.rng.random() > 0.6:
            continue
        seen.add(citizen_id)
        course = ctx.rng.choices([c for c, _ in COURSES], [w for _, w in COURSES])[0]
        slope = ctx.rng.uniform(*YEARLY_SLOPE[course])
        first = max(started, start_of_window) + datetime.timedelta(days=ctx.rng.randint(0, 40))
        last = min(ended or ctx.today, ctx.today)
        base = ctx.rng.uniform(2.5, 5.5)
        area_base = {k: base + ctx.rng.uniform(-1.5, 1.5) for k in compass_keys}
        skip = {k for k in compass_keys if ctx.rng.random() < 0.12}
        wellbeing = ctx.rng.uniform(1.2, 3.0)
        levels = conditions.get(citizen_id, {})
        if not levels and ctx.rng.random() < 0.4:  # until the visitation history has assessments of its own
            levels = {code: ctx.rng.randint(1, 4) for code in ctx.rng.sample(ffb_keys, ctx.rng.randint(2, 4))}
        day = first
        while day <= last:
            years = (day - first).days / 365.25
            meeting = []
            if ctx.rng.random() < 0.9:
                meeting.append((compass, "together", {
                    k: _clamp(area_base[k] + slope * years + ctx.rng.gauss(0, 0.7), 1, 10)
                    for k in compass_keys if k not in skip}))
            if ctx.rng.random() < 0.8:
                meeting.append((who5, "citizen", {
                    a.key: _clamp(wellbeing + slope * 0.45 * years + ctx.rng.gauss(0, 0.6), 0, 5)
                    for a in who5.spec.areas}))
            if levels and ctx.rng.random() < 0.6:
                meeting.append((ffb_level, "worker", {
                    code: _clamp(level - slope * 0.35 * years + ctx.rng.gauss(0, 0.4), 0, 4)
                    for code, level in levels.items()}))
            for version, answered_by, answers in meeting:
                pending.append((Measurement(municipality=ctx.municipality, citizen_id=citizen_id, version=version,
                                            measured_on=day, answered_by=answered_by, recorded_by_id=worker_id,
                                            unit_id=unit_id), answers))
            day += datetime.timedelta(days=ctx.rng.randint(110, 200))
        if len(pending) >= BATCH:
            _flush(pending, ctx.municipality)
    _flush(pending, ctx.municipality)


def _flush(pending: list, municipality) -> None:
    """Measurements through the ORM (their ids are needed); their many scores as plain rows."""
    if not pending:
        return
    measurements = Measurement.objects.bulk_create([m for m, _ in pending], batch_size=1000)
    rows = [(municipality.pk, m.pk, k, "", v)
            for m, (_, answers) in zip(measurements, pending, strict=True) for k, v in answers.items()]
    insert_rows(Score._meta.db_table, ["municipality_id", "measurement_id", "area_key", "area_label", "value"], rows)
    pending.clear()


@step(order=85)
def goal_attainment_history(ctx: DemoContext) -> None:
    """GAS at most goal follow-ups: −2 … +2 around 'as expected', a little better when the goal ended."""

    from .services import GAS_KEY
    from .sources import goal_key

    gas = _versions()[GAS_KEY]
    follow_ups = list(GoalFollowUp.objects.filter(municipality=ctx.municipality).order_by("pk")
                      .values_list("goal_id", "citizen_id", "held_on", "result", "by_id"))
    picked = [f for f in follow_ups if ctx.rng.random() < 0.6]
    measurements = Measurement.objects.bulk_create(
        [Measurement(municipality=ctx.municipality, citizen_id=citizen_id, version=gas, measured_on=held_on,
                     answered_by="together", recorded_by_id=by_id, note=f"Opfølgning på mål {goal_id}")
         for goal_id, citizen_id, held_on, _result, by_id in picked], batch_size=1000)
    weights = {"end": [1, 2, 5, 4, 2], "continue": [2, 4, 6, 3, 1]}
    texts = dict(Goal.objects.filter(pk__in={f[0] for f in picked}).values_list("pk", "text"))
    Score.objects.bulk_create(
        [Score(municipality=ctx.municipality, measurement=m, area_key=goal_key(goal_id), goal_id=goal_id,
               area_label=texts.get(goal_id, "")[:300],
               value=ctx.rng.choices([-2, -1, 0, 1, 2], weights.get(result, weights["continue"]))[0])
         for m, (goal_id, _c, _h, result, _b) in zip(measurements, picked, strict=True)], batch_size=2000)

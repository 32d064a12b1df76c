"""Every read of outcome data. One citizen's measurements go through `open_citizen` (need to know,
access event); the managers' figures are aggregates within the manager's units, suppressed below 5."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.http import Http404

from tovholder.accounts.models import Unit
from tovholder.accounts.principals import Actor, principal_of, require_perm
from tovholder.citizens.cpr import age_on
from tovholder.citizens.models import BreakGlassGrant, Citizen
from tovholder.citizens.selectors import open_citizen, open_for_write
from tovholder.layout import charts
from tovholder.offers.models import Offer

from . import sources, statistics
from .definitions import AreasFrom, Spec
from .models import Instrument, InstrumentVersion, Measurement, Score


def instruments_for(user: Actor, *, include_retired: bool = False):
    """The shipped instruments and the municipality's own."""
    profile = principal_of(user)
    qs = Instrument.objects.filter(Q(municipality__isnull=True) | Q(municipality=profile.municipality))
    if not include_retired:
        qs = qs.filter(retired_at__isnull=True)
    return qs.order_by("name")


def instrument(user: Actor, instrument_id: int) -> Instrument:
    found = instruments_for(user, include_retired=True).filter(pk=instrument_id).first()
    if found is None:
        raise Http404("Måleredskabet findes ikke.")
    return found


def instrument_by_key(user: Actor, key: str) -> Instrument:
    found = instruments_for(user).filter(key=key).first()
    if found is None:
        raise Http404("Måleredskabet findes ikke.")
    return found


def current_version(instrument: Instrument) -> InstrumentVersion:
    version = instrument.versions.filter(retired_at__isnull=True).order_by("-number").first()
    if version is None:
        raise Http404("Måleredskabet har ingen gældende version.")
    return version


@dataclass
class AreaRow:
    key: str
    label: str
    group: str
    values: list  # one per measurement (None where not answered)


@dataclass
class History:
    instrument: Instrument
    spec: Spec
    measurements: list  # oldest first, corrections in place of what they corrected
    rows: list[AreaRow]
    totals: list  # one per measurement
    radar: charts.Chart | None = None
    line_charts: list[tuple[AreaRow, charts.Chart]] = field(default_factory=list)
    flags: list = field(default_factory=list)  # for the latest measurement


# a goal-attainment answer is named by its goal's text
SCORES_WITH_GOALS = Prefetch("scores", queryset=Score.objects.select_related("goal"))


def _answers(measurement) -> dict[str, int]:
    return {s.area_key: s.value for s in measurement.scores.all()}


def _labels(spec: Spec, measurements) -> list[tuple[str, str, str]]:
    """The areas to show: the definition's order, or (goals) in order of first appearance, named by the
    goal's text (as it was when scored, else as it is now)."""
    answered = {s.area_key: s.area_label or (s.goal.text if s.goal_id else "") for m in measurements
                for s in m.scores.all()}
    if spec.areas_from == AreasFrom.GOALS:
        return [(k, label or "Mål uden tekst", "") for k, label in answered.items()]
    return [(a.key, a.label, a.group) for a in spec.areas if a.key in answered]


def _history(instrument: Instrument, measurements: list) -> History:
    spec = measurements[-1].version.spec
    answers = [_answers(m) for m in measurements]
    areas = _labels(spec, measurements)
    rows = [AreaRow(k, label, group, [a.get(k) for a in answers]) for k, label, group in areas]
    totals = [m.version.spec.total(a) for m, a in zip(measurements, answers, strict=True)]
    history = History(instrument, spec, measurements, rows, totals, flags=spec.flags_for(totals[-1]))
    axes = [charts.Axis(k, label) for k, label, _ in areas]
    if len(axes) >= 3:
        history.radar = charts.radar(
            key=f"radar-{instrument.key}", axes=axes, low=spec.scale_min, high=spec.scale_max,
            series=[(m.measured_on, a) for m, a in zip(measurements, answers, strict=True)][-2:],
            title=f"{instrument.name}: de seneste to målinger")
    for i, row in enumerate(rows):
        points = [(m.measured_on, v) for m, v in zip(measurements, row.values, strict=True) if v is not None]
        history.line_charts.append((row, charts.lines(key=f"line-{instrument.key}-{i}", title=row.label,
                                                      low=spec.scale_min, high=spec.scale_max, points=points)))
    return history


def _valid(qs):
    """Measurements that no correction has replaced."""
    return qs.filter(replaced_by__isnull=True)


@dataclass
class CitizenOutcomes:
    citizen: Citizen
    break_glass: BreakGlassGrant | None
    histories: list[History]
    instruments: list[Instrument]
    can_record: bool


def can_record(user: Actor, citizen: Citizen, grant) -> bool:
    return grant is None and user.has_perm("outcomes.record_measurement")


def citizen_outcomes(user: Actor, citizen_id: int) -> CitizenOutcomes:
    citizen, grant = open_citizen(user, citizen_id, what="Effektmåling")
    measurements = list(
        _valid(Measurement.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen))
        .select_related("version__instrument", "recorded_by").prefetch_related(SCORES_WITH_GOALS)
        .order_by("measured_on", "pk"))
    by_instrument: dict[int, list] = {}
    for m in measurements:
        by_instrument.setdefault(m.version.instrument_id, []).append(m)
    histories = [_history(ms[0].version.instrument, ms) for ms in by_instrument.values()]
    histories.sort(key=lambda h: h.instrument.name)
    return CitizenOutcomes(citizen, grant, histories, list(instruments_for(user)), can_record(user, citizen, grant))


def measurements_of(citizen) -> list[Measurement]:
    """All the citizen's measurements, corrected ones too, oldest first (inside a logged read)."""
    return list(Measurement.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                .select_related("version__instrument").prefetch_related("scores").order_by("measured_on", "pk"))


def latest_by_instrument(measurements: list[Measurement]) -> list[tuple[Instrument, Measurement, float | None]]:
    """For the citizen overview: each instrument's latest measurement that no correction replaced."""
    replaced = {m.replaces_id for m in measurements if m.replaces_id}
    latest: dict[int, Measurement] = {}
    for m in measurements:
        if m.pk not in replaced:
            latest[m.version.instrument_id] = m
    return sorted(((m.version.instrument, m, m.version.spec.total(_answers(m))) for m in latest.values()),
                  key=lambda t: t[0].name)


@dataclass
class FormArea:
    key: str
    label: str
    group: str
    description: str
    previous: int | None
    previous_label: str
    hint: str  # e.g. the goal's target level or the level at visitation


@dataclass
class MeasurementForm:
    citizen: Citizen
    instrument: Instrument
    version: InstrumentVersion
    areas: list[FormArea]
    previous: Measurement | None
    replaces: Measurement | None
    choosable_conditions: list  # FFB: conditions that can be added to the form


def measurement_form(user: Actor, citizen_id: int, key: str, *, add_conditions: list[str] | None = None,
                     replaces_id: int | None = None) -> MeasurementForm:
    """What the form shows: the current version's areas beside the citizen's previous answers."""
    citizen = open_for_write(user, citizen_id, what="Effektmåling (udfyldning)", perm="outcomes.record_measurement")
    inst = instrument_by_key(user, key)
    version = current_version(inst)
    spec = version.spec
    history = _valid(Measurement.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen,
                                                version__instrument=inst))
    replaces = None
    if replaces_id is not None:
        replaces = history.filter(pk=replaces_id).first()
        if replaces is None:
            raise Http404("Målingen findes ikke, eller den er allerede rettet.")
    previous = (history.exclude(pk=getattr(replaces, "pk", None)).prefetch_related("scores")
                .order_by("-measured_on", "-pk").first())
    before = _answers(previous) if previous else {}
    hints: dict[str, str] = {}
    choosable: list = []
    if spec.areas_from == AreasFrom.GOALS:
        goals = sources.goals_for(citizen)
        areas = [(g.key, g.text, "", "") for g in goals]
    else:
        keys = [a.key for a in spec.areas]
        if spec.areas_from == AreasFrom.FFB_CONDITIONS:
            levels = sources.visitation_levels(citizen)
            wanted = set(sources.conditions_for(citizen)) | set(before) | set(add_conditions or [])
            if replaces is not None:
                wanted |= set(_answers(replaces))
            for code, level in levels.items():
                hints[code] = f"Ved visitationen: {spec.labels.get(level, level)}."
            for g in sources.goals_for(citizen):
                if g.condition and g.target_level is not None:
                    target = f"Mål: {spec.labels.get(g.target_level, g.target_level)} ({g.text[:80]})."
                    hints[g.condition] = f"{hints.get(g.condition, '')} {target}".strip()
            choosable = [a for a in spec.areas if a.key not in wanted]
            keys = [k for k in keys if k in wanted]
        by_key = {a.key: a for a in spec.areas}
        areas = [(k, by_key[k].label, by_key[k].group, by_key[k].description) for k in keys]
    form_areas = [
        FormArea(k, label, group, description, before.get(k),
                 spec.step_label(before[k], spec.area(k)) if k in before else "", hints.get(k, ""))
        for k, label, group, description in areas
    ]
    return MeasurementForm(citizen, inst, version, form_areas, previous, replaces, choosable)


def measurement(user: Actor, citizen_id: int, measurement_id: int) -> tuple[Citizen, Measurement, History]:
    citizen, _ = open_citizen(user, citizen_id, what="Effektmåling (en måling)")
    found = (Measurement.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen, pk=measurement_id)
             .select_related("version__instrument", "recorded_by", "unit", "replaces")
             .prefetch_related(SCORES_WITH_GOALS).first())
    if found is None:
        raise Http404("Målingen findes ikke.")
    return citizen, found, _history(found.version.instrument, [found])


# --- The managers' figures -------------------------------------------------------------------

AGE_BANDS = {
    "": ("Alle aldre", 0, 200),
    "u18": ("Under 18 år", 0, 17),
    "18-29": ("18–29 år", 18, 29),
    "30-49": ("30–49 år", 30, 49),
    "50-64": ("50–64 år", 50, 64),
    "65+": ("65 år og derover", 65, 200),
}


@dataclass
class FigureRow:
    key: str
    label: str
    change: statistics.Change


@dataclass
class FigureGroup:
    label: str
    citizens: int
    suppressed: bool
    rows: list[FigureRow]
    total: statistics.Change | None
    improved: statistics.Improved | None
    chart: charts.Chart | None = None


@dataclass
class Figures:
    instrument: Instrument
    spec: Spec
    groups: list[FigureGroup]
    all_citizens: FigureGroup
    measurements: int


def offers_for_figures(user: Actor):
    return Offer.objects.available_to(principal_of(user).municipality).order_by("name")


def outcome_figures(user: Actor, *, instrument_id: int, date_from: datetime.date | None = None,
                    date_to: datetime.date | None = None, age_band: str = "", offer_id: int | None = None,
                    group_by: str = "offer", min_group: int = statistics.MIN_GROUP) -> Figures:
    """First-to-latest change per area, per offer or team, within the manager's units.

    Each citizen's series is their measurements in the period made by a unit in scope; the group is
    the offer (or team) of their latest measurement; the age is at their latest measurement."""
    profile = require_perm(user, "outcomes.view_outcome_figures")
    inst = instrument(user, instrument_id)
    units = profile.scope_unit_ids
    scores = Score.objects.filter(
        municipality=profile.municipality, measurement__version__instrument=inst,
        measurement__unit_id__in=units, measurement__replaced_by__isnull=True)
    if date_from:
        scores = scores.filter(measurement__measured_on__gte=date_from)
    if date_to:
        scores = scores.filter(measurement__measured_on__lte=date_to)
    rows = scores.values_list("measurement_id", "measurement__citizen_id", "measurement__measured_on",
                              "measurement__unit_id", "measurement__citizen__birth_date",
                              "measurement__version_id", "area_key", "value").order_by()
    measurements: dict[int, list] = {}
    births: dict[int, datetime.date] = {}
    for mid, cid, day, unit_id, born, version_id, key, value in rows.iterator(chunk_size=5000):
        entry = measurements.get(mid)
        if entry is None:
            entry = measurements[mid] = [cid, day, unit_id, version_id, {}]
            births[cid] = born
        entry[4][key] = value
    specs = {v.pk: v.spec for v in InstrumentVersion.objects.filter(instrument=inst)}
    per_citizen: dict[int, list] = {}
    for _, (cid, day, unit_id, version_id, answers) in sorted(measurements.items(), key=lambda kv: (kv[1][1], kv[0])):
        per_citizen.setdefault(cid, []).append((day, unit_id, version_id, answers))
    latest = {cid: series[-1] for cid, series in per_citizen.items()}
    low, high = AGE_BANDS.get(age_band, AGE_BANDS[""])[1:]
    offers = sources.offers_on(profile.municipality, ((cid, s[0], s[1]) for cid, s in latest.items()))
    offer_names = dict(Offer.objects.filter(pk__in={o for o in offers.values() if o}).values_list("pk", "name"))
    unit_names = dict(Unit.objects.filter(pk__in=units).values_list("pk", "name"))
    groups: dict[str, list] = {}
    everyone: list = []
    for cid, series in per_citizen.items():
        day, unit_id, _, _ = latest[cid]
        if not low <= age_on(births[cid], day) <= high:
            continue
        offer = offers.get((cid, day))
        if offer_id and offer != offer_id:
            continue
        points = [statistics.Point(d, a, specs[v].total(a)) for d, _, v, a in series]
        label = (offer_names.get(offer, "Uden bevilling eller forløb") if group_by == "offer"
                 else unit_names.get(unit_id, "Uden enhed"))
        groups.setdefault(label, []).append(points)
        everyone.append(points)
    spec = specs[max(specs)] if specs else current_version(inst).spec
    area_labels = [(a.key, a.label) for a in spec.areas] if spec.areas_from != AreasFrom.GOALS else []
    result = [_group(label, series, spec, area_labels, min_group, key=f"figures-{i}")
              for i, (label, series) in enumerate(sorted(groups.items()))]
    return Figures(inst, spec, result, _group("Alle", everyone, spec, area_labels, min_group, key="figures-all"),
                   len(measurements))


def _group(label: str, series: list, spec: Spec, area_labels, min_group: int, *, key: str) -> FigureGroup:
    if len(series) < min_group:
        return FigureGroup(label, len(series), True, [], None, None)
    rows = [FigureRow(k, name, statistics.area_change(series, k, min_group=min_group)) for k, name in area_labels]
    rows = [r for r in rows if r.change.n > 0]
    total = statistics.total_change(series, min_group=min_group) if spec.scoring.method != "none" else None
    group = FigureGroup(label, len(series), False, rows, total,
                        statistics.improved(series, direction=spec.direction, min_group=min_group))
    group.chart = _figure_chart(group, spec, key=key)
    return group


def _figure_chart(group: FigureGroup, spec: Spec, *, key: str) -> charts.Chart | None:
    """The mean at the first and at the latest measurement per area, on the instrument's scale (the
    total instead, where the areas are the citizens' own goals and the total is their mean)."""
    shown = [(r.label, r.change) for r in group.rows if not r.change.suppressed]
    if not shown and group.total is not None and not group.total.suppressed and spec.scoring.method == "mean" \
            and spec.scoring.multiply == 1:
        shown = [(spec.scoring.total_label or "Samlet score", group.total)]
    if not shown:
        return None
    return charts.bars(
        key=key, title=f"{group.label}: gennemsnit ved første og seneste måling", category_label="Område",
        categories=[label for label, _ in shown], low=spec.scale_min, high=spec.scale_max,
        series=[charts.Series("Første måling (gns.)", [c.mean_first for _, c in shown]),
                charts.Series("Seneste måling (gns.)", [c.mean_latest for _, c in shown])])

"""Calibration from the municipality's own records, for a chosen period, shown for review before use.

* **Arrivals** by age group (18–29, 30–64, 65+; age at the request date from the birth date) and source
  (the request behind the case, if one is registered): new grants, i.e. decisions requested in the period
  that were granted (changes of scope, which point at the decision they replace, are not new arrivals).
  The rate's range is the 5th–95th percentile of its statistical uncertainty (Jeffreys: Gamma(n + ½, T)).
* **Durations**: Kaplan–Meier over grants that ran in the period, with grants still running at its end
  censored there and grants that began before it entering late (left truncation); a log-normal is fitted
  to the curve's quartiles.
* **Intensity**: from the support episodes' dated intensity steps (form and hours per week), weighted by
  days in the period; "mixed" counts as individual support. Without episodes: the granted hours.
* **Returns**: the share of grants ended in the period (at least a year before its end) followed by a new
  grant for the same citizen and offer requested within 365 days, and the mean delay.

Only counts and summaries leave this module. Everything is ordered, so SQLite and PostgreSQL give the
same figures.
"""

import copy
import datetime
import math
from bisect import bisect_right
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from django.db.models import Q
from scipy import stats

from tovholder.citizens.cpr import age_on
from tovholder.support.models import Episode, IntensityChange, Mode
from tovholder.visitation.models import Decision, Source

from .engine import AGE_GROUPS, ScenarioError
from .engine.scenario import RATE_UNITS
from .scenarios import CATALOGUE_KEY, validate
from .selectors import catalogue_by_name

MIN_ARRIVALS = 10
MIN_EVENTS = 10
MIN_EPISODES = 5
MIN_ENDED = 10
RETURN_WINDOW = 365
NO_SOURCE = "ikke_registreret"
SOURCE_LABELS = {**dict(Source.choices), NO_SOURCE: "Ikke registreret"}
GRANTED = (Decision.Status.GRANTED, Decision.Status.ORDERED, Decision.Status.ACTIVE, Decision.Status.ENDED)


# -- Kaplan–Meier ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class KaplanMeier:
    """The product-limit estimate: ``survival[i]`` is S(t) just after ``times[i]``."""

    times: np.ndarray
    survival: np.ndarray
    at_risk: np.ndarray
    events: np.ndarray

    def at(self, t: float) -> float:
        """S(t): the share still in their episode after ``t`` days."""
        i = int(np.searchsorted(self.times, t, side="right"))
        return 1.0 if i == 0 else float(self.survival[i - 1])

    def quantile(self, q: float) -> float | None:
        """The first time at which at least a share ``q`` has ended (S ≤ 1 − q), or None if never."""
        hit = np.flatnonzero(self.survival <= 1.0 - q + 1e-12)
        return float(self.times[hit[0]]) if hit.size else None

    def restricted_mean(self, tau: float) -> float:
        """The area under S from 0 to ``tau`` (the mean duration, restricted to ``tau``)."""
        edges = np.concatenate(([0.0], self.times[self.times < tau], [tau]))
        levels = np.concatenate(([1.0], self.survival[self.times < tau]))
        return float(np.sum(np.diff(edges) * levels))


def kaplan_meier(durations, observed, entry=None) -> KaplanMeier:
    """Kaplan–Meier with right censoring and, optionally, late entry.

    Subject *i* is at risk at time *t* when ``entry[i] < t <= durations[i]``; ``observed[i]`` says whether
    the episode ended at ``durations[i]`` (True) or was still running then (censored). At a time with both
    ends and censorings, the censored are counted as at risk (the usual convention).
    """
    d = np.asarray(durations, dtype=np.float64)
    e = np.asarray(observed, dtype=bool)
    start = np.zeros_like(d) if entry is None else np.asarray(entry, dtype=np.float64)
    if d.shape != e.shape or d.shape != start.shape:
        raise ValueError("durations, observed and entry must have the same length")
    if np.any(start > d):
        raise ValueError("entry must not come after the end")
    times = np.unique(d[e])
    exits = np.sort(d)
    entries = np.sort(start)
    at_risk = np.searchsorted(entries, times, side="left") - np.searchsorted(exits, times, side="left")
    events = np.searchsorted(np.sort(d[e]), times, side="right") - np.searchsorted(np.sort(d[e]), times, side="left")
    with np.errstate(divide="ignore", invalid="ignore"):
        factors = np.where(at_risk > 0, 1.0 - events / np.maximum(at_risk, 1), 1.0)
    return KaplanMeier(times, np.cumprod(factors), at_risk.astype(np.int64), events.astype(np.int64))


def lognormal_from_quartiles(median: float, q25: float | None, q75: float | None) -> tuple[float, float] | None:
    """(mean, sd) of the log-normal with this median and (one of) these quartiles."""
    z = stats.norm.ppf(0.75)
    if median <= 0:
        return None
    if q25 is not None and q75 is not None and q75 > q25 > 0:
        sigma = (math.log(q75) - math.log(q25)) / (2 * z)
    elif q25 is not None and median > q25 > 0:
        sigma = (math.log(median) - math.log(q25)) / z
    else:
        return None
    mean = math.exp(math.log(median) + sigma**2 / 2)
    return mean, mean * math.sqrt(math.expm1(sigma**2))


def rate_range(n: int, years: float) -> tuple[float, float]:
    """5th and 95th percentile of a Poisson rate per year after ``n`` events in ``years`` (Jeffreys prior)."""
    low, high = stats.gamma.ppf([0.05, 0.95], n + 0.5, scale=1.0 / years)
    return float(low), float(high)


def age_group(age: int) -> str:
    """The engine's age groups; the few under 18 count with the young."""
    if age < 30:
        return "18-29"
    return "30-64" if age < 65 else "65+"


# -- the figures ------------------------------------------------------------------------------------
@dataclass
class ArrivalRow:
    age_group: str
    source: str
    n: int
    per_year: float
    low: float
    high: float

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source)


@dataclass
class DurationFit:
    n: int
    events: int
    censored: int
    median: float | None
    q25: float | None
    q75: float | None
    restricted_mean: float | None
    tau: float
    mean: float | None = None
    sd: float | None = None
    note: str = ""

    @property
    def usable(self) -> bool:
        return self.mean is not None


@dataclass
class IntensityFit:
    source: str  # "support" or "decisions"
    episodes: int
    days: int
    group_share: float | None
    hours_individual: float | None
    hours_group: float | None
    note: str = ""

    @property
    def usable(self) -> bool:
        return self.episodes >= MIN_EPISODES and self.hours_individual is not None


@dataclass
class ReturnFit:
    ended: int
    returned: int
    share: float | None
    mean_delay: float | None
    note: str = ""

    @property
    def usable(self) -> bool:
        return self.ended >= MIN_ENDED and self.share is not None


@dataclass
class OfferCalibration:
    engine_name: str
    catalogue_name: str
    calibrated: bool
    reason: str = ""
    capacity_kind: str = ""
    arrivals: dict[str, int] = field(default_factory=dict)
    duration: DurationFit | None = None
    intensity: IntensityFit | None = None
    returns: ReturnFit | None = None


@dataclass
class Calibration:
    date_from: datetime.date
    date_to: datetime.date
    arrivals: list[ArrivalRow]
    offers: list[OfferCalibration]

    @property
    def years(self) -> float:
        return ((self.date_to - self.date_from).days + 1) / 365.25

    @property
    def arrivals_n(self) -> int:
        return sum(row.n for row in self.arrivals)

    @property
    def arrivals_usable(self) -> bool:
        return self.arrivals_n >= MIN_ARRIVALS

    def age_totals(self) -> dict[str, int]:
        totals = dict.fromkeys(AGE_GROUPS, 0)
        for row in self.arrivals:
            totals[row.age_group] += row.n
        return totals

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["date_from"], data["date_to"] = self.date_from.isoformat(), self.date_to.isoformat()
        return data


def calibrate(municipality, data: dict[str, Any], date_from: datetime.date, date_to: datetime.date) -> Calibration:
    """The municipality's figures for the period, for the offers the scenario maps to the catalogue."""
    catalogue = catalogue_by_name(municipality)
    kinds = {o.get("name"): (o.get("capacity") or {}).get("kind", "") for o in data.get("offers") or []
             if isinstance(o, dict)}
    offers: list[OfferCalibration] = []
    by_pk: dict[int, OfferCalibration] = {}
    for item in data.get("offers") or []:
        name, catalogue_name = str(item.get("name", "")), str(item.get(CATALOGUE_KEY) or "")
        offer = catalogue.get(catalogue_name)
        entry = OfferCalibration(name, catalogue_name, False, capacity_kind=kinds.get(name, ""))
        if not catalogue_name:
            entry.reason = "Ikke koblet til et tilbud i kataloget"
        elif offer is None:
            entry.reason = f"Tilbuddet »{catalogue_name}« findes ikke i kommunens katalog"
        elif not offer.requires_visitation:
            entry.reason = "Tilbuddet visiteres ikke: der er ingen bevillinger at regne på"
        elif offer.pk in by_pk:
            entry.reason = f"»{catalogue_name}« er allerede regnet med under {by_pk[offer.pk].engine_name}"
        else:
            entry.calibrated = True
            by_pk[offer.pk] = entry
        offers.append(entry)
    arrivals = _arrivals(municipality, by_pk, date_from, date_to)
    _durations(municipality, by_pk, date_from, date_to)
    _intensity(municipality, by_pk, date_from, date_to)
    _returns(municipality, by_pk, date_from, date_to)
    return Calibration(date_from, date_to, arrivals, offers)


def _arrivals(municipality, by_pk, date_from, date_to) -> list[ArrivalRow]:
    rows = (Decision.objects.filter(municipality=municipality, offer_id__in=list(by_pk),
                                    requested_on__range=(date_from, date_to), replaces__isnull=True)
            .filter(Q(status__in=GRANTED) | Q(status=Decision.Status.CANCELLED, decided_on__isnull=False))
            .order_by("pk").values_list("offer_id", "citizen__birth_date", "requested_on", "case__request__source"))
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for offer_id, born, requested_on, source in rows.iterator(chunk_size=5000):
        group = age_group(age_on(born, requested_on))
        counts[(group, source or NO_SOURCE)] += 1
        per_offer = by_pk[offer_id].arrivals
        per_offer[group] = per_offer.get(group, 0) + 1
    years = ((date_to - date_from).days + 1) / 365.25
    result = []
    for (group, source), n in sorted(counts.items(), key=lambda kv: (AGE_GROUPS.index(kv[0][0]), kv[0][1])):
        low, high = rate_range(n, years)
        result.append(ArrivalRow(group, source, n, n / years, low, high))
    return result


def _durations(municipality, by_pk, date_from, date_to) -> None:
    rows = (Decision.objects.filter(municipality=municipality, offer_id__in=list(by_pk),
                                    status__in=(Decision.Status.ACTIVE, Decision.Status.ENDED),
                                    activated_on__isnull=False, activated_on__lte=date_to)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=date_from))
            .order_by("pk").values_list("offer_id", "activated_on", "ended_on"))
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for offer_id, started, ended in rows.iterator(chunk_size=5000):
        grouped[offer_id].append((started, ended))
    for pk, entry in by_pk.items():
        items = grouped.get(pk, [])
        durations, observed, entries = [], [], []
        for started, ended in items:
            done = ended is not None and ended <= date_to
            stop = ended if done else date_to
            durations.append(max((stop - started).days, 0) + 0.5)  # ends during the day: half a day at least
            observed.append(done)
            entries.append(max((date_from - started).days, 0))
        events = sum(observed)
        tau = float(max(durations)) if durations else 0.0
        if not items:
            entry.duration = DurationFit(0, 0, 0, None, None, None, None, 0.0, note="Ingen forløb i perioden")
            continue
        km = kaplan_meier(durations, observed, entries)
        median, q25, q75 = km.quantile(0.5), km.quantile(0.25), km.quantile(0.75)
        fit = DurationFit(len(items), events, len(items) - events, median, q25, q75, km.restricted_mean(tau), tau)
        if events < MIN_EVENTS:
            fit.note = f"For få afsluttede forløb (under {MIN_EVENTS}) til at kalibrere varigheden"
        elif median is None:
            fit.note = "Færre end halvdelen er afsluttet: medianen kan ikke bestemmes endnu"
        else:
            fitted = lognormal_from_quartiles(median, q25, q75)
            if fitted is None:
                fit.note = "Kvartilerne kan ikke bestemmes"
            else:
                fit.mean, fit.sd = fitted
        entry.duration = fit


def _intensity(municipality, by_pk, date_from, date_to) -> None:
    episodes = (Episode.objects.filter(municipality=municipality, offer_id__in=list(by_pk), started_on__lte=date_to)
                .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=date_from))
                .order_by("pk").values_list("pk", "offer_id", "started_on", "ended_on", "mode", "hours_per_week"))
    info = {pk: (offer_id, started, ended, mode, hours) for pk, offer_id, started, ended, mode, hours in episodes}
    steps: dict[int, list[tuple]] = defaultdict(list)
    changes = (IntensityChange.objects.filter(municipality=municipality, episode__offer_id__in=list(by_pk),
                                              episode__started_on__lte=date_to)
               .filter(Q(episode__ended_on__isnull=True) | Q(episode__ended_on__gte=date_from))
               .order_by("episode_id", "starts_on", "pk")
               .values_list("episode_id", "starts_on", "mode", "hours_per_week"))
    for episode_id, starts_on, mode, hours in changes.iterator(chunk_size=5000):
        steps[episode_id].append((starts_on, mode, hours))
    totals: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    counted: dict[int, int] = defaultdict(int)
    for pk, (offer_id, started, ended, mode, hours) in info.items():
        first, last = max(started, date_from), min(ended or date_to, date_to)
        timeline = steps.get(pk) or [(started, mode, hours)]
        used = False
        for i, (day, step_mode, step_hours) in enumerate(timeline):
            until = timeline[i + 1][0] - datetime.timedelta(days=1) if i + 1 < len(timeline) else last
            days = (min(until, last) - max(day, first)).days + 1
            if days <= 0 or step_mode == Mode.PAUSED:
                continue
            used = True
            kind = "group" if step_mode == Mode.GROUP else "individual"
            totals[offer_id][f"{kind}_days"] += days
            totals[offer_id][f"{kind}_hours"] += days * float(step_hours)
        counted[offer_id] += used
    for pk, entry in by_pk.items():
        t = totals.get(pk)
        if t and counted[pk]:
            days = t["individual_days"] + t["group_days"]
            entry.intensity = IntensityFit(
                "support", counted[pk], int(days), t["group_days"] / days,
                t["individual_hours"] / t["individual_days"] if t["individual_days"] else None,
                t["group_hours"] / t["group_days"] if t["group_days"] else None)
        else:
            entry.intensity = _granted_hours(municipality, pk, date_from, date_to)
        if entry.intensity.episodes < MIN_EPISODES:
            entry.intensity.note = f"For få forløb (under {MIN_EPISODES}) til at kalibrere intensiteten"


def _granted_hours(municipality, offer_pk, date_from, date_to) -> IntensityFit:
    """Without support episodes: the mean granted hours of the grants running in the period."""
    hours = [float(h) for h in Decision.objects.filter(
        municipality=municipality, offer_id=offer_pk, status__in=(Decision.Status.ACTIVE, Decision.Status.ENDED),
        activated_on__isnull=False, activated_on__lte=date_to, hours_per_week__isnull=False,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=date_from)).order_by("pk").values_list(
        "hours_per_week", flat=True)]
    mean = sum(hours) / len(hours) if hours else None
    return IntensityFit("decisions", len(hours), 0, None, mean, None,
                        note="" if hours else "Ingen forløb eller bevilgede timer i perioden")


def _returns(municipality, by_pk, date_from, date_to) -> None:
    last_end = date_to - datetime.timedelta(days=RETURN_WINDOW)
    if last_end < date_from:
        for entry in by_pk.values():
            entry.returns = ReturnFit(0, 0, None, None, note="Perioden skal være over et år, så hvert afsluttet "
                                                             "forløb kan følges et helt år")
        return
    ended = (Decision.objects.filter(municipality=municipality, offer_id__in=list(by_pk), status=Decision.Status.ENDED,
                                     ended_on__range=(date_from, last_end))
             .order_by("pk").values_list("offer_id", "citizen_id", "ended_on"))
    later: dict[tuple[int, int], list[datetime.date]] = defaultdict(list)
    for offer_id, citizen_id, requested_on in (
            Decision.objects.filter(municipality=municipality, offer_id__in=list(by_pk), replaces__isnull=True,
                                    requested_on__range=(date_from, date_to))
            .filter(Q(status__in=GRANTED) | Q(status=Decision.Status.CANCELLED, decided_on__isnull=False))
            .order_by("offer_id", "citizen_id", "requested_on", "pk")
            .values_list("offer_id", "citizen_id", "requested_on")):
        later[(offer_id, citizen_id)].append(requested_on)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])  # ended, returned, days
    for offer_id, citizen_id, ended_on in ended.iterator(chunk_size=5000):
        dates = later.get((offer_id, citizen_id), [])
        i = bisect_right(dates, ended_on)
        row = counts[offer_id]
        row[0] += 1
        if i < len(dates) and (dates[i] - ended_on).days <= RETURN_WINDOW:
            row[1] += 1
            row[2] += (dates[i] - ended_on).days
    for pk, entry in by_pk.items():
        n, back, days = counts.get(pk, [0, 0, 0])
        entry.returns = ReturnFit(n, back, back / n if n else None, days / back if back else None)
        if n < MIN_ENDED:
            entry.returns.note = f"For få afsluttede forløb (under {MIN_ENDED}) til at kalibrere genhenvendelser"


# -- applying the figures to a scenario --------------------------------------------------------------
def _r(value: float, digits: int = 3) -> float:
    return round(float(value), digits)


def apply(data: dict[str, Any], calibration: Calibration) -> tuple[dict[str, Any], list[str]]:
    """A new scenario dict with the usable calibrated figures, and what was changed (Danish lines).

    Offers that were not calibrated keep their expected inflow: their share of the old streams becomes
    a stream of its own, so replacing the streams never takes inflow from them.
    """
    data = copy.deepcopy(data)
    changed: list[str] = []
    offers = {o["name"]: o for o in data.get("offers") or []}
    for entry in calibration.offers:
        offer = offers.get(entry.engine_name)
        if offer is None or not entry.calibrated:
            continue
        fit = entry.duration
        if fit is not None and fit.usable:
            offer["duration"] = {"dist": "lognormal", "mean": _r(fit.mean, 1), "sd": _r(fit.sd, 1)}
            changed.append(f"{entry.engine_name}: varighed log-normal, middel {fit.mean:.0f} dage "
                           f"(median {fit.median:.0f}, n = {fit.n}, {fit.events} afsluttede)")
        intensity = entry.intensity
        capacity = offer.get("capacity") or {}
        if intensity is not None and intensity.usable and capacity.get("kind") == "staff":
            capacity["hours_per_citizen_week"] = _r(intensity.hours_individual, 2)
            text = f"{entry.engine_name}: {intensity.hours_individual:.2f} timer pr. borger pr. uge"
            if intensity.group_share is not None:
                capacity["group_share"] = _r(intensity.group_share)
                text += f", gruppeandel {intensity.group_share:.0%}"
            if intensity.hours_group is not None:
                capacity["group_hours_per_citizen_week"] = _r(intensity.hours_group, 2)
            changed.append(f"{text} (n = {intensity.episodes} forløb)")
        returns = entry.returns
        if returns is not None and returns.usable:
            block: dict[str, Any] = {"share": _r(returns.share)}
            if returns.mean_delay:
                block["delay"] = {"dist": "exponential", "mean": _r(max(returns.mean_delay, 1.0), 1)}
            offer["returns"] = block
            changed.append(f"{entry.engine_name}: {returns.share:.0%} vender tilbage inden for et år "
                           f"(n = {returns.ended})")
    if calibration.arrivals_usable:
        changed.extend(_apply_arrivals(data, calibration))
    return data, changed


def _apply_arrivals(data: dict[str, Any], calibration: Calibration) -> list[str]:
    try:
        old = validate(data)
    except ScenarioError:
        return []
    names = old.offer_names
    calibrated = {e.engine_name for e in calibration.offers if e.calibrated}
    per_year = 365.25 / RATE_UNITS[old.arrivals.unit]
    conversion = old.arrivals.conversion
    streams: list[dict[str, Any]] = []
    routing: dict[str, dict[str, float]] = {}
    offers_by_name = {e.engine_name: e for e in calibration.offers}
    for a, group in enumerate(AGE_GROUPS):
        old_streams = [s for s in old.arrivals.streams if s.age_group == group]
        kept_share = sum(old.routing[a][o] for o, name in enumerate(names) if name not in calibrated)
        central = sum(s.rate.central for s in old_streams) * per_year * conversion.central * kept_share
        low = sum(s.rate.low if not s.rate.is_fixed else s.rate.central for s in old_streams) * per_year \
            * (conversion.low if not conversion.is_fixed else conversion.central) * kept_share
        high = sum(s.rate.high if not s.rate.is_fixed else s.rate.central for s in old_streams) * per_year \
            * (conversion.high if not conversion.is_fixed else conversion.central) * kept_share
        rows = [r for r in calibration.arrivals if r.age_group == group]
        # the engine's central value of a log-normal range is its median, the geometric mean of the two ends
        new_central = sum(math.sqrt(r.low * r.high) for r in rows)
        group_n = sum(r.n for r in rows)
        total = new_central + central
        if total <= 0:
            continue
        for r in rows:
            streams.append({"age_group": group, "source": r.source,
                            "rate": {"dist": "lognormal", "low": _r(r.low, 6), "high": _r(r.high, 6)}})
        if central > 0:
            low, high = min(low, central), max(high, central)
            rate = ({"dist": "fixed", "value": _r(central, 6)} if math.isclose(low, high)
                    else {"dist": "triangular", "low": _r(low, 6), "mode": _r(central, 6), "high": _r(high, 6)})
            streams.append({"age_group": group, "source": "øvrige tilbud (scenariets tal)", "rate": rate})
        row: dict[str, float] = {}
        for o, name in enumerate(names):
            if name in calibrated:
                n = offers_by_name[name].arrivals.get(group, 0)
                share = (n / group_n) * new_central / total if group_n else 0.0
            else:
                share = old.routing[a][o] * old_streams_total(old_streams, per_year, conversion.central) / total
            if share > 0:
                row[name] = share
        scale = sum(row.values())
        if scale > 1.0:
            row = {k: v / scale for k, v in row.items()}
        routing[group] = row
    data["arrivals"] = {**{k: v for k, v in data["arrivals"].items() if k not in ("streams", "conversion", "unit")},
                        "unit": "year", "conversion": 1.0, "streams": streams}
    data["routing"] = routing
    totals = calibration.age_totals()
    return [f"Tilgang pr. år fra {calibration.arrivals_n} nye bevillinger: "
            + ", ".join(f"{group} år: {totals[group] / calibration.years:.1f}" for group in AGE_GROUPS)
            + "; tilbud uden kalibrering beholder deres tilgang fra scenariet"]


def old_streams_total(streams, per_year: float, conversion: float) -> float:
    return sum(s.rate.central for s in streams) * per_year * conversion

"""Build a :class:`Scenario` from a dict (JSON/TOML), with ``extends`` and validation.

The dict format is documented in ``tovholder/forecast/engine/__init__.py`` and by
the shipped examples in ``tovholder/forecast/scenarios/``.  Validation messages are
Danish because they are shown to users; all problems are reported together in one
:class:`ScenarioError`.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .distributions import (
    DURATION_KINDS,
    UNCERTAIN_KINDS,
    DurationDistribution,
    UncertainValue,
    empirical_distribution,
)
from .scenario import (
    AGE_GROUPS,
    CAPACITY_FIELDS,
    CAPACITY_KINDS,
    RATE_UNITS,
    AgeShareTrend,
    ArrivalSpec,
    ArrivalStream,
    Budget,
    CapacityChange,
    CapacitySpec,
    InitialOfferState,
    Offer,
    Price,
    ReturnSpec,
    Scenario,
)
from .validation import FieldReader, ScenarioError

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "scenarios"
MAX_HORIZON_DAYS = 3700  # ten years and a little slack
Resolver = Callable[[str], dict[str, Any]]

_TOP_KEYS = ("name", "description", "extends", "start_date", "horizon_days", "horizon_years",
             "replications", "seed", "chunk_size", "arrivals", "routing", "offers",
             "klippekort_skip_waitlist", "budget", "wait_threshold_days", "source", "notes")
_OFFER_KEYS = ("name", "description", "capacity", "capacity_changes", "duration", "price",
               "klippekort", "returns", "priority_share", "initial", "paragraph", "notes", "remove")


# -- extends ---------------------------------------------------------------------------
def merge_scenario_dicts(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge ``override`` onto ``base``.

    Objects merge key by key; ``offers`` merge by offer name (an entry with
    ``"remove": true`` removes the offer); other lists are replaced.
    """
    merged = dict(base)
    for key, value in override.items():
        if key == "offers" and isinstance(value, list) and isinstance(base.get(key), list):
            merged[key] = _merge_offers(base[key], value)
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = merge_scenario_dicts(base[key], value)
        else:
            merged[key] = value
    return merged


def _merge_offers(base: list[Any], override: list[Any]) -> list[Any]:
    result = [dict(item) if isinstance(item, dict) else item for item in base]
    index = {item.get("name"): i for i, item in enumerate(result) if isinstance(item, dict)}
    for item in override:
        name = item.get("name") if isinstance(item, dict) else None
        if name in index:
            if item.get("remove"):
                result[index[name]] = None
            else:
                result[index[name]] = merge_scenario_dicts(result[index[name]], item)
        elif not (isinstance(item, dict) and item.get("remove")):
            result.append(item)
    return [item for item in result if item is not None]


def resolve_extends(data: dict[str, Any], resolver: Resolver) -> dict[str, Any]:
    """Follow the ``extends`` chain and return one merged dict (without ``extends``)."""
    chain = [data]
    seen: list[str] = [str(data.get("name", "?"))]
    current = data
    while current.get("extends"):
        parent = str(current["extends"])
        if parent in seen:
            raise ScenarioError([f"extends: Scenarierne arver i ring: {' → '.join([*seen, parent])}"])
        seen.append(parent)
        current = resolver(parent)
        chain.append(current)
    merged: dict[str, Any] = {}
    for item in reversed(chain):
        merged = merge_scenario_dicts(merged, item)
    merged.pop("extends", None)
    return merged


def read_scenario_file(path: Path) -> dict[str, Any]:
    """Read a JSON or TOML scenario file into a dict."""
    try:
        if path.suffix == ".toml":
            return tomllib.loads(path.read_text(encoding="utf-8"))
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ScenarioError([f"{path.name}: Filen kan ikke læses: {exc}"]) from exc


def directory_resolver(*directories: Path) -> Resolver:
    """A resolver that finds ``NAME.json`` or ``NAME.toml`` in the given directories."""

    def resolve(name: str) -> dict[str, Any]:
        for directory in directories:
            for suffix in (".json", ".toml"):
                candidate = directory / f"{name}{suffix}"
                if candidate.is_file():
                    return read_scenario_file(candidate)
        raise ScenarioError([f"extends: Ukendt grundscenarie: {name}"])

    return resolve


def shipped_scenario_names() -> list[str]:
    """Names of the example scenarios shipped with the package."""
    return sorted(p.stem for p in SHIPPED_DIR.glob("*.json"))


def load_scenario(name_or_path: str | Path, **overrides: Any) -> Scenario:
    """Load a shipped scenario by name, or a scenario file by path.

    ``overrides`` replace top-level dict fields before parsing (e.g. ``replications=20``).
    """
    path = Path(name_or_path)
    if path.suffix in (".json", ".toml") and path.is_file():
        data = read_scenario_file(path)
        resolver = directory_resolver(path.parent, SHIPPED_DIR)
    else:
        resolver = directory_resolver(SHIPPED_DIR)
        data = resolver(str(name_or_path))
    return scenario_from_dict({**data, **overrides}, resolver=resolver)


# -- parsing ---------------------------------------------------------------------------
def scenario_from_dict(data: dict[str, Any], *, resolver: Resolver | None = None) -> Scenario:
    """Validate a scenario dict and build the :class:`Scenario`.

    ``extends`` names a base scenario (found by ``resolver``, by default among the
    shipped ones) whose dict is deep-merged under this one.  Raises
    :class:`ScenarioError` listing every problem.
    """
    if not isinstance(data, dict):
        raise ScenarioError(["scenarie: Skal være et objekt (navngivne felter)"])
    if data.get("extends"):
        data = resolve_extends(data, resolver or directory_resolver(SHIPPED_DIR))
    errors: list[str] = []
    top = FieldReader(data, "", errors)
    top.check_keys(_TOP_KEYS)
    start = top.date("start_date")
    horizon = _horizon_days(top, start)
    offers = _offers(top)
    names = tuple(offer.name for offer in offers)
    scenario = Scenario(
        name=top.text("name"),
        description=top.text("description", ""),
        start_date=start,
        horizon_days=horizon,
        offers=offers,
        arrivals=_arrivals(top.child("arrivals"), top, start),
        routing=_routing(top, names),
        replications=top.integer("replications", 1000, minimum=1,
                                 message="Antal replikationer skal være mindst 1"),
        seed=top.integer("seed", 0, minimum=0, maximum=2**31 - 1,
                         message="Seed skal være et helt tal mellem 0 og 2147483647"),
        chunk_size=top.integer("chunk_size", 250, minimum=1),
        klippekort_skip_waitlist=top.boolean("klippekort_skip_waitlist", True),
        budget=_budget(top.child("budget")),
        wait_threshold_days=top.integer("wait_threshold_days", 90, minimum=0),
    )
    if errors:
        raise ScenarioError(errors)
    return scenario


def _horizon_days(top: FieldReader, start: dt.date) -> int:
    message = "Horisonten skal være mellem 1 dag og 10 år"
    if top.has("horizon_days"):
        return top.integer("horizon_days", minimum=1, maximum=MAX_HORIZON_DAYS, message=message)
    years = top.integer("horizon_years", 5, minimum=1, maximum=10, message=message)
    years = min(max(years, 1), 10)  # refused above when outside; a value like 1e308 must not reach a date
    try:
        end = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + years, day=28)
    return max(1, (end - start).days)


def duration_from(reader: FieldReader | None) -> DurationDistribution:
    """Parse a duration distribution such as ``{"dist": "lognormal", "mean": 300, "sd": 200}``."""
    if reader is None:
        return DurationDistribution("fixed", 1.0)
    reader.check_keys(("dist", "mean", "sd", "values", "days"))
    kind = reader.text("dist", "exponential")
    if kind not in DURATION_KINDS:
        reader.fail("dist", f"Ukendt fordeling {kind!r} (brug {', '.join(DURATION_KINDS)})")
        return DurationDistribution("fixed", 1.0)
    if kind == "empirical":
        values = reader.list_of("values")
        if not values or not all(isinstance(v, int | float) and not isinstance(v, bool) and v > 0
                                 for v in values):
            reader.fail("values", "Den empiriske fordeling skal have mindst én værdi, og alle skal være positive")
            return DurationDistribution("fixed", 1.0)
        return empirical_distribution(values)
    if kind == "fixed" and reader.has("days"):
        return DurationDistribution("fixed", reader.number("days", positive=True,
                                                           message="Varigheden skal være positiv"))
    mean = reader.number("mean", positive=True, message="Varigheden skal være positiv")
    sd = 0.0
    if kind in ("lognormal", "gamma"):
        sd = reader.number("sd", positive=True, message="Spredningen skal være positiv")
    return DurationDistribution(kind, mean if mean > 0 else 1.0, sd if sd > 0 else 1.0)


def uncertain_from(reader: FieldReader, key: str, default: float | None = None) -> UncertainValue:
    """Parse a number or a range such as ``{"dist": "triangular", "low": 1, "mode": 2, "high": 4}``."""
    value = reader.raw(key)
    if value is None and default is not None:
        return UncertainValue.fixed(default)
    if not isinstance(value, dict):
        return UncertainValue.fixed(reader.number(key, minimum=0.0, message="Må ikke være negativ"))
    sub = FieldReader(value, reader.where(key), reader.errors)
    sub.check_keys(("dist", "low", "mode", "high", "value"))
    kind = sub.text("dist", "triangular")
    if kind not in UNCERTAIN_KINDS:
        sub.fail("dist", f"Ukendt usikkerhedsfordeling {kind!r} (brug {', '.join(UNCERTAIN_KINDS)})")
        return UncertainValue.fixed(0.0)
    if kind == "fixed":
        return UncertainValue.fixed(sub.number("value", minimum=0.0, message="Må ikke være negativ"))
    low = sub.number("low", minimum=0.0, message="Må ikke være negativ")
    high = sub.number("high", minimum=0.0, message="Må ikke være negativ")
    mode = sub.number("mode", minimum=0.0) if kind == "triangular" else (low + high) / 2.0
    if not low <= mode <= high:
        sub.fail(None, "Intervallet skal opfylde lav ≤ typisk ≤ høj")
    elif kind == "lognormal" and low <= 0.0:
        sub.fail("low", "En log-normal fordeling kræver en positiv nedre grænse")
    return UncertainValue(kind, low, mode, high)


def _arrivals(reader: FieldReader | None, top: FieldReader, start: dt.date) -> ArrivalSpec:
    if reader is None:
        top.fail("arrivals", "Tilgangen (arrivals) mangler")
        return ArrivalSpec(streams=())
    reader.check_keys(("unit", "conversion", "streams", "age_share_trend", "notes"))
    unit = reader.text("unit", "year")
    if unit not in RATE_UNITS:
        reader.fail("unit", f"Ukendt enhed {unit!r} (brug {', '.join(RATE_UNITS)})")
    streams = []
    for i, item in enumerate(reader.list_of("streams")):
        sub = FieldReader(item, reader.where(f"streams[{i}]"), reader.errors)
        sub.check_keys(("age_group", "source", "rate", "trend"))
        group = sub.text("age_group")
        if group and group not in AGE_GROUPS:
            sub.fail("age_group", f"Ukendt aldersgruppe {group!r} (brug {', '.join(AGE_GROUPS)})")
        trend = sub.child("trend")
        multiplier, trend_end = 1.0, None
        if trend is not None:
            trend.check_keys(("multiplier_end", "end"))
            multiplier = trend.number("multiplier_end", minimum=0.0, message="Må ikke være negativ")
            trend_end = trend.date("end")
            if trend_end <= start:
                trend.fail("end", "Slutdatoen skal ligge efter startdatoen")
        streams.append(ArrivalStream(group, sub.text("source", ""), uncertain_from(sub, "rate"),
                                     multiplier, trend_end))
    share_trend = None
    trend_reader = reader.child("age_share_trend")
    if trend_reader is not None:
        trend_reader.check_keys(("age_group", "share_end", "end"))
        group = trend_reader.text("age_group")
        if group not in AGE_GROUPS:
            trend_reader.fail("age_group", f"Ukendt aldersgruppe {group!r}")
        share_trend = AgeShareTrend(group, trend_reader.share("share_end"), trend_reader.date("end"))
        if share_trend.end <= start:
            trend_reader.fail("end", "Slutdatoen skal ligge efter startdatoen")
    return ArrivalSpec(tuple(streams), unit, uncertain_from(reader, "conversion", 1.0), share_trend)


def _routing(top: FieldReader, names: tuple[str, ...]) -> tuple[tuple[float, ...], ...]:
    reader = top.child("routing")
    matrix = [[0.0] * len(names) for _ in AGE_GROUPS]
    if reader is None:
        top.fail("routing", "Fordelingen (routing) mangler")
        return tuple(tuple(row) for row in matrix)
    reader.check_keys(AGE_GROUPS)
    for a, group in enumerate(AGE_GROUPS):
        row = reader.child(group)
        if row is None:
            continue
        for name in row.data:
            if name not in names:
                row.fail(name, f"Ukendt tilbud i fordelingen: {name}")
                continue
            matrix[a][names.index(name)] = row.share(name)
        total = sum(matrix[a])
        if total > 1.0 + 1e-9:
            reader.fail(group, f"Fordelingen for aldersgruppen {group} summerer til mere end 1 ({total:.3f})")
    return tuple(tuple(row) for row in matrix)


def _offers(top: FieldReader) -> tuple[Offer, ...]:
    items = top.list_of("offers")
    if not items:
        top.fail("offers", "Scenariet skal have mindst ét tilbud")
    offers: list[Offer] = []
    readers: list[FieldReader] = []
    for i, item in enumerate(items):
        name = item.get("name") if isinstance(item, dict) else None
        reader = FieldReader(item, f"offers[{name or i}]", top.errors)
        offer = _offer(reader)
        if any(existing.name == offer.name for existing in offers):
            reader.fail("name", f"Tilbuddet {offer.name} findes to gange")
        offers.append(offer)
        readers.append(reader)
    names = {offer.name for offer in offers}
    for offer, reader in zip(offers, readers, strict=True):
        target = offer.returns.klippekort_offer
        if target is not None and target not in names:
            reader.fail("klippekort.return_offer", f"Ukendt tilbud: {target}")
    return tuple(offers)


def _offer(reader: FieldReader) -> Offer:
    reader.check_keys(_OFFER_KEYS)
    capacity = _capacity(reader.child("capacity"), reader)
    changes = []
    for i, item in enumerate(reader.list_of("capacity_changes")):
        sub = FieldReader(item, reader.where(f"capacity_changes[{i}]"), reader.errors)
        sub.check_keys(("from", *CAPACITY_FIELDS))
        when = sub.date("from")
        values = tuple((key, sub.capacity(key)) for key in CAPACITY_FIELDS if sub.has(key))
        changes.append(CapacityChange(when, values))
    price = Price()
    price_reader = reader.child("price")
    if price_reader is not None:
        price_reader.check_keys(("per_place_day", "per_hour"))
        price = Price(price_reader.number("per_place_day", 0.0, minimum=0.0),
                      price_reader.number("per_hour", 0.0, minimum=0.0))
    return Offer(
        name=reader.text("name"),
        description=reader.text("description", ""),
        capacity=capacity,
        changes=tuple(changes),
        duration=duration_from(reader.child("duration")) if reader.has("duration") else _missing_duration(reader),
        price=price,
        returns=_returns(reader),
        priority_share=reader.share("priority_share", 0.0),
        initial=_initial(reader.child("initial")),
    )


def _missing_duration(reader: FieldReader) -> DurationDistribution:
    reader.fail("duration", "Forløbsvarigheden (duration) mangler")
    return DurationDistribution("fixed", 1.0)


def _capacity(reader: FieldReader | None, offer: FieldReader) -> CapacitySpec:
    if reader is None:
        offer.fail("capacity", "Kapaciteten mangler")
        return CapacitySpec("places")
    reader.check_keys(("kind", *CAPACITY_FIELDS, "seats", "quota"))
    kind = reader.text("kind", "places")
    if kind not in CAPACITY_KINDS:
        reader.fail("kind", f"Ukendt kapacitetstype {kind!r} (brug {', '.join(CAPACITY_KINDS)})")
    places_key = {"seats": "seats", "quota": "quota"}.get(kind, "places")
    spec = CapacitySpec(
        kind=kind,
        fte=reader.capacity("fte"),
        hours_per_week=reader.capacity("hours_per_week", 37.0),
        direct_share=reader.share("direct_share", 1.0),
        hours_per_citizen_week=reader.capacity("hours_per_citizen_week", 0.0),
        group_share=reader.share("group_share", 0.0),
        group_hours_per_citizen_week=reader.capacity("group_hours_per_citizen_week", 0.0),
        places=reader.capacity(places_key, 0.0),
        salary_per_fte_year=reader.number("salary_per_fte_year", 0.0, minimum=0.0),
        fixed_cost_per_year=reader.number("fixed_cost_per_year", 0.0, minimum=0.0),
    )
    if kind == "staff" and spec.hours_per_citizen_week <= 0.0:
        reader.fail("hours_per_citizen_week", "Timer pr. borger pr. uge skal være større end 0")
    return spec


def _returns(reader: FieldReader) -> ReturnSpec:
    klippekort = reader.child("klippekort")
    returns = reader.child("returns")
    spec = ReturnSpec()
    if klippekort is not None:
        klippekort.check_keys(("share", "return_share", "delay", "return_offer"))
        spec = ReturnSpec(klippekort.share("share"), klippekort.share("return_share"),
                          duration_from(klippekort.child("delay")) if klippekort.has("delay") else None,
                          klippekort_offer=klippekort.text("return_offer") if klippekort.has("return_offer")
                          else None)
        if spec.klippekort_share * spec.klippekort_return_share > 0 and spec.klippekort_delay is None:
            klippekort.fail("delay", "Ventetiden til genhenvendelse (delay) mangler")
    if returns is not None:
        returns.check_keys(("share", "delay"))
        delay = duration_from(returns.child("delay")) if returns.has("delay") else None
        spec = ReturnSpec(spec.klippekort_share, spec.klippekort_return_share, spec.klippekort_delay,
                          returns.share("share"), delay, spec.klippekort_offer)
        if spec.return_share > 0 and delay is None:
            returns.fail("delay", "Ventetiden til genhenvendelse (delay) mangler")
    return spec


def _initial(reader: FieldReader | None) -> InitialOfferState:
    if reader is None:
        return InitialOfferState()
    reader.check_keys(("in_support", "remaining", "waiting_days", "priority_waiting_days"))
    in_support = reader.integer("in_support", 0, minimum=0, message="Antal i forløb kan ikke være negativt")
    remaining_raw = reader.raw("remaining", "residual")
    remaining, remaining_days = "residual", ()
    if isinstance(remaining_raw, list):
        remaining = "given"
        remaining_days = tuple(float(v) for v in remaining_raw if isinstance(v, int | float))
        if len(remaining_days) != len(remaining_raw) or any(v < 0 for v in remaining_days):
            reader.fail("remaining", "Restvarighederne skal være ikke-negative tal")
        elif len(remaining_days) != in_support:
            reader.fail("remaining", f"Antallet af restvarigheder ({len(remaining_days)}) passer ikke "
                                     f"med antal i forløb ({in_support})")
    elif remaining_raw in ("residual", "fresh"):
        remaining = remaining_raw
    else:
        reader.fail("remaining", "Skal være 'residual', 'fresh' eller en liste af restvarigheder i dage")
    return InitialOfferState(in_support, remaining, remaining_days,
                             (_waiting(reader, "priority_waiting_days"), _waiting(reader, "waiting_days")))


def _waiting(reader: FieldReader, key: str) -> tuple[int, ...]:
    values = reader.list_of(key)
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values):
        reader.fail(key, "Ventedage skal være hele, ikke-negative tal")
        return ()
    return tuple(values)


def _budget(reader: FieldReader | None) -> Budget:
    if reader is None:
        return Budget()
    reader.check_keys(("annual", "per_year", "additions", "notes"))
    return Budget(_year_amounts(reader, "per_year"), reader.number("annual", 0.0, minimum=0.0),
                  _year_amounts(reader, "additions"))


def _year_amounts(reader: FieldReader, key: str) -> tuple[tuple[int, float], ...]:
    sub = reader.child(key)
    if sub is None:
        return ()
    amounts = []
    for year in sub.data:
        if not (str(year).isascii() and str(year).isdigit() and len(str(year)) == 4):
            sub.fail(str(year), "Året skal skrives som et tal, fx \"2017\"")
            continue
        amounts.append((int(year), sub.number(str(year))))
    return tuple(sorted(amounts))

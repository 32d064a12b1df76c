"""Scenario dicts on the Django side: the shipped examples, the catalogue mapping, shifting dates,
and validation through the engine with Danish messages a manager can read.

A stored scenario is the engine's dict (see ``engine/__init__.py``) with ``extends`` resolved, plus one
key the engine does not know: ``catalogue_name`` on each offer, the exact name of the municipality's
offer in the catalogue that the engine offer stands for. The mapping is explicit, never guessed:
the shipped scenarios get theirs from :data:`DEFAULT_CATALOGUE`, and a manager can change it.
"""

import copy
import datetime
import re
from typing import Any

from tovholder.records import int_or_none

from .engine import SHIPPED_DIR, Scenario, ScenarioError, scenario_from_dict, shipped_scenario_names
from .engine.scenario_io import directory_resolver, resolve_extends

CATALOGUE_KEY = "catalogue_name"

# Engine offer (shipped scenarios) -> the demo catalogue's offer name. An engine offer missing here
# has no catalogue offer (e.g. "SKP klippekort": klippekort use is not a grant of its own).
DEFAULT_CATALOGUE: dict[str, str] = {
    "SKP": "SKP – støtte-kontaktperson-ordning",
    "SKP kompetenceteam": "SKP kompetenceteam",
    "Ungeindsats mentor": "Ballerup Ungeindsats – mentorforløb",
    "ASF": "ASF-tilbud (autismespektrum)",
    "Skolehaven": "Opgangsfællesskabet Skolehaven",
    "Flex Bostøtte": "Flex Bostøtte",
    "Rehabiliterende bofællesskab": "Rehabiliterende bo- og akutpladser",
    "Støberiet": "Støberiet – aktivitets- og værested",
    "Gruppeforløb": "Gruppeforløb",
}

# Danish titles of the shipped examples (the files' names are the engine's identifiers).
SHIPPED_TITLES: dict[str, str] = {
    "baseline_2016": "Grundscenarie 2016",
    "budget_agreement_2017_19": "Budgetaftalen 2017–19",
    "skp_group_30pct": "30 % af SKP-støtten som gruppestøtte",
    "klippekort_every_skp": "Klippekort efter hvert SKP-forløb",
    "young_inflow_30pct": "De unges andel af tilgangen stiger fra 16 % til 30 %",
}


def shipped_title(name: str) -> str:
    """The Danish title of a shipped example (a file added without a title: its name in words)."""
    return SHIPPED_TITLES.get(name, name.replace("_", " ")) if name else ""


def shipped_choices() -> list[tuple[str, str]]:
    """(file name, Danish title) of every shipped example."""
    return [(name, SHIPPED_TITLES.get(name, name)) for name in shipped_scenario_names()]


def shipped_dict(name: str) -> dict[str, Any]:
    """A shipped scenario as one resolved dict, with the default catalogue mapping filled in."""
    if name not in shipped_scenario_names():
        raise ScenarioError([f"Ukendt scenarie: {name}"])
    data = directory_resolver(SHIPPED_DIR)(name)
    return with_default_catalogue(resolve_extends(data, directory_resolver(SHIPPED_DIR)))


def resolved(data: dict[str, Any]) -> dict[str, Any]:
    """The dict with ``extends`` (a shipped base) merged in."""
    if isinstance(data, dict) and data.get("extends"):
        return resolve_extends(data, directory_resolver(SHIPPED_DIR))
    return data


def with_default_catalogue(data: dict[str, Any]) -> dict[str, Any]:
    """Fill ``catalogue_name`` from :data:`DEFAULT_CATALOGUE` where an offer has none."""
    data = copy.deepcopy(data)
    for offer in data.get("offers") or []:
        if isinstance(offer, dict) and CATALOGUE_KEY not in offer and offer.get("name") in DEFAULT_CATALOGUE:
            offer[CATALOGUE_KEY] = DEFAULT_CATALOGUE[offer["name"]]
    return data


def catalogue_mapping(data: dict[str, Any]) -> dict[str, str]:
    """Engine offer name -> catalogue offer name, for the offers that are mapped."""
    return {o["name"]: o[CATALOGUE_KEY] for o in data.get("offers") or []
            if isinstance(o, dict) and o.get(CATALOGUE_KEY) and isinstance(o.get("name"), str)}


def engine_dict(data: dict[str, Any]) -> dict[str, Any]:
    """The dict the engine reads: everything but the catalogue mapping."""
    data = copy.deepcopy(data)
    for offer in data.get("offers") or []:
        if isinstance(offer, dict):
            offer.pop(CATALOGUE_KEY, None)
    return data


def validate(data: Any) -> Scenario:
    """Build the engine scenario, or raise ScenarioError with messages a manager can read."""
    errors = []
    if not isinstance(data, dict):
        raise ScenarioError(["Scenariet skal være et JSON-objekt med navngivne felter."])
    for i, offer in enumerate(data.get("offers") or []):
        if isinstance(offer, dict) and CATALOGUE_KEY in offer and not isinstance(offer[CATALOGUE_KEY], str):
            errors.append(f"offers[{offer.get('name', i)}].{CATALOGUE_KEY}: Skal være et tilbuds navn (tekst)")
    scenario = None
    try:
        full = resolved(data)
        scenario = scenario_from_dict(engine_dict(full))
    except ScenarioError as exc:
        errors.extend(exc.errors)
    else:
        errors.extend(_changes_before_start(full))
    if scenario is None and not data.get("extends"):
        errors.extend(_changes_before_start(data))
    if errors:
        raise ScenarioError([readable(e) for e in errors])
    return scenario


def _changes_before_start(data: dict[str, Any]) -> list[str]:
    """Dated capacity changes before the scenario starts are mistakes (the engine would apply them at once)."""
    start = _parse(data.get("start_date"))
    found = []
    for offer in data.get("offers") or [] if start else []:
        changes = offer.get("capacity_changes") if isinstance(offer, dict) else None
        for change in changes if isinstance(changes, list) else []:
            when = _parse(change.get("from")) if isinstance(change, dict) else None
            if when is not None and when < start:
                found.append(f"offers[{offer.get('name')}].capacity_changes: Ændringen den {_da(when)} ligger "
                             f"før scenariets startdato {_da(start)}")
    return found


def _parse(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


# -- messages ---------------------------------------------------------------------------------
_WORDS = {
    "capacity": "kapacitet", "capacity_changes": "kapacitetsændring", "fte": "årsværk",
    "hours_per_week": "timer pr. uge", "direct_share": "andel direkte tid",
    "hours_per_citizen_week": "timer pr. borger pr. uge", "group_share": "andel gruppestøtte",
    "group_hours_per_citizen_week": "gruppetimer pr. borger pr. uge", "places": "pladser", "seats": "pladser",
    "quota": "kvote", "from": "fra", "duration": "varighed", "price": "takst", "klippekort": "klippekort",
    "share": "andel", "return_share": "andel der vender tilbage", "delay": "tid til genhenvendelse",
    "returns": "genhenvendelser", "initial": "starttilstand", "in_support": "antal i forløb",
    "waiting_days": "ventedage", "priority_waiting_days": "ventedage (haster)", "arrivals": "tilgang",
    "streams": "tilgangsstrøm", "rate": "rate", "low": "lav", "mode": "typisk", "high": "høj",
    "trend": "udvikling", "end": "slutdato", "share_end": "andel ved slut", "age_share_trend": "aldersandel",
    "conversion": "konverteringsrate", "routing": "fordeling", "budget": "budget", "annual": "årligt",
    "additions": "tillæg", "per_year": "pr. år", "start_date": "startdato", "horizon_years": "horisont (år)",
    "horizon_days": "horisont (dage)", "replications": "replikationer", "seed": "seed", "name": "navn",
    "offers": "tilbud", "salary_per_fte_year": "løn pr. årsværk", "fixed_cost_per_year": "faste udgifter pr. år",
    "kind": "type", "dist": "fordeling", "mean": "middelværdi", "sd": "spredning", "days": "dage",
    "per_place_day": "pr. plads pr. dag", "per_hour": "pr. time", "return_offer": "tilbud ved tilbagevenden",
    "chunk_size": "blokstørrelse", "wait_threshold_days": "grænse for lang ventetid (dage)",
    CATALOGUE_KEY: "tilbud i kataloget", "values": "værdier", "remaining": "restvarighed",
}
_PART = re.compile(r"^([A-Za-z_]+)(?:\[(.*)\])?$")


def readable(message: str) -> str:
    """Turn ``offers[SKP].capacity.fte: Kapaciteten …`` into ``Tilbuddet SKP › kapacitet › årsværk: …``."""
    path, sep, text = message.partition(": ")
    if not sep:
        return message
    parts = []
    for piece in _split_path(path):
        match = _PART.match(piece)
        if not match:
            return message
        word, index = match.groups()
        if word == "offers" and index is not None:
            parts.append(f"Tilbuddet {index}")
        elif index is not None and index.isascii() and index.isdigit():
            parts.append(f"{_WORDS.get(word, word)} nr. {int(index) + 1}")
        elif index is not None:
            parts.append(f"{_WORDS.get(word, word)} {index}")
        else:
            parts.append(_WORDS.get(word, word))
    if not parts:
        return message
    parts[0] = parts[0][:1].upper() + parts[0][1:]
    return f"{' › '.join(parts)}: {text}"


def _split_path(path: str) -> list[str]:
    """Split on dots outside brackets (offer names may contain dots)."""
    pieces, depth, current = [], 0, ""
    for char in path:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        if char == "." and depth == 0:
            pieces.append(current)
            current = ""
        else:
            current += char
    pieces.append(current)
    return [p for p in pieces if p]


# -- moving a scenario in time ----------------------------------------------------------------
def _shift_date(value: Any, years: int) -> Any:
    if not isinstance(value, str):
        return value
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return value  # left for validation to report
    try:
        return day.replace(year=day.year + years).isoformat()
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28).isoformat()


def shift_years(data: dict[str, Any], years: int) -> dict[str, Any]:
    """Move every date of a (resolved) scenario by whole years, budget years included."""
    data = copy.deepcopy(data)
    if not years:
        return data
    data["start_date"] = _shift_date(data.get("start_date"), years)
    for offer in data.get("offers") or []:
        for change in (offer.get("capacity_changes") or []) if isinstance(offer, dict) else []:
            if isinstance(change, dict) and "from" in change:
                change["from"] = _shift_date(change["from"], years)
    arrivals = data.get("arrivals") if isinstance(data.get("arrivals"), dict) else {}
    for stream in arrivals.get("streams") or []:
        trend = stream.get("trend") if isinstance(stream, dict) else None
        if isinstance(trend, dict) and "end" in trend:
            trend["end"] = _shift_date(trend["end"], years)
    if isinstance(arrivals.get("age_share_trend"), dict):
        arrivals["age_share_trend"]["end"] = _shift_date(arrivals["age_share_trend"].get("end"), years)
    budget = data.get("budget") if isinstance(data.get("budget"), dict) else {}
    for key in ("per_year", "additions"):
        if isinstance(budget.get(key), dict):
            budget[key] = {(str(int(y) + years) if int_or_none(y) is not None else y): v
                           for y, v in budget[key].items()}
    return data


def start_year(data: dict[str, Any]) -> int | None:
    try:
        return datetime.date.fromisoformat(str(data.get("start_date"))).year
    except ValueError:
        return None


def _da(day: datetime.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"

"""Instrument definitions as data: the JSON format, its validation (Danish messages) and the parsed form.

A definition names its areas, its scale (range, labels per step, optional phases such as a ladder of
change), anchors per step, and its scoring rules. The same format is used for the instruments the
project ships (`outcomes/data/*.json`) and for those a municipality imports and exports.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from tovholder.offers import ffb
from tovholder.records import load_json as parse_json

FORMAT = "tovholder-instrument/1"
MAX_FILE_BYTES = 512 * 1024
KEY = re.compile(r"^[a-z0-9][a-z0-9-]{1,49}$")
AREA_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class AreasFrom:
    DEFINITION = "definition"  # the areas are listed in the definition
    FFB_CONDITIONS = "ffb_conditions"  # FFB conditions; each measurement answers those chosen for the citizen
    GOALS = "goals"  # the citizen's goals (from the plan); one answer per goal

    ALL = (DEFINITION, FFB_CONDITIONS, GOALS)


class Method:
    NONE = "none"  # a profile per area, no total
    SUM = "sum"  # the sum of the answers × multiply
    MEAN = "mean"  # the mean of the answered areas

    ALL = (NONE, SUM, MEAN)


@dataclass(frozen=True)
class Phase:
    low: int
    high: int
    label: str


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    group: str = ""
    description: str = ""
    anchors: dict[int, str] = field(default_factory=dict)
    ffb_code: str = ""


@dataclass(frozen=True)
class Flag:
    at_most: float
    label: str
    advice: str = ""


@dataclass(frozen=True)
class Scoring:
    method: str = Method.NONE
    multiply: float = 1.0
    all_required: bool = False
    total_label: str = ""
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Spec:
    key: str
    name: str
    description: str
    attribution: str
    licence: str
    question: str
    areas_from: str
    scale_min: int
    scale_max: int
    higher_is_better: bool
    labels: dict[int, str]
    phases: tuple[Phase, ...]
    areas: tuple[Area, ...]
    scoring: Scoring

    @property
    def values(self) -> range:
        return range(self.scale_min, self.scale_max + 1)

    def area(self, key: str) -> Area | None:
        return self._areas_by_key().get(key)

    def _areas_by_key(self) -> dict[str, Area]:
        return {a.key: a for a in self.areas}

    def phase_of(self, value: int) -> str:
        return next((p.label for p in self.phases if p.low <= value <= p.high), "")

    def step_label(self, value: int, area: Area | None = None) -> str:
        if area is not None and value in area.anchors:
            return area.anchors[value]
        return self.labels.get(value, "")

    @property
    def direction(self) -> int:
        """+1 when a higher answer is better, −1 when lower is better (FFB's functional level)."""
        return 1 if self.higher_is_better else -1

    def total(self, answers: dict[str, int]) -> float | None:
        """The instrument's score for one measurement, by its scoring rule; None when it has none."""
        method = self.scoring.method
        if method == Method.NONE or not answers:
            return None
        if self.scoring.all_required and self.areas_from == AreasFrom.DEFINITION and len(answers) < len(self.areas):
            return None
        values = list(answers.values())
        if method == Method.SUM:
            return sum(values) * self.scoring.multiply
        return sum(values) / len(values)

    def flags_for(self, total: float | None) -> list[Flag]:
        if total is None:
            return []
        return [f for f in sorted(self.scoring.flags, key=lambda f: f.at_most) if total <= f.at_most]


class _Reader:
    """Reads one definition and collects every problem, each with its place in the file."""

    def __init__(self, data):
        self.errors: list[str] = []
        self.data = data

    def fail(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}" if where else message)

    def get(self, obj, name: str, where: str, kind, *, required=True, default=None):
        if not isinstance(obj, dict):
            self.fail(where, "skal være et objekt ({…}).")
            return default
        if name not in obj:
            if required:
                self.fail(where, f"feltet '{name}' mangler.")
            return default
        value = obj[name]
        place = f"{where}.{name}" if where else name
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            self.fail(place, "skal være et helt tal.")
            return default
        if kind is float and (isinstance(value, bool) or not isinstance(value, int | float)):
            self.fail(place, "skal være et tal.")
            return default
        if kind is bool and not isinstance(value, bool):
            self.fail(place, "skal være true eller false.")
            return default
        if kind is list and not isinstance(value, list):
            self.fail(place, "skal være en liste ([…]).")
            return default
        if kind is dict and not isinstance(value, dict):
            self.fail(place, "skal være et objekt ({…}).")
            return default
        if kind is str:
            return self.text(value, place, required=required)
        return value

    def text(self, value, where: str, *, required=True, limit=2000) -> str:
        if not isinstance(value, str):
            self.fail(where, "skal være en tekst.")
            return ""
        value = value.strip()
        if required and not value:
            self.fail(where, "må ikke være tom.")
        if "<" in value or ">" in value:
            self.fail(where, "må ikke indeholde HTML (tegnene < og >).")
        if len(value) > limit:
            self.fail(where, f"må højst være {limit} tegn.")
        return value

    def steps(self, obj, where: str, low: int, high: int) -> dict[int, str]:
        """A map from scale value (as a JSON key) to a text; every value must lie on the scale."""
        result: dict[int, str] = {}
        if not isinstance(obj, dict):
            self.fail(where, "skal være et objekt med trin som nøgler.")
            return result
        for raw, text in obj.items():
            try:
                value = int(raw)
            except (TypeError, ValueError):
                self.fail(where, f"'{raw}' er ikke et trin på skalaen.")
                continue
            if not low <= value <= high:
                self.fail(where, f"trinnet {value} ligger uden for skalaen {low}–{high}.")
                continue
            result[value] = self.text(text, f"{where}.{raw}", limit=300)
        return result


def parse(data) -> Spec:
    """Validate a definition (a dict from JSON) and return it parsed; ValidationError lists every problem."""
    r = _Reader(data)
    if not isinstance(data, dict):
        raise ValidationError("Filen skal indeholde ét måleredskab som et JSON-objekt ({…}).")
    if data.get("format") != FORMAT:
        r.fail("format", f"skal være \"{FORMAT}\".")
    key = r.get(data, "key", "", str)
    if key and not KEY.match(key):
        r.fail("key", "skal være 2–50 små bogstaver, tal eller bindestreger (fx \"who5\").")
    name = r.get(data, "name", "", str)
    description = r.get(data, "description", "", str, required=False, default="")
    attribution = r.get(data, "attribution", "", str, required=False, default="")
    licence = r.get(data, "licence", "", str, required=False, default="")
    question = r.get(data, "question", "", str, required=False, default="")
    areas_from = r.get(data, "areas_from", "", str, required=False, default=AreasFrom.DEFINITION)
    if areas_from and areas_from not in AreasFrom.ALL:
        r.fail("areas_from", f"skal være en af: {', '.join(AreasFrom.ALL)}.")

    scale = r.get(data, "scale", "", dict, default={}) or {}
    low = r.get(scale, "min", "scale", int, default=0)
    high = r.get(scale, "max", "scale", int, default=0)
    higher_is_better = r.get(scale, "higher_is_better", "scale", bool, required=False, default=True)
    if low is not None and high is not None and not (high > low and high - low <= 20 and -10 <= low <= 100):
        r.fail("scale", "skal gå fra et mindste til et største trin med højst 21 trin (fx 0–5 eller 1–10).")
        low, high = 0, 0
    labels = r.steps(scale.get("labels", {}), "scale.labels", low, high)
    phases: list[Phase] = []
    for i, raw in enumerate(r.get(scale, "phases", "scale", list, required=False, default=[]) or []):
        where = f"scale.phases[{i}]"
        p_low = r.get(raw, "from", where, int)
        p_high = r.get(raw, "to", where, int)
        label = r.get(raw, "label", where, str)
        if p_low is None or p_high is None:
            continue
        if not (low <= p_low <= p_high <= high):
            r.fail(where, f"skal ligge inden for skalaen {low}–{high} med 'from' ≤ 'to'.")
        elif any(p.low <= p_high and p_low <= p.high for p in phases):
            r.fail(where, "overlapper en anden fase.")
        else:
            phases.append(Phase(p_low, p_high, label))

    areas: list[Area] = []
    raw_areas = r.get(data, "areas", "", list, required=areas_from != AreasFrom.GOALS, default=[]) or []
    if areas_from == AreasFrom.GOALS and raw_areas:
        r.fail("areas", "skal være tom, når områderne er borgerens mål.")
    elif areas_from != AreasFrom.GOALS and not raw_areas:
        r.fail("areas", "skal indeholde mindst ét område.")
    if len(raw_areas) > 200:
        r.fail("areas", "højst 200 områder.")
        raw_areas = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_areas):
        where = f"areas[{i}]"
        a_key = r.get(raw, "key", where, str)
        if a_key and not AREA_KEY.match(a_key):
            r.fail(f"{where}.key", "skal være små bogstaver, tal, - eller _ (højst 64 tegn).")
        if a_key in seen:
            r.fail(f"{where}.key", f"'{a_key}' findes allerede.")
        seen.add(a_key)
        ffb_code = r.get(raw, "ffb_code", where, str, required=False, default="")
        if ffb_code and not ffb.is_code_in(ffb_code, "FFB tilstande"):
            r.fail(f"{where}.ffb_code", "er ikke en FFB-tilstand.")
        if areas_from == AreasFrom.FFB_CONDITIONS and a_key != ffb_code:
            r.fail(where, "skal have en FFB-tilstand som både 'key' og 'ffb_code'.")
        areas.append(Area(
            key=a_key,
            label=r.get(raw, "label", where, str),
            group=r.get(raw, "group", where, str, required=False, default=""),
            description=r.get(raw, "description", where, str, required=False, default=""),
            anchors=r.steps(raw.get("anchors", {}) if isinstance(raw, dict) else {}, f"{where}.anchors", low, high),
            ffb_code=ffb_code,
        ))

    raw_scoring = r.get(data, "scoring", "", dict, required=False, default={}) or {}
    method = r.get(raw_scoring, "method", "scoring", str, required=False, default=Method.NONE)
    if method not in Method.ALL:
        r.fail("scoring.method", f"skal være en af: {', '.join(Method.ALL)}.")
    multiply = r.get(raw_scoring, "multiply", "scoring", float, required=False, default=1.0)
    if multiply is not None and not 0 < multiply <= 100:
        r.fail("scoring.multiply", "skal være større end 0 og højst 100.")
    flags = []
    for i, raw in enumerate(r.get(raw_scoring, "flags", "scoring", list, required=False, default=[]) or []):
        where = f"scoring.flags[{i}]"
        flags.append(Flag(r.get(raw, "at_most", where, float, default=0),
                          r.get(raw, "label", where, str),
                          r.get(raw, "advice", where, str, required=False, default="")))
    scoring = Scoring(
        method=method,
        multiply=float(multiply or 1),
        all_required=r.get(raw_scoring, "all_required", "scoring", bool, required=False, default=False),
        total_label=r.get(raw_scoring, "total_label", "scoring", str, required=False, default=""),
        flags=tuple(flags),
    )
    if r.errors:
        raise ValidationError([f"Måleredskabet kan ikke bruges – {e}" for e in r.errors])
    return Spec(key=key, name=name, description=description, attribution=attribution, licence=licence,
                question=question, areas_from=areas_from, scale_min=low, scale_max=high,
                higher_is_better=higher_is_better, labels=labels, phases=tuple(phases), areas=tuple(areas),
                scoring=scoring)


def load_json(raw: bytes | str) -> dict:
    """Parse an uploaded file: size, encoding and JSON syntax, with Danish messages."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_FILE_BYTES:
            raise ValidationError(f"Filen er for stor (højst {MAX_FILE_BYTES // 1024} kB).")
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("Filen skal være tekst i UTF-8.") from None
    return parse_json(raw, what="Filen", syntax="Filen er ikke gyldig JSON (linje {line}, kolonne {col}).")

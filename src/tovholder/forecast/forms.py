"""Forms for scenarios, calibration, runs and comparisons. The scenario form shows the important knobs
of a scenario dict and writes them back into a copy of it; everything else is kept as it was."""

import copy
import datetime
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils import timezone

from tovholder.layout import formats
from tovholder.records import load_json

from .scenarios import CATALOGUE_KEY, shift_years, shipped_choices, start_year

MAX_JSON = 200_000
AGE_LABELS = {"18-29": "18–29 år", "30-64": "30–64 år", "65+": "65 år og derover"}
KIND_LABELS = {"seats": "Pladser pr. hold", "places": "Pladser", "quota": "Kvote (pladser)"}


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def _da(day: datetime.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def _number(label: str, *, required: bool = True, minimum: float | None = 0, maximum: float | None = None,
            help_text: str = "", what: str = "Værdien") -> forms.FloatField:
    messages = {"invalid": "Skriv et tal, fx 2,5.",
                "required": "Udfyld feltet."}
    if minimum is not None:
        messages["min_value"] = f"{what} kan ikke være mindre end {minimum:g}."
    if maximum is not None:
        messages["max_value"] = f"{what} kan ikke være større end {maximum:g}."
    return forms.FloatField(label=label, required=required, min_value=minimum, max_value=maximum,
                            help_text=help_text, error_messages=messages, localize=True,
                            widget=forms.TextInput(attrs={"inputmode": "decimal"}))


@dataclass
class Group:
    """A fieldset of the scenario form."""

    legend: str
    names: list[str] = field(default_factory=list)
    note: str = ""


class ScenarioForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label="Navn", max_length=120)
    description = forms.CharField(label="Beskrivelse", max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    start_year = forms.IntegerField(label="Startår", min_value=2000, max_value=2100,
                                    help_text="Alle datoer i scenariet flyttes med, også budgetårene.",
                                    error_messages={"min_value": "Startåret skal ligge mellem 2000 og 2100.",
                                                    "max_value": "Startåret skal ligge mellem 2000 og 2100."})
    horizon_years = forms.IntegerField(label="Horisont (år)", min_value=1, max_value=10,
                                       error_messages={"min_value": "Horisonten skal være mellem 1 og 10 år.",
                                                       "max_value": "Horisonten skal være mellem 1 og 10 år."})
    replications = forms.IntegerField(label="Replikationer", min_value=1, max_value=5000,
                                      help_text="Antal gennemløb; flere giver mere præcise bånd (fx 1000).",
                                      error_messages={"min_value": "Mindst 1 replikation.",
                                                      "max_value": "Højst 5000 replikationer her."})
    seed = forms.IntegerField(label="Seed", min_value=0, max_value=2**31 - 1,
                              help_text="Samme seed giver samme resultat; brug samme seed for at sammenligne.",
                              error_messages={"min_value": "Seed skal være et ikke-negativt heltal."})
    young_share_end = _number("De unges (18–29 år) andel af tilgangen ved slutdatoen (%)", required=False,
                              maximum=100, what="Andelen",
                              help_text="Tom: ingen ændring af aldersfordelingen.")
    young_share_end_on = forms.DateField(label="Andelen nås den", required=False,
                                         widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, data_dict: dict[str, Any], scenario_name: str, description: str, version: int,
                 catalogue_names: list[str], **kwargs):
        self.scenario_dict = data_dict
        self.catalogue_names = catalogue_names
        trend = ((data_dict.get("arrivals") or {}).get("age_share_trend") or {})
        initial = {
            "version": version, "name": scenario_name, "description": description,
            "start_year": start_year(data_dict), "horizon_years": data_dict.get("horizon_years", 5),
            "replications": data_dict.get("replications", 1000), "seed": data_dict.get("seed", 0),
            "young_share_end": round(100 * trend["share_end"], 1) if trend.get("age_group") == "18-29" else None,
            "young_share_end_on": _date(trend.get("end")) if trend.get("age_group") == "18-29" else None,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.groups = [Group("Scenariet", ["name", "description", "start_year", "horizon_years", "replications",
                                           "seed"]),
                       Group("Tilgang", ["young_share_end", "young_share_end_on"],
                             "Tilgang pr. " + {"year": "år", "month": "måned", "week": "uge", "day": "dag"}.get(
                                 (data_dict.get("arrivals") or {}).get("unit", "year"), "år")
                             + ", før konverteringsraten. Et interval (lav, typisk, høj) giver usikkerheden.")]
        self._add_streams()
        self._add_offers()

    # -- dynamic fields ---------------------------------------------------------------------------------
    def _add_streams(self) -> None:
        for i, stream in enumerate((self.scenario_dict.get("arrivals") or {}).get("streams") or []):
            rate = stream.get("rate")
            where = f"{AGE_LABELS.get(stream.get('age_group'), stream.get('age_group'))}, {stream.get('source', '')}"
            parts = _rate_parts(rate)
            for part, value in parts.items():
                key = f"stream_{i}_{part}"
                label = {"low": "lav", "mode": "typisk", "high": "høj", "value": "værdi"}[part]
                self.fields[key] = _number(f"Tilgang {where}: {label}", what="Tilgangen")
                self.initial[key] = value
                self.groups[1].names.append(key)

    def _add_offers(self) -> None:
        choices = [("", "(ikke koblet til kataloget)")] + [(n, n) for n in self.catalogue_names]
        for j, offer in enumerate(self.scenario_dict.get("offers") or []):
            name = offer.get("name", f"nr. {j + 1}")
            capacity = offer.get("capacity") or {}
            group = Group(f"Tilbud: {name}")
            key = f"offer_{j}_catalogue"
            current = offer.get(CATALOGUE_KEY) or ""
            field_choices = choices if current in self.catalogue_names or not current else [
                *choices, (current, f"{current} (findes ikke i kataloget)")]
            self.fields[key] = forms.ChoiceField(label=f"{name}: tilbud i kataloget", choices=field_choices,
                                                 required=False,
                                                 help_text="Starttilstand og kalibrering tælles i dette tilbud.")
            self.initial[key] = current
            group.names.append(key)
            if capacity.get("kind") == "staff":
                self._field(group, f"offer_{j}_fte", _number(f"{name}: årsværk", what="Antal årsværk"),
                            capacity.get("fte", 0))
                self._field(group, f"offer_{j}_group_share",
                            _number(f"{name}: andel gruppestøtte (%)", maximum=100, what="Andelen"),
                            round(100 * float(capacity.get("group_share", 0) or 0), 1))
                unit_word, unit_key = "årsværk", "fte"
            else:
                places_key = {"seats": "seats", "quota": "quota"}.get(capacity.get("kind"), "places")
                label = KIND_LABELS.get(capacity.get("kind"), "Pladser")
                self._field(group, f"offer_{j}_places", _number(f"{name}: {label.lower()}", what="Antal pladser"),
                            capacity.get(places_key, capacity.get("places", 0)))
                unit_word, unit_key = "pladser", "places"
            klippekort = offer.get("klippekort") or {}
            self._field(group, f"offer_{j}_klippekort",
                        _number(f"{name}: andel der slutter med klippekort (%)", maximum=100, what="Andelen"),
                        round(100 * float(klippekort.get("share", 0) or 0), 1))
            changes = offer.get("capacity_changes") or []
            first = changes[0] if changes else {}
            self._field(group, f"offer_{j}_change_on",
                        forms.DateField(label=f"{name}: kapaciteten ændres fra (dato)", required=False,
                                        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")),
                        _date(first.get("from")) if first else None)
            self._field(group, f"offer_{j}_change_to",
                        _number(f"{name}: {unit_word} fra den dato", required=False, what=f"Antal {unit_word}"),
                        first.get(unit_key) if first else None)
            if len(changes) > 1:
                group.note = f"Tilbuddet har {len(changes)} kapacitetsændringer; her ses den første. De øvrige " \
                             "bevares og kan rettes i JSON."
            self.groups.append(group)

    def _field(self, group: Group, key: str, form_field: forms.Field, initial: Any) -> None:
        self.fields[key] = form_field
        self.initial[key] = initial
        group.names.append(key)

    def fieldsets(self):
        return [(g, [self[name] for name in g.names]) for g in self.groups]

    # -- checks and writing back ------------------------------------------------------------------------
    def clean(self):
        data = super().clean()
        base = _date(self.scenario_dict.get("start_date"))
        year = data.get("start_year")
        start = base.replace(year=year) if base and year and not (base.month == 2 and base.day == 29) else base
        moved = (year or 0) - (start_year(self.scenario_dict) or year or 0)
        if moved:  # dates the user left as they were move with the start year
            for key in [k for k in self.fields if k.endswith("_change_on") or k == "young_share_end_on"]:
                value = data.get(key)
                if value is not None and value == self.initial.get(key):
                    data[key] = _date(shift_years({"start_date": value.isoformat()}, moved)["start_date"])
        share, share_on = data.get("young_share_end"), data.get("young_share_end_on")
        if (share is None) != (share_on is None):
            self.add_error("young_share_end_on" if share_on is None else "young_share_end",
                           "Udfyld både andelen og datoen, eller ingen af dem.")
        elif share_on is not None and start is not None and share_on <= start:
            self.add_error("young_share_end_on", f"Datoen skal ligge efter scenariets startdato ({_da(start)}).")
        for j, _offer in enumerate(self.scenario_dict.get("offers") or []):
            when, value = data.get(f"offer_{j}_change_on"), data.get(f"offer_{j}_change_to")
            if (when is None) != (value is None):
                self.add_error(f"offer_{j}_change_on" if when is None else f"offer_{j}_change_to",
                               "Udfyld både datoen og den nye kapacitet, eller ingen af dem.")
            elif when is not None and start is not None and when < start:
                self.add_error(f"offer_{j}_change_on",
                               f"Ændringen skal ligge på eller efter scenariets startdato ({_da(start)}).")
        for i, stream in enumerate((self.scenario_dict.get("arrivals") or {}).get("streams") or []):
            low, mode, high = (data.get(f"stream_{i}_{p}") for p in ("low", "mode", "high"))
            if low is not None and high is not None and (low > high or (mode is not None and not low <= mode <= high)):
                self.add_error(f"stream_{i}_high", "Intervallet skal opfylde lav ≤ typisk ≤ høj.")
            elif (stream.get("rate") or {}).get("dist") == "lognormal" and low is not None and low <= 0:
                self.add_error(f"stream_{i}_low", "Den lave værdi skal være større end 0 for dette interval.")
        return data

    def scenario_data(self) -> dict[str, Any]:
        """A copy of the scenario dict with the form's values written in."""
        d = self.cleaned_data
        data = copy.deepcopy(self.scenario_dict)
        current = start_year(data)
        if current is not None and d["start_year"] != current:
            data = shift_years(data, d["start_year"] - current)
        data.pop("horizon_days", None)
        data["horizon_years"], data["replications"], data["seed"] = d["horizon_years"], d["replications"], d["seed"]
        arrivals = data.setdefault("arrivals", {})
        if d.get("young_share_end") is not None:
            arrivals["age_share_trend"] = {"age_group": "18-29", "share_end": round(d["young_share_end"] / 100, 4),
                                           "end": d["young_share_end_on"].isoformat()}
        elif (arrivals.get("age_share_trend") or {}).get("age_group") == "18-29":
            arrivals.pop("age_share_trend")  # emptied by the user; another group's trend is kept
        for i, stream in enumerate(arrivals.get("streams") or []):
            rate = stream.get("rate")
            parts = {p: d[f"stream_{i}_{p}"] for p in _rate_parts(rate)}
            stream["rate"] = {"dist": "fixed", "value": parts["value"]} if "value" in parts else {
                **(rate if isinstance(rate, dict) else {}), **parts}
        for j, offer in enumerate(data.get("offers") or []):
            catalogue = d.get(f"offer_{j}_catalogue") or ""
            if catalogue:
                offer[CATALOGUE_KEY] = catalogue
            else:
                offer.pop(CATALOGUE_KEY, None)
            capacity = offer.setdefault("capacity", {})
            if capacity.get("kind") == "staff":
                capacity["fte"] = d[f"offer_{j}_fte"]
                capacity["group_share"] = round(d[f"offer_{j}_group_share"] / 100, 4)
                unit_key = "fte"
            else:
                places_key = {"seats": "seats", "quota": "quota"}.get(capacity.get("kind"), "places")
                capacity[places_key] = d[f"offer_{j}_places"]
                unit_key = "places"
            share = round(d[f"offer_{j}_klippekort"] / 100, 4)
            if share or offer.get("klippekort"):
                offer["klippekort"] = {**(offer.get("klippekort") or {}), "share": share}
            changes = list(offer.get("capacity_changes") or [])
            when, value = d.get(f"offer_{j}_change_on"), d.get(f"offer_{j}_change_to")
            if when is not None:
                first = {**(changes[0] if changes else {}), "from": when.isoformat(), unit_key: value}
                changes = [first, *changes[1:]]
            elif changes:
                changes = changes[1:]
            if changes:
                offer["capacity_changes"] = changes
            else:
                offer.pop("capacity_changes", None)
        return data


def _rate_parts(rate: Any) -> dict[str, float]:
    if not isinstance(rate, dict):
        return {"value": rate if isinstance(rate, int | float) else 0}
    kind = rate.get("dist", "triangular")
    if kind == "fixed":
        return {"value": rate.get("value", 0)}
    if kind == "triangular":
        return {"low": rate.get("low", 0), "mode": rate.get("mode", 0), "high": rate.get("high", 0)}
    return {"low": rate.get("low", 0), "high": rate.get("high", 0)}


class ScenarioJsonForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    data = forms.CharField(label="Scenariet som JSON", max_length=MAX_JSON,
                           widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "code"}),
                           help_text="Felterne er beskrevet i dokumentationen af prognosemotoren. "
                                     "\"catalogue_name\" på et tilbud kobler det til kommunens katalog.")

    def clean_data(self):
        return load_json(self.cleaned_data["data"])


class CreateForm(forms.Form):
    shipped = forms.ChoiceField(label="Udgangspunkt", choices=())
    name = forms.CharField(label="Navn", max_length=120)
    start_year = forms.IntegerField(label="Startår", required=False, min_value=2000, max_value=2100,
                                    help_text="Tom: eksemplets egne år. Alle datoer flyttes med.",
                                    error_messages={"min_value": "Startåret skal ligge mellem 2000 og 2100.",
                                                    "max_value": "Startåret skal ligge mellem 2000 og 2100."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shipped"].choices = shipped_choices()


class CopyForm(forms.Form):
    name = forms.CharField(label="Navn på kopien", max_length=120)


class RunForm(forms.Form):
    from_database = forms.BooleanField(label="Start fra dagens borgere i forløb og på venteliste (fra databasen)",
                                       required=False, initial=True)


class CalibrationForm(forms.Form):
    date_from = forms.DateField(label="Fra", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label="Til og med", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    @staticmethod
    def default_initial() -> dict[str, datetime.date]:
        today = timezone.localdate()
        try:
            start = today.replace(year=today.year - 2)
        except ValueError:
            start = today.replace(year=today.year - 2, day=28)
        return {"date_from": start, "date_to": today}

    def clean(self):
        from django.core.exceptions import ValidationError

        from .services import check_period

        data = super().clean()
        if data.get("date_from") and data.get("date_to"):
            try:
                check_period(data["date_from"], data["date_to"])
            except ValidationError as exc:
                for key, errors in exc.error_dict.items():
                    self.add_error(key, errors)
        return data


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label="Kørsel A", coerce=int, choices=())
    b = forms.TypedChoiceField(label="Kørsel B", coerce=int, choices=())
    offer = forms.ChoiceField(label="Tilbud", choices=())
    metric = forms.ChoiceField(label="Mål", choices=())

    def __init__(self, *args, runs, offers, metrics, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(r.pk, f"{r.scenario_name} · nr. {r.pk} · {formats.moment(timezone.localtime(r.created_at))} "
                          f"· seed {r.seed}") for r in runs]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
        self.fields["offer"].choices = [(o, o) for o in offers]
        self.fields["metric"].choices = list(metrics.items())

    def clean(self):
        data = super().clean()
        if data.get("a") is not None and data.get("a") == data.get("b"):
            self.add_error("b", "Vælg to forskellige kørsler.")
        return data

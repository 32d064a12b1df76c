"""Instrument definitions: the shipped ones parse, WHO-5 scores as its manual says, and a bad
definition is refused with Danish messages naming the place."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError

from tovholder.outcomes import definitions
from tovholder.outcomes.shipped import shipped_files

from .conftest import who5


def _load(key: str) -> dict:
    return json.loads(next(p for p in shipped_files() if p.stem == key).read_text(encoding="utf-8"))


def test_every_shipped_instrument_parses():
    keys = {definitions.parse(json.loads(p.read_text(encoding="utf-8"))).key for p in shipped_files()}
    assert keys == {"who5", "recovery-kompas", "ffb-funktionsevne", "maalopfyldelse"}


@pytest.mark.parametrize(("answers", "score", "flags"), [
    ([5, 5, 5, 5, 5], 100, []),
    ([0, 0, 0, 0, 0], 0, ["Nedsat trivsel", "Mulig depression"]),
    ([3, 4, 2, 3, 3], 60, []),  # raw 15 × 4
    ([3, 3, 3, 2, 2], 52, []),  # raw 13: just above the line
    ([3, 3, 2, 2, 2], 48, ["Nedsat trivsel"]),  # raw 12
    ([2, 2, 2, 2, 4], 48, ["Nedsat trivsel"]),
    ([2, 1, 2, 1, 1], 28, ["Nedsat trivsel", "Mulig depression"]),  # raw 7: exactly on the line
    ([2, 2, 1, 1, 2], 32, ["Nedsat trivsel"]),  # raw 8
])
def test_who5_scoring_worked_examples(answers, score, flags):
    spec = definitions.parse(_load("who5"))
    total = spec.total(who5(answers))
    assert total == score
    assert [f.label for f in spec.flags_for(total)] == sorted(flags, key=lambda f: f != "Mulig depression")


def test_who5_with_a_missing_item_has_no_score():
    spec = definitions.parse(_load("who5"))
    assert spec.total({"glad": 5, "rolig": 5, "aktiv": 5, "udhvilet": 5}) is None


def test_compass_is_ours_and_has_chime_and_life_areas():
    spec = definitions.parse(_load("recovery-kompas"))
    assert (spec.scale_min, spec.scale_max) == (1, 10)
    assert [a.label for a in spec.areas[:5]] == [
        "Forbundethed", "Håb og optimisme", "Identitet", "Mening", "Indflydelse på eget liv"]
    assert len(spec.areas) == 13 and all(a.ffb_code for a in spec.areas[5:])
    assert spec.phase_of(1) == "Svært lige nu" and spec.phase_of(10) == "Klarer det selv"
    assert spec.total({"haab": 4, "mening": 7}) == 5.5  # the mean of what was answered


def test_ffb_instrument_uses_kl_conditions_with_lower_is_better():
    spec = definitions.parse(_load("ffb-funktionsevne"))
    assert spec.direction == -1 and spec.areas_from == "ffb_conditions"
    assert spec.labels[0] == "Ingen nedsat funktionsevne" and spec.labels[4] == "Fuldstændig nedsat funktionsevne"
    assert any(a.label == "Varetage økonomi" for a in spec.areas)


def _errors(data) -> str:
    with pytest.raises(ValidationError) as exc:
        definitions.parse(data)
    return " ".join(exc.value.messages)


def test_missing_fields_are_named():
    data = _load("who5")
    del data["scale"]["max"]
    del data["areas"][1]["label"]
    message = _errors(data)
    assert "scale: feltet 'max' mangler" in message
    assert "areas[1]: feltet 'label' mangler" in message


def test_html_in_labels_is_refused():
    data = _load("recovery-kompas")
    data["areas"][0]["label"] = "<script>alert(1)</script>"
    data["scale"]["labels"]["3"] = "<b>tre</b>"
    message = _errors(data)
    assert "areas[0].label: må ikke indeholde HTML" in message
    assert "scale.labels.3: må ikke indeholde HTML" in message


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d.update(format="noget andet"), "format: skal være"),
    (lambda d: d["scale"].update(min=5, max=5), "scale: skal gå fra"),
    (lambda d: d["scale"]["labels"].update({"11": "elleve"}), "trinnet 11 ligger uden for skalaen 1–10"),
    (lambda d: d["areas"].append(dict(d["areas"][0])), "'forbundethed' findes allerede"),
    (lambda d: d["areas"][5].update(ffb_code="not-a-code"), "er ikke en FFB-tilstand"),
    (lambda d: d["scoring"].update(method="median"), "scoring.method: skal være en af"),
    (lambda d: d["scale"].update(phases=[{"from": 1, "to": 5, "label": "a"}, {"from": 4, "to": 6, "label": "b"}]),
     "overlapper en anden fase"),
    (lambda d: d.update(key="Ugyldig Nøgle"), "key: skal være 2–50 små bogstaver"),
    (lambda d: d.update(areas=[]), "areas: skal indeholde mindst ét område"),
    (lambda d: d["areas"][0].update(label="x" * 2001), "må højst være 2000 tegn"),
    (lambda d: d["scale"].update(min="1"), "scale.min: skal være et helt tal"),
])
def test_bad_definitions_are_refused(change, expected):
    data = copy.deepcopy(_load("recovery-kompas"))
    change(data)
    assert expected in _errors(data)


def test_file_problems_have_danish_messages():
    with pytest.raises(ValidationError, match="ikke gyldig JSON"):
        definitions.load_json(b"{ not json")
    with pytest.raises(ValidationError, match="for stor"):
        definitions.load_json(b" " * (definitions.MAX_FILE_BYTES + 1))
    with pytest.raises(ValidationError, match="UTF-8"):
        definitions.load_json("{}".encode("utf-16"))
    assert "ét måleredskab" in _errors([1, 2, 3])

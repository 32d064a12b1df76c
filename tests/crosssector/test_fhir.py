"""Reading HospitalNotification bundles: every activity code, and the reasons a bundle is refused."""

import copy
import json

import pytest

from tovholder.crosssector import bundles, fhir, hospital_notification
from tovholder.crosssector.fhir import Refusal
from tovholder.crosssector.models import Activity


def _read(bundle: dict):
    return hospital_notification.read(fhir.load_bundle(json.dumps(bundle).encode(), limit=10_000_000))


@pytest.mark.parametrize("activity", Activity.values)
def test_every_activity_code_is_read(world, cross, activity):
    stay = cross.stay(world.anna)
    bundle = bundles.notification(stay, activity, at=stay.admitted_at)
    read = _read(bundle)
    assert read.activity == activity
    assert read.cpr == world.anna.cpr and read.family == "Jensen"
    assert read.sender.sor == cross.ward.sor_code and read.receiver.ean == cross.own.ean_code
    assert read.episode_identifier.endswith(stay.episode)


def test_a_deceased_patient_is_read(world, cross):
    stay = cross.stay(world.anna)
    read = _read(bundles.notification(stay, Activity.DISCHARGE_INPATIENT, at=stay.admitted_at,
                                      discharged_at=stay.admitted_at, deceased=True))
    assert read.deceased and read.encounter_status == "finished"


def _broken(world, cross, change):
    stay = cross.stay(world.anna)
    bundle = copy.deepcopy(bundles.notification(stay, Activity.ADMIT_INPATIENT, at=stay.admitted_at))
    change(bundle)
    return bundle


def _patient(bundle):
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")


def _encounter(bundle):
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Encounter")


def _provenance(bundle):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Provenance"][-1]


@pytest.mark.parametrize("change, code", [
    (lambda b: _patient(b).pop("identifier"), "cpr"),
    (lambda b: _patient(b)["identifier"][0].update(value="12345"), "cpr"),
    (lambda b: _provenance(b)["activity"]["coding"][0].update(code="admit-somewhere"), "activity"),
    (lambda b: _encounter(b)["subject"].update(reference="urn:uuid:nowhere"), "reference"),
    (lambda b: b["entry"][0]["resource"]["focus"][0].update(reference="Encounter/x"), "reference"),
    (lambda b: _encounter(b).pop("episodeOfCare"), "episode"),
    (lambda b: _encounter(b).update(episodeOfCare=[{"identifier": {"system": "x"}}]), "episode"),
    (lambda b: b.update(meta={}), "profile"),
    (lambda b: b.update(type="document"), "not_message"),
    (lambda b: _patient(b).update(birthDate="igår"), "structure"),
    (lambda b: _patient(b).update(unknownElement=1), "structure"),
    (lambda b: b["entry"][0]["resource"]["eventCoding"].update(code="care-communication-message"), "event"),
    (lambda b: _provenance(b).update(target=[{"reference": "MessageHeader/other"}]), "activity"),
])
def test_a_broken_bundle_is_refused_with_a_reason(world, cross, change, code):
    with pytest.raises(Refusal) as refused:
        _read(_broken(world, cross, change))
    assert refused.value.code == code
    assert world.anna.cpr not in refused.value.reason and "Jensen" not in refused.value.reason


@pytest.mark.parametrize("data, code", [
    (b"{not json", "json"), (b"\xff\xfe", "encoding"), (b"[]", "not_bundle"), (b'{"resourceType": "Patient"}',
                                                                                "not_bundle"),
    (b"[" * 100 + b"]" * 100, "json"), (None, "too_large"), (b"{}" + b" " * 2000, "too_large"),
])
def test_what_is_not_a_bundle_is_refused(data, code):
    with pytest.raises(Refusal) as refused:
        fhir.load_bundle(data, limit=1000)
    assert refused.value.code == code

"""Writing HospitalNotification bundles of our own, following MedCom's published profiles (HospitalNotification
IG 3.0.x on FHIR 4.0.1, Terminology 1.8.1): for the tests, the demo's folder of incoming bundles and the browser
test. Synthetic only — test CPR numbers, made-up organisations — and never copied from others' examples.

`notification(...)` returns one bundle as a dict; `history` carries the Provenances of the stay's earlier
messages, as a real sender includes them."""

import datetime
import random
import uuid
from dataclasses import dataclass, field

from . import fhir
from .models.admissions import ACTIVITY_STEPS


@dataclass(frozen=True)
class Org:
    name: str
    sor: str = ""
    ean: str = ""


@dataclass
class Stay:
    """The facts of one stay a sender knows; each message about it is made from these."""

    cpr: str
    family: str
    given: str
    ward: Org
    receiver: Org
    admitted_at: datetime.datetime
    emergency: bool = False
    episode: str = field(default_factory=lambda: f"urn:uuid:{uuid.uuid4()}")
    history: list[dict] = field(default_factory=list)  # the Provenances sent so far


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _org(org: Org, rid: str) -> dict:
    idents = []
    if org.ean:
        idents.append({"system": fhir.EAN_SYSTEM, "value": org.ean})
    if org.sor:
        idents.append({"system": fhir.SOR_SYSTEM, "value": org.sor})
    return {"resourceType": "Organization", "id": rid, "meta": {"profile": [fhir.ORGANIZATION_PROFILE]},
            "identifier": idents, "name": org.name}


def _status(step: str, change: str, deceased: bool) -> str:
    if change == "cancel" and step == "admit":
        return "entered-in-error"
    if change == "cancel":  # the state before the cancelled message
        return {"leave": "in-progress", "return": "onleave", "discharge": "in-progress"}[step]
    return {"admit": "in-progress", "leave": "onleave", "return": "in-progress", "discharge": "finished"}[step]


def notification(stay: Stay, activity: str, *, at: datetime.datetime, discharged_at: datetime.datetime | None = None,
                 leave_start: datetime.datetime | None = None, leave_end: datetime.datetime | None = None,
                 deceased: bool = False, bundle_id: str | None = None, remember: bool = True,
                 rng: random.Random | None = None) -> dict:
    """One HospitalNotification message about `stay` with the activity code `activity`, happening at `at`
    (ids drawn from `rng` when given, so the demo is the same for a seed)."""
    step, change = ACTIVITY_STEPS[activity]

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4) if rng else uuid.uuid4())

    ids = {k: new_id() for k in ("header", "patient", "encounter", "sender", "receiver", "provenance")}
    url = {k: f"urn:uuid:{v}" for k, v in ids.items()}
    encounter: dict = {
        "resourceType": "Encounter", "id": ids["encounter"], "meta": {"profile": [fhir.HN_ENCOUNTER_PROFILE]},
        "status": _status(step, change, deceased),
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                  "code": "EMER" if stay.emergency else "IMP"},
        "subject": {"reference": url["patient"]},
        "episodeOfCare": [{"identifier": {"value": stay.episode}}],
        "period": {"start": _iso(stay.admitted_at)},
        "serviceProvider": {"reference": url["sender"]},
    }
    if discharged_at:
        encounter["period"]["end"] = _iso(discharged_at)
    if leave_start:
        leave = {"start": _iso(leave_start)}
        if leave_end:
            leave["end"] = _iso(leave_end)
        encounter["extension"] = [{"url": fhir.HN_LEAVE_EXTENSION, "valuePeriod": leave}]
    patient: dict = {
        "resourceType": "Patient", "id": ids["patient"], "meta": {"profile": [fhir.PATIENT_PROFILE]},
        "identifier": [{"system": fhir.CPR_SYSTEM, "value": stay.cpr}],
        "name": [{"use": "official", "family": stay.family, "given": stay.given.split()}],
    }
    if deceased:
        patient["deceasedBoolean"] = True
    provenance = {
        "resourceType": "Provenance", "id": ids["provenance"], "meta": {"profile": [fhir.PROVENANCE_PROFILE]},
        "target": [{"reference": url["header"]}], "occurredDateTime": _iso(at), "recorded": _iso(at),
        "activity": {"coding": [{"system": fhir.ACTIVITY_SYSTEM, "code": activity}]},
        "agent": [{"who": {"reference": url["sender"]}}],
    }
    header = {
        "resourceType": "MessageHeader", "id": ids["header"], "meta": {"profile": [fhir.HN_HEADER_PROFILE]},
        "eventCoding": {"system": fhir.EVENT_SYSTEM, "code": fhir.HN_EVENT},
        "destination": [{
            "extension": [{"url": fhir.DESTINATION_USE_URL,
                           "valueCoding": {"system": fhir.DESTINATION_USE_SYSTEM, "code": "primary"}}],
            "endpoint": f"https://sor2.sum.dsdn.dk/#id={stay.receiver.sor or stay.receiver.ean}",
            "receiver": {"reference": url["receiver"]}}],
        "sender": {"reference": url["sender"]},
        "source": {"endpoint": f"https://sor2.sum.dsdn.dk/#id={stay.ward.sor or stay.ward.ean}"},
        "focus": [{"reference": url["encounter"]}],
    }
    earlier = [{"fullUrl": f"urn:uuid:{p['id']}", "resource": p} for p in stay.history]
    bundle = {
        "resourceType": "Bundle", "id": bundle_id or new_id(),
        "meta": {"profile": [fhir.HN_MESSAGE_PROFILE]}, "type": "message", "timestamp": _iso(at),
        "entry": [
            {"fullUrl": url["header"], "resource": header},
            {"fullUrl": url["patient"], "resource": patient},
            {"fullUrl": url["encounter"], "resource": encounter},
            {"fullUrl": url["sender"], "resource": _org(stay.ward, ids["sender"])},
            {"fullUrl": url["receiver"], "resource": _org(stay.receiver, ids["receiver"])},
            *earlier,
            {"fullUrl": url["provenance"], "resource": provenance},
        ],
    }
    if remember:
        stay.history.append(provenance)
    return bundle

"""One citizen as a FHIR R4 Bundle (ADR 0028), built from the rows and validated against the
`fhir.resources` R4B models before it leaves: Patient (dk-core, CPR), EpisodeOfCare, CarePlan,
Goal, Condition (FFB conditions with functional levels), QuestionnaireResponse and Observation
(WHO-5, the recovery compass, goal attainment), Appointment and Encounter."""

import datetime
import json
from functools import cache

from django.conf import settings
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from . import selectors

CPR_SYSTEM = "urn:oid:1.2.208.176.1.2"
DK_CORE_PATIENT = "http://hl7.dk/fhir/core/StructureDefinition/dk-core-patient"
LEVEL_SYSTEM = "urn:tovholder:funktionsevneniveau"  # FFB's levels 0-4 have no codes of their own
INSTRUMENT_SYSTEM = "urn:tovholder:maaleredskab"
GAS_KEY = "maalopfyldelse"


@cache
def ffb_system() -> str:
    """The FFB code system's URL, from the code system itself."""
    return json.loads(settings.FFB_CODESYSTEM.read_text(encoding="utf-8"))["url"]


def _ffb(code: str) -> dict:
    from tovholder.offers import ffb

    return {"coding": [{"system": ffb_system(), "code": code, "display": ffb.display(code)}]}


def _day(d: datetime.date | None) -> str | None:
    return d.isoformat() if d else None


def _ref(kind: str, pk: int | str) -> dict:
    return {"reference": f"{kind}/{pk}"}


def _patient(c) -> dict:
    r = {"resourceType": "Patient", "id": f"{c.pk}", "meta": {"profile": [DK_CORE_PATIENT]},
         "identifier": [{"system": CPR_SYSTEM, "value": c.cpr}],
         "name": [{"use": "official", "family": c.last_name, "given": c.first_name.split()}],
         "birthDate": _day(c.birth_date)}
    telecom = [{"system": "phone", "value": c.phone}] if c.phone else []
    telecom += [{"system": "email", "value": c.email}] if c.email else []
    if telecom:
        r["telecom"] = telecom
    if c.address or c.postal_code:
        r["address"] = [{k: v for k, v in (("line", [c.address] if c.address else None),
                                           ("postalCode", c.postal_code or None),
                                           ("city", c.city or None), ("country", "DK")) if v}]
    return r


def _episode(e, patient) -> dict:
    period = {"start": _day(e.started_on)}
    if e.ended_on:
        period["end"] = _day(e.ended_on)
    return {"resourceType": "EpisodeOfCare", "id": f"forloeb-{e.pk}",
            "status": "finished" if e.ended_on else "active",
            "type": [{"text": e.offer.name}], "patient": patient, "period": period}


def _care_plans(rec, patient) -> list[dict]:
    plans = []
    if rec.plan is not None:
        p = rec.plan
        r = {"resourceType": "CarePlan", "id": f"plan-{p.pk}", "status": "active", "intent": "plan",
             "title": "Borgerens plan", "subject": patient,
             "goal": [_ref("Goal", f"maal-{g.pk}") for g in rec.goals if g.parent_id is None]}
        if p.aim:
            r["description"] = p.aim
        if p.review_on:
            r["period"] = {"end": _day(p.review_on)}
        plans.append(r)
    for d in rec.decisions:  # each granted effort (indsats) is a CarePlan of its own
        if d.status not in ("granted", "ordered", "active", "ended"):
            continue
        r = {"resourceType": "CarePlan", "id": f"indsats-{d.pk}",
             "status": "completed" if d.status == "ended" else "active", "intent": "order",
             "title": d.offer.name, "subject": patient,
             "goal": [_ref("Goal", f"maal-{g.pk}") for g in rec.goals if g.decision_id == d.pk],
             "activity": [{"detail": {"status": "in-progress" if d.status == "active" else "scheduled",
                                      "code": _ffb(code)}} for code in d.services]}
        if d.case.number:
            r["identifier"] = [{"value": d.case.number}]
        if d.start_on or d.ended_on:
            r["period"] = {k: v for k, v in (("start", _day(d.start_on)), ("end", _day(d.ended_on))) if v}
        if not r["goal"]:
            del r["goal"]
        if not r["activity"]:
            del r["activity"]
        plans.append(r)
    return plans


def _goal(g, patient) -> dict:
    r = {"resourceType": "Goal", "id": f"maal-{g.pk}",
         "lifecycleStatus": "active" if g.is_active else "completed",
         "category": [_ffb(g.goal_type)], "description": {"text": g.text}, "subject": patient,
         "startDate": _day(g.created_on)}
    if g.condition:
        target = {"measure": _ffb(g.condition)}
        if g.target_level is not None:
            target["detailInteger"] = g.target_level
        if g.next_follow_up_on:
            target["dueDate"] = _day(g.next_follow_up_on)
        r["target"] = [target]
    if g.ended_on:
        r["statusDate"] = _day(g.ended_on)
    return r


def _conditions(a, patient) -> list[dict]:
    out = []
    for s in a.scores.all():
        r = {"resourceType": "Condition", "id": f"tilstand-{s.pk}", "code": _ffb(s.condition),
             "subject": patient, "recordedDate": _day(a.assessed_on)}
        if s.functional_level is not None:
            r["severity"] = {"coding": [{"system": LEVEL_SYSTEM, "code": str(s.functional_level),
                                         "display": f"Niveau {s.functional_level}"}]}
        out.append(r)
    return out


def _measurement(m, patient) -> list[dict]:
    instrument = m.version.instrument
    code = {"coding": [{"system": INSTRUMENT_SYSTEM, "code": instrument.key, "display": instrument.name}]}
    answers = {s.area_key: s.value for s in m.scores.all()}
    qr = {"resourceType": "QuestionnaireResponse", "id": f"maaling-{m.pk}",
          "questionnaire": f"{INSTRUMENT_SYSTEM}:{instrument.key}|{m.version.number}",
          "status": "completed", "subject": patient, "authored": _day(m.measured_on),
          "item": [{"linkId": s.area_key, **({"text": s.area_label} if s.area_label else {}),
                    "answer": [{"valueInteger": s.value}]} for s in m.scores.all()]}
    out = [qr]
    total = m.version.spec.total(answers)
    if total is not None:
        out.append({"resourceType": "Observation", "id": f"maaling-{m.pk}-samlet", "status": "final",
                    "code": code, "subject": patient, "effectiveDateTime": _day(m.measured_on),
                    "valueQuantity": {"value": round(float(total), 2)}, "derivedFrom": [
                        _ref("QuestionnaireResponse", qr["id"])]})
    for s in m.scores.all():
        if s.goal_id is not None:  # goal attainment (GAS) for one goal
            out.append({"resourceType": "Observation", "id": f"maaling-{m.pk}-maal-{s.goal_id}",
                        "status": "final", "code": code, "subject": patient,
                        "focus": [_ref("Goal", f"maal-{s.goal_id}")],
                        "effectiveDateTime": _day(m.measured_on), "valueInteger": s.value})
    return out


_APPOINTMENT = {"planned": "booked", "attended": "fulfilled", "no_show": "noshow", "cancelled": "cancelled"}
_ENCOUNTER_CLASS = {"home_visit": ("HH", "home health"), "phone": ("VR", "virtual"),
                    "video": ("VR", "virtual")}


def _participation(p, patient) -> list[dict]:
    o = p.occasion
    kind = o.get_kind_display()
    status = "cancelled" if o.status == "cancelled" else _APPOINTMENT.get(p.status, "booked")
    out = [{"resourceType": "Appointment", "id": f"aftale-{p.pk}", "status": status,
            "serviceType": [{"text": kind}], "start": o.starts_at.isoformat(), "end": o.ends_at.isoformat(),
            "participant": [{"actor": patient, "status": "accepted"}]}]
    if p.status == "attended":
        code, display = _ENCOUNTER_CLASS.get(o.kind, ("AMB", "ambulatory"))
        out.append({"resourceType": "Encounter", "id": f"kontakt-{p.pk}", "status": "finished",
                    "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": code,
                              "display": display},
                    "type": [{"text": kind}], "subject": patient,
                    "appointment": [_ref("Appointment", f"aftale-{p.pk}")],
                    "period": {"start": o.starts_at.isoformat(), "end": o.ends_at.isoformat()}})
    return out


def citizen_bundle(*, actor, citizen) -> dict:
    """One citizen's data as a FHIR R4 `collection` Bundle (a dict, ready for JSON), validated against
    the R4B models. `citizen` is a Citizen or its id; the read goes through `open_citizen` (logged)."""
    rec = selectors.citizen_record(actor, getattr(citizen, "pk", citizen))
    c = rec.citizen
    patient = _ref("Patient", c.pk)
    resources = [_patient(c)]
    resources += [_episode(e, patient) for e in rec.episodes]
    resources += _care_plans(rec, patient)
    resources += [_goal(g, patient) for g in rec.goals]
    for a in rec.assessments:
        resources += _conditions(a, patient)
    for m in rec.measurements:
        resources += _measurement(m, patient)
    for p in rec.participations:
        resources += _participation(p, patient)
    base = f"urn:tovholder:{c.municipality_id}"
    bundle = {"resourceType": "Bundle", "type": "collection",
              "timestamp": timezone.now().isoformat(timespec="seconds"),
              "entry": [{"fullUrl": f"{base}/{r['resourceType']}/{r['id']}", "resource": r} for r in resources]}
    return json.loads(Bundle.model_validate(bundle).model_dump_json(exclude_none=True))

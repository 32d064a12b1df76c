"""The KL FFB delivery report for one citizen (ADR 0029), after KL's implementation guide "FFB reporting
(FFB uddatasæt)" (hl7dk/kl-ffb-reporting, canonical http://fhir.kl.dk/ffbreporting): a `collection` Bundle
with the citizen (CPR and the municipality's organisation code, nothing else) and the FFB content that
changed, each resource with a UUID that stays the same for the record it comes from (uuid5 of the
municipality and the record's key), `meta.profile`, `meta.lastUpdated` — and codes only, no free text.

The content is a snapshot as of the end of a day: the case (ServiceRequest with its case number), the
assessment (ClinicalImpression) and its conditions (levels only on "Aktivitet og deltagelse"), the support
need (Observation), the target groups (Condition), each granted effort (CarePlan with case number, target
groups, goals and next follow-up date), its services (Intervention CarePlans with start and end, the
provider's offer type as Organization), the effort goals (Goal with goal type, target level and
primary/secondary conditions) and the follow-ups (Observation with FFB's "Status på indsats")."""

import datetime
import hashlib
import json
import uuid
from functools import cache

from tovholder.offers import ffb

from .selectors import FfbRecords

BASE = "http://fhir.kl.dk/ffbreporting/StructureDefinition/"
PROFILE = {
    "report": BASE + "kl-reporting-ffb-deliveryReport",
    "citizen": BASE + "kl-reporting-ffb-citizen",
    "serviceRequest": BASE + "kl-reporting-ffb-serviceRequest",
    "informationGathering": BASE + "kl-reporting-ffb-informationGathering",
    "condition": BASE + "kl-reporting-ffb-condition",
    "targetGroup": BASE + "kl-reporting-ffb-targetGroup",
    "needOfSupport": BASE + "kl-reporting-ffb-carePlanEvaluation",
    "carePlan": BASE + "kl-reporting-ffb-carePlan",
    "intervention": BASE + "kl-reporting-ffb-intervention",
    "organization": BASE + "kl-reporting-ffb-organization",
    "goal": BASE + "kl-reporting-ffb-interventionGoal",
    "followUp": BASE + "kl-reporting-ffb-followUp",
}
EXT_CASE_NUMBER = BASE + "KLReportingFFBMunicipalityCaseNumber"
KL_COMMON_SD = "http://kl.dk/fhir/common/caresocial/StructureDefinition/"
EXT_RANK = KL_COMMON_SD + "ConditionRank"
EXT_LAST_ASSERTED = KL_COMMON_SD + "ConditionLastAssertedDate"
EXT_BASED_ON = KL_COMMON_SD + "BasedOnServiceRequest"

FFB_SYSTEM = "http://kl.dk/fhir/common/caresocial/CodeSystem/FFB"
KL_COMMON = "http://kl.dk/fhir/common/caresocial/CodeSystem/KLCommonCareSocialCodes"
SNOMED = "http://snomed.info/sct"
CPR_SYSTEM = "urn:oid:1.2.208.176.1.2"
ORGANISATION_SYSTEM = "urn:oid:1.2.208.176.1.1"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"

SUPPORT_NEED_ASSESSMENT = "effe55c7-572c-4a99-8fb4-2a9dda2f6572"  # KLCommon: FFB støttebehovsvurdering
GOAL_CATEGORY = "0bb3daef-538d-45dc-b444-abdbcb63f6bc"  # KLCommon: FFB indsatsmål
MEASURE_LEVEL = "66959f77-6e2a-4574-8423-3ff097f8b9fa"  # KLCommon: funktionsevneniveau
MEASURE_GOAL_TYPE = "90c48f03-f194-4b2f-ad7d-6cba1069ae48"  # KLCommon: måltype
SNOMED_GOAL = "410518001"  # the goal's description is this fixed code, never the goal's words
SNOMED_FOLLOW_UP = "712744002"

# FFB's functional levels 0–4 as the FFB codes ("Funktionsevneniveau")
LEVEL_CODES = {
    0: "b508ff66-6326-4862-a6d7-7bbf184c9823",  # Ingen nedsat funktionsevne
    1: "8328ce4a-6238-4f73-bf1a-74aadb68eff8",  # Let nedsat funktionsevne
    2: "5bdde847-2837-416b-ab63-bbff8b7aa531",  # Moderat nedsat funktionsevne
    3: "cae545f5-2813-4d79-98fc-0a7d770af3cd",  # Svært nedsat funktionsevne
    4: "832ae90b-23b5-4063-80aa-0b81bdce680e",  # Fuldstændig nedsat funktionsevne
}

NAMESPACE = uuid.UUID("6f1d3f0e-9a51-5c7a-9b0e-2f1c0ffb0029")  # Tovholder's FFB resources


@cache
def activity_conditions() -> frozenset[str]:
    """The conditions under "Aktivitet og deltagelse": the only ones that carry a functional level."""
    return frozenset(c.code for c in ffb.under("Aktivitet og deltagelse"))


def resource_id(municipality_code: str, key: str) -> str:
    """The resource's UUID: the same for the same record every day, so KL updates it on a re-send."""
    return str(uuid.uuid5(NAMESPACE, f"{municipality_code}:{key}"))


def digest(resource: dict) -> str:
    """The hash of the resource's canonical JSON, without `meta.lastUpdated` (which says when, not what)."""
    data = {**resource, "meta": {k: v for k, v in resource.get("meta", {}).items() if k != "lastUpdated"}}
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _code(system: str, code: str) -> dict:
    return {"coding": [{"system": system, "code": code}]}


def _day(d: datetime.date) -> str:
    return d.isoformat()


class _Builder:
    def __init__(self, municipality, organisation_code: str, day: datetime.date):
        self.municipality = municipality
        self.organisation_code = organisation_code
        self.day = day
        self.resources: dict[str, dict] = {}

    def ref(self, kind: str, key: str) -> dict:
        return {"reference": f"{kind}/{resource_id(self.municipality.code, key)}"}

    def add(self, key: str, kind: str, profile: str, body: dict) -> dict:
        resource = {"resourceType": kind, "id": resource_id(self.municipality.code, key),
                    "meta": {"profile": [PROFILE[profile]]}, **body}
        self.resources[key] = resource
        return resource

    # --- the parts -------------------------------------------------------------------------------

    def citizen(self, c) -> dict:
        self.patient_key = f"citizen:{c.pk}"
        self.add(self.patient_key, "Patient", "citizen", {
            "identifier": [{"use": "official", "system": CPR_SYSTEM, "value": c.cpr}],
            "managingOrganization": {"identifier": {"use": "official", "system": ORGANISATION_SYSTEM,
                                                    "value": self.organisation_code}}})
        return self.ref("Patient", self.patient_key)

    def case_number(self, case) -> dict:
        return {"url": EXT_CASE_NUMBER, "extension": [{"url": "municipalitySpecific", "valueIdentifier": {
            "use": "usual", "system": f"urn:tovholder:{self.municipality.code}:sag",
            "value": case.number or str(case.pk)}}]}

    def case(self, case, subject) -> None:
        closed = case.closed_on is not None and case.closed_on <= self.day
        self.add(f"case:{case.pk}", "ServiceRequest", "serviceRequest", {
            "extension": [self.case_number(case)], "status": "completed" if closed else "active",
            "intent": "order", "subject": subject})
        groups = [(case.primary_target_group, 1)] if case.primary_target_group else []
        groups += [(code, 2) for code in case.target_groups if code != case.primary_target_group]
        self.target_groups[case.pk] = []
        for code, rank in groups:
            key = f"targetgroup:{case.pk}:{code}"
            self.add(key, "Condition", "targetGroup", {
                "clinicalStatus": _code(CONDITION_CLINICAL, "inactive" if closed else "active"),
                "code": _code(FFB_SYSTEM, code), "subject": subject})
            self.target_groups[case.pk].append((key, rank))

    def conditions(self, assessments, subject) -> None:
        """One Condition per FFB condition (its latest assessment as of the day)."""
        for a in assessments:
            for s in a.scores.all():
                key = f"condition:{a.citizen_id}:{s.condition}"
                first = self.resources.get(key, {}).get("recordedDate") or _day(a.assessed_on)
                body = {"clinicalStatus": _code(CONDITION_CLINICAL, "active"),
                        "verificationStatus": _code(CONDITION_VERIFICATION, "confirmed"),
                        "code": _code(FFB_SYSTEM, s.condition), "subject": subject, "recordedDate": first}
                if s.functional_level is not None and s.condition in activity_conditions():
                    body["severity"] = _code(FFB_SYSTEM, LEVEL_CODES[s.functional_level])
                if first != _day(a.assessed_on):
                    body["extension"] = [{"url": EXT_LAST_ASSERTED, "valueDateTime": _day(a.assessed_on)}]
                self.add(key, "Condition", "condition", body)

    def condition_for_goal(self, citizen_id: int, code: str, on: datetime.date, subject) -> str:
        key = f"condition:{citizen_id}:{code}"
        if key not in self.resources:  # named by a goal, not assessed (yet): the condition without a level
            self.add(key, "Condition", "condition", {
                "clinicalStatus": _code(CONDITION_CLINICAL, "active"),
                "verificationStatus": _code(CONDITION_VERIFICATION, "confirmed"),
                "code": _code(FFB_SYSTEM, code), "subject": subject, "recordedDate": _day(on)})
        return key

    def assessment(self, case, assessments, subject) -> None:
        """The case's assessment (ClinicalImpression) and support need (Observation): the latest as of the day."""
        if not assessments:
            return
        latest = assessments[-1]
        findings = sorted({f"condition:{a.citizen_id}:{s.condition}" for a in assessments for s in a.scores.all()})
        self.add(f"assessment:{case.pk}", "ClinicalImpression", "informationGathering", {
            "extension": [{"url": EXT_BASED_ON, "valueReference": self.ref("ServiceRequest", f"case:{case.pk}")}],
            "status": "completed", "subject": subject, "effectiveDateTime": _day(latest.assessed_on),
            "finding": [{"itemReference": self.ref("Condition", key)} for key in findings]})
        needs = [a for a in assessments if a.support_need]
        if needs:
            self.support_need[case.pk] = f"supportneed:{case.pk}"
            self.add(f"supportneed:{case.pk}", "Observation", "needOfSupport", {
                "status": "final", "code": _code(KL_COMMON, SUPPORT_NEED_ASSESSMENT), "subject": subject,
                "effectiveDateTime": _day(needs[-1].assessed_on),
                "valueCodeableConcept": _code(FFB_SYSTEM, needs[-1].support_need)})

    def goal(self, g, subject) -> str:
        key = f"goal:{g.pk}"
        ended = g.ended_on is not None and g.ended_on <= self.day
        target = [{"measure": _code(KL_COMMON, MEASURE_GOAL_TYPE),
                   "detailCodeableConcept": _code(FFB_SYSTEM, g.goal_type)}]
        if g.target_level is not None:
            target.append({"measure": _code(KL_COMMON, MEASURE_LEVEL),
                           "detailCodeableConcept": _code(FFB_SYSTEM, LEVEL_CODES[g.target_level])})
        body = {"lifecycleStatus": "completed" if ended else "active",
                "category": [_code(KL_COMMON, GOAL_CATEGORY)],
                "description": {"coding": [{"system": SNOMED, "code": SNOMED_GOAL}]},
                "subject": subject, "startDate": _day(g.created_on), "target": target}
        addresses = []
        if g.condition:
            addresses.append((self.condition_for_goal(g.citizen_id, g.condition, g.created_on, subject), 1))
        for code in g.secondary_conditions:
            if code and code != g.condition:
                addresses.append((self.condition_for_goal(g.citizen_id, code, g.created_on, subject), 2))
        if addresses:
            body["addresses"] = [{**self.ref("Condition", k), "extension": [{"url": EXT_RANK, "valuePositiveInt": r}]}
                                 for k, r in addresses]
        if ended:
            body["statusDate"] = _day(g.ended_on)
        self.add(key, "Goal", "goal", body)
        return key

    def provider(self, offer) -> str | None:
        if not offer.ffb_offer_type:
            return None
        key = f"provider:{offer.ffb_offer_type}"
        self.add(key, "Organization", "organization", {
            "type": [_code(FFB_SYSTEM, offer.ffb_offer_type)], "name": ffb.display(offer.ffb_offer_type)})
        return key

    def effort(self, d, goals, follow_ups, changes, first_services, subject) -> None:
        key = f"effort:{d.pk}"
        ended = d.ended_on is not None and d.ended_on <= self.day
        started = d.start_on is not None and d.start_on <= self.day
        held = [f for f in follow_ups if f.next_on]
        next_on = held[-1].next_on if held else (d.review_on if not follow_ups else None)
        detail: dict = {"status": "completed" if ended else "scheduled",
                        "code": {"coding": [{"system": SNOMED, "code": SNOMED_FOLLOW_UP}]}}
        if next_on and not ended:
            detail["scheduledPeriod"] = {"start": _day(next_on)}
        activity: dict = {"detail": detail}
        if d.case_id in self.support_need:
            activity["outcomeReference"] = [self.ref("Observation", self.support_need[d.case_id])]
        body: dict = {"extension": [self.case_number(d.case)], "status": "completed" if ended else "active",
                      "intent": "plan", "subject": subject, "activity": [activity]}
        if d.start_on:
            body["period"] = {"start": _day(d.start_on)}
            if ended:
                body["period"]["end"] = _day(d.ended_on)
        if goals:
            body["goal"] = [self.ref("Goal", self.goal(g, subject)) for g in goals]
        groups = self.target_groups.get(d.case_id, [])
        if groups:
            body["addresses"] = [{**self.ref("Condition", k), "extension": [{"url": EXT_RANK, "valuePositiveInt": r}]}
                                 for k, r in groups]
        self.add(key, "CarePlan", "carePlan", body)
        performer = self.provider(d.offer)
        for code, start, end in service_periods(d, changes, first_services, self.day):
            done = end is not None and end <= self.day
            detail = {"code": _code(FFB_SYSTEM, code),
                      "status": "completed" if done else ("in-progress" if started else "scheduled")}
            if performer:
                detail["performer"] = [self.ref("Organization", performer)]
            period = {"start": _day(start)}
            if end is not None:
                period["end"] = _day(end)
            self.add(f"service:{d.pk}:{code}:{_day(start)}", "CarePlan", "intervention", {
                "basedOn": [self.ref("CarePlan", key)], "status": "completed" if done else "active",
                "intent": "plan", "subject": subject, "created": _day(d.decided_on), "period": period,
                "activity": [{"detail": detail}]})
        for f in follow_ups:
            self.add(f"followup:{f.pk}", "Observation", "followUp", {
                "status": "final", "code": {"coding": [{"system": SNOMED, "code": SNOMED_FOLLOW_UP}]},
                "subject": subject, "focus": [self.ref("CarePlan", key)], "effectiveDateTime": _day(f.held_on),
                "valueCodeableConcept": _code(FFB_SYSTEM, f.status)})


def service_periods(decision, changes, first_services, day) -> list[tuple[str, datetime.date, datetime.date | None]]:
    """The effort's services (FFB ydelser) as periods: (code, start, end or None). A change on a date ends
    the services it drops the day before and starts the ones it adds on the date; a service kept runs on."""
    start = decision.start_on or decision.decided_on
    steps = [(start, list(first_services if changes else decision.services))]
    steps += [(max(c.starts_on, start), list(c.services)) for c in changes]
    periods: list[tuple[str, datetime.date, datetime.date | None]] = []
    running: dict[str, datetime.date] = {}
    for on, codes in steps:
        for code in [c for c in running if c not in codes]:
            periods.append((code, running.pop(code), max(on - datetime.timedelta(days=1), start)))
        for code in codes:
            running.setdefault(code, on)
    end = decision.ended_on if decision.ended_on is not None and decision.ended_on <= day else None
    periods += [(code, since, end) for code, since in running.items()]
    return periods


def citizen_resources(records: FfbRecords, citizen_id: int, municipality, organisation_code: str,
                      day: datetime.date) -> dict[str, dict]:
    """All of one citizen's FFB resources as of the end of `day`, by record key (Patient first)."""
    b = _Builder(municipality, organisation_code, day)
    b.target_groups, b.support_need = {}, {}
    subject = b.citizen(records.citizens[citizen_id])
    cases = records.cases.get(citizen_id, [])
    assessments = records.assessments.get(citizen_id, [])
    for case in cases:
        b.case(case, subject)
    b.conditions(assessments, subject)
    for case in cases:
        b.assessment(case, [a for a in assessments if a.case_id == case.pk], subject)
    goals = records.goals.get(citizen_id, [])
    follow_ups = records.follow_ups.get(citizen_id, [])
    changes = records.service_changes.get(citizen_id, [])
    case_by_pk = {c.pk: c for c in cases}
    for d in records.decisions.get(citizen_id, []):
        d.case = case_by_pk.get(d.case_id) or d.case
        b.effort(d, [g for g in goals if g.decision_id == d.pk], [f for f in follow_ups if f.decision_id == d.pk],
                 [c for c in changes if c.decision_id == d.pk], records.first_services.get(d.pk, []), subject)
    return b.resources


def references(value) -> set[str]:
    """Every `reference` inside a resource (to add what it points to, so references resolve in the bundle)."""
    found: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "reference" and isinstance(v, str):
                found.add(v)
            else:
                found |= references(v)
    elif isinstance(value, list):
        for v in value:
            found |= references(v)
    return found


def delivery_bundle(resources: list[dict], timestamp: str) -> dict:
    """The delivery report: a `collection` Bundle, the citizen first."""
    ordered = sorted(resources, key=lambda r: r["resourceType"] != "Patient")
    return {"resourceType": "Bundle", "meta": {"profile": [PROFILE["report"]]}, "type": "collection",
            "timestamp": timestamp,
            "entry": [{"fullUrl": f"{r['resourceType']}/{r['id']}", "resource": r} for r in ordered]}

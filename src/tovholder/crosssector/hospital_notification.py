"""MedCom HospitalNotification ("advis om sygehusophold"): what one bundle says, read and checked.

A bundle (type `message`, profile medcom-hospitalNotification-message) holds a MessageHeader (event
`hospital-notification-message`, sender and primary receiver as Organizations with SOR/EAN, focus on the
Encounter), exactly one Patient (CPR in `urn:oid:1.2.208.176.1.2`), the Encounter (status, class IMP/EMER,
the episode-of-care identifier that ties the stay's messages together, period, leave period extension) and one
Provenance per message so far; the one whose target is this MessageHeader carries this message's activity
code. A deceased patient (EDIFACT: MORS) is a discharge with `Patient.deceased[x]` true."""

import datetime
from dataclasses import dataclass

from django.utils.dateparse import parse_datetime

from . import fhir
from .fhir import Refusal
from .models.admissions import ACTIVITY_STEPS, Activity


@dataclass(frozen=True)
class Notification:
    bundle_id: str
    header_id: str
    activity: str
    occurred_at: datetime.datetime
    cpr: str
    family: str
    given: str
    deceased: bool
    encounter_status: str
    encounter_class: str
    episode_identifier: str
    period_start: datetime.datetime | None
    period_end: datetime.datetime | None
    leave_start: datetime.datetime | None
    leave_end: datetime.datetime | None
    sender: fhir.Organisation
    receiver: fhir.Organisation
    service_provider: fhir.Organisation

    @property
    def step(self) -> str:
        return ACTIVITY_STEPS[self.activity][0]

    @property
    def change(self) -> str:
        return ACTIVITY_STEPS[self.activity][1]


def _moment(value, what: str, *, required: bool = False) -> datetime.datetime | None:
    if not value:
        if required:
            raise Refusal(f"Beskeden mangler {what}.", "missing")
        return None
    moment = parse_datetime(str(value))
    if moment is None or moment.tzinfo is None:
        raise Refusal(f"Beskedens {what} er ikke et tidspunkt med tidszone.", "time")
    return moment


def _deceased(patient: dict) -> bool:
    return bool(patient.get("deceasedBoolean")) or bool(patient.get("deceasedDateTime"))


def read(obj: dict) -> Notification:
    """The notification in a bundle already loaded (`fhir.load_bundle`); Refusal when it is not a valid
    HospitalNotification: structure, profile, event, references, CPR, activity code, episode identifier."""
    fhir.validate_structure(obj)
    if obj.get("type") != "message":
        raise Refusal("Beskeden er ikke af typen 'message'.", "not_message")
    if not fhir.has_profile(obj, fhir.HN_MESSAGE_PROFILE):
        raise Refusal("Beskeden er ikke en MedCom HospitalNotification (profilen mangler).", "profile")
    bundle_id = str(obj.get("id") or "")
    if not bundle_id:
        raise Refusal("Beskeden har intet id.", "missing")
    entries = fhir.Entries(obj)
    first_entry = (obj.get("entry") or [{}])[0].get("resource") or {}
    if first_entry.get("resourceType") != "MessageHeader":
        raise Refusal("Beskedens første del er ikke en MessageHeader.", "header")
    header = first_entry
    if (fhir.EVENT_SYSTEM, fhir.HN_EVENT) != (str((header.get("eventCoding") or {}).get("system") or ""),
                                              str((header.get("eventCoding") or {}).get("code") or "")):
        raise Refusal("Beskedens hændelse er ikke 'hospital-notification-message'.", "event")
    sender = fhir.organisation(entries.resolve(header.get("sender"), "Organization", "afsenderen"))
    destinations = header.get("destination") or []
    if len(destinations) != 1:
        raise Refusal("Et advis skal have præcis én modtager (den primære).", "receiver")
    receiver = fhir.organisation(entries.resolve(destinations[0].get("receiver"), "Organization", "modtageren"))
    focus = fhir.first(header.get("focus"))
    encounter = entries.resolve(focus, "Encounter", "opholdet (focus)")
    patients = entries.of_type("Patient")
    if len(patients) != 1:
        raise Refusal("Beskeden skal indeholde præcis én patient.", "patient")
    patient = entries.resolve(encounter.get("subject"), "Patient", "patienten (subject)")
    cpr = fhir.identifier(patient, fhir.CPR_SYSTEM)
    if not cpr:
        raise Refusal("Patienten har intet CPR-nummer (system urn:oid:1.2.208.176.1.2).", "cpr")
    if not (len(cpr) == 10 and cpr.isdigit()):
        raise Refusal("Patientens CPR-nummer er ikke 10 cifre.", "cpr")
    name = fhir.first([n for n in patient.get("name") or [] if n.get("use") in (None, "official")]) or {}
    provider = fhir.organisation(entries.resolve(encounter.get("serviceProvider"), "Organization",
                                                 "afdelingen (serviceProvider)"))

    # this message's activity: the Provenance whose target is this MessageHeader
    header_id = str(header.get("id") or "")
    activity, occurred = "", None
    for provenance in entries.of_type("Provenance"):
        targets = [t.get("reference") or "" for t in provenance.get("target") or []]
        if any(t == f"MessageHeader/{header_id}" or t.endswith(f"/MessageHeader/{header_id}")
               or entries.by_key.get(t) is header for t in targets):
            found = [c for s, c in fhir.codes(provenance.get("activity"))
                     if s.endswith("medcom-messaging-activityCodes")]
            if not found:
                raise Refusal("Beskedens Provenance har ingen aktivitetskode fra MedCom.", "activity")
            activity = found[0]
            occurred = _moment(provenance.get("occurredDateTime"), "tidspunkt for hændelsen (Provenance)",
                               required=True)
    if not activity:
        raise Refusal("Beskeden har ingen Provenance for denne besked og dermed ingen aktivitetskode.", "activity")
    if activity not in Activity.values:
        raise Refusal(f"Aktivitetskoden '{activity[:60]}' er ikke en kendt kode for advis om sygehusophold.",
                      "activity")

    episodes = [e.get("identifier") or {} for e in encounter.get("episodeOfCare") or []]
    episode = next((f"{i.get('system', '')}|{i['value']}" for i in episodes if i.get("value")), "")
    if not episode:
        raise Refusal("Opholdet mangler forløbs-id (episodeOfCare.identifier).", "episode")
    period = encounter.get("period") or {}
    leave = {}
    for ext in encounter.get("extension") or []:
        if str(ext.get("url", "")).endswith("leave-period-extension"):
            leave = ext.get("valuePeriod") or {}
    encounter_class = str((encounter.get("class") or {}).get("code") or "")
    if encounter_class not in ("IMP", "EMER", "ACUTE"):
        raise Refusal("Opholdets klasse er hverken indlagt (IMP) eller akut ambulant (EMER).", "class")
    return Notification(
        bundle_id=bundle_id[:100], header_id=header_id[:100], activity=activity, occurred_at=occurred,  # type: ignore[arg-type]
        cpr=cpr, family=str(name.get("family") or "")[:100], given=" ".join(name.get("given") or [])[:100],
        deceased=_deceased(patient), encounter_status=str(encounter.get("status") or "")[:20],
        encounter_class=encounter_class, episode_identifier=episode[:200],
        period_start=_moment(period.get("start"), "starttidspunkt for opholdet", required=True),
        period_end=_moment(period.get("end"), "sluttidspunkt for opholdet"),
        leave_start=_moment(leave.get("start"), "start på orlov"), leave_end=_moment(leave.get("end"), "slut på orlov"),
        sender=sender, receiver=receiver, service_provider=provider,
    )

"""MedCom CareCommunication ("korrespondancemeddelelse") as plain functions: build an outgoing FHIR R4
message bundle, and read an incoming one into a `Parsed` message or refuse it with a Danish reason.

The bundle follows the published MedCom profiles (written from the implementation guide, not copied
from its examples): a `Bundle` of type `message` whose first entry is the `MessageHeader`
(event `care-communication-message`, sender and receiver `Organization`s identified by SOR and EAN),
then the `Communication` (category from MedCom's category codes, topic, the citizen as `subject`, one
payload per segment – text or a PDF attachment – each signed by its author: a `Practitioner` with
name and phone and a `PractitionerRole` with the role), the `Patient` (CPR), the `Organization`s and a
`Provenance` saying whether the message is new, a reply or a forward (and to which earlier message).
Profiles: CareCommunication 4.0 (FHIR R4), terminology 1.8 (ADR 0026-care-messages-and-agreements).
"""

import base64
import binascii
import datetime
import uuid
from dataclasses import dataclass, field

from stdnum.dk import cpr as stdcpr

CC = "http://medcomfhir.dk/ig/carecommunication/StructureDefinition"
MESSAGING = "http://medcomfhir.dk/ig/messaging/StructureDefinition"
TERMINOLOGY = "http://medcomfhir.dk/ig/terminology/CodeSystem"
PROFILE_MESSAGE = f"{CC}/medcom-careCommunication-message"
PROFILE_HEADER = f"{CC}/medcom-careCommunication-messageHeader"
PROFILE_COMMUNICATION = f"{CC}/medcom-careCommunication-communication"
PROFILE_PROVENANCE = f"{MESSAGING}/medcom-messaging-provenance"
EXT_AUTHOR = f"{CC}/medcom-core-author-extension"
EXT_DATETIME = f"{CC}/medcom-core-datetime-extension"
EXT_SIGNATURE_ID = f"{CC}/medcom-carecommunication-identifier-extension"
CATEGORY_SYSTEM = f"{TERMINOLOGY}/medcom-careCommunication-categoryCodes"
EVENT_SYSTEM = f"{TERMINOLOGY}/medcom-messaging-eventCodes"
EVENT_CODE = "care-communication-message"
ACTIVITY_SYSTEM = f"{TERMINOLOGY}/medcom-messaging-activityCodes"
ROLE_SYSTEM = f"{TERMINOLOGY}/medcom-core-PractitionerRoles"
CPR_SYSTEM = "urn:oid:1.2.208.176.1.2"
SOR_SYSTEM = "urn:oid:1.2.208.176.1.1"
EAN_SYSTEM = "https://www.gs1.org/gln"

# MedCom's category codes (terminology 1.8): the code and its Danish display. Data, not logic.
CATEGORIES: list[tuple[str, str]] = [
    ("alcohol-and-drug-treatment", "Rusmiddelbehandling"),
    ("assistive-devices", "Hjælpemidler"),
    ("carecoordination", "Forløbskoordinering"),
    ("decease", "Dødsfald"),
    ("discharge", "Udskrivelse"),
    ("examination-results", "Undersøgelsessvar"),
    ("healthcare", "Sundhedspleje"),
    ("home-care-assessment", "Visitation"),
    ("medicine", "Medicin"),
    ("nursing", "Sygepleje"),
    ("outpatient", "Ambulant"),
    ("psychiatry-social-disability", "Psykiatri, social, handicap"),
    ("regarding-referral", "Vedr. henvisning"),
    ("telemedicine", "Telemedicin"),
    ("training", "Træning"),
    ("other", "Andet"),
]
CATEGORY_LABELS = dict(CATEGORIES)

ACTIVITIES = {"new": "new-message", "reply": "reply-message", "forward": "forward-message"}
KIND_OF_ACTIVITY = {v: k for k, v in ACTIVITIES.items()}

MAX_TOPIC = 60
MAX_SEGMENT = 20_000
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


class BundleError(ValueError):
    """A bundle we cannot accept; `reason` is the Danish reason stored with the refusal."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Party:
    """An organisation at either end: its name and its SOR and EAN (location number) codes."""
    name: str
    sor: str
    ean: str


@dataclass(frozen=True)
class Signature:
    """Who wrote a segment: name, role and phone, and when."""
    name: str
    role: str
    phone: str
    at: datetime.datetime


@dataclass(frozen=True)
class Attachment:
    title: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Segment:
    signature: Signature
    text: str = ""
    attachment: Attachment | None = None
    identifier: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass
class Parsed:
    """An incoming CareCommunication, read and checked."""
    message_id: str  # MessageHeader.id: one message
    thread_id: str  # Communication.identifier (the conversation)
    kind: str  # new, reply, forward
    replies_to: str  # the earlier message's id for a reply or forward, else ""
    category: str
    topic: str
    cpr: str
    patient_name: str
    sender: Party
    receiver: Party
    sent_at: datetime.datetime
    segments: list[Segment]


# --- building ----------------------------------------------------------------------------------

def _ref(kind: str, rid: str) -> dict:
    return {"reference": f"{kind}/{rid}"}


def _organization(rid: str, party: Party) -> dict:
    return {"resourceType": "Organization", "id": rid, "name": party.name,
            "identifier": [{"system": SOR_SYSTEM, "value": party.sor}, {"system": EAN_SYSTEM, "value": party.ean}]}


def _when(moment: datetime.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("a signature's time must be aware")
    return moment.isoformat(timespec="seconds")


def build_bundle(*, message_id: str, thread_id: str, kind: str, replies_to: str = "", category: str, topic: str,
                 cpr: str, given: str, family: str, sender: Party, receiver: Party, sent_at: datetime.datetime,
                 segments: list[Segment]) -> dict:
    """The message bundle as a JSON-ready dict. `segments` are the thread's segments, newest first,
    each with its own signature (MedCom: earlier segments travel with a reply or forward)."""
    if category not in CATEGORY_LABELS:
        raise ValueError(f"unknown category {category!r}")
    if kind not in ACTIVITIES:
        raise ValueError(f"unknown kind {kind!r}")
    ids = {"header": message_id, "communication": str(uuid.uuid4()), "patient": str(uuid.uuid4()),
           "sender": str(uuid.uuid4()), "receiver": str(uuid.uuid4()), "provenance": str(uuid.uuid4())}
    payloads, authors = [], []
    for seg in segments:
        practitioner, role = str(uuid.uuid4()), str(uuid.uuid4())
        ext = [{"url": EXT_DATETIME, "valueDateTime": _when(seg.signature.at)},
               {"url": EXT_AUTHOR, "valueReference": _ref("PractitionerRole", role)},
               {"url": EXT_SIGNATURE_ID, "valueIdentifier": {"value": seg.identifier}}]
        payload: dict = {"extension": ext}
        if seg.attachment is not None:
            payload["contentAttachment"] = {"contentType": seg.attachment.content_type, "title": seg.attachment.title,
                                            "data": base64.b64encode(seg.attachment.data).decode("ascii"),
                                            "creation": _when(seg.signature.at)}
        else:
            payload["contentString"] = seg.text
        payloads.append(payload)
        first, _, last = seg.signature.name.rpartition(" ")
        person: dict = {"resourceType": "Practitioner", "id": practitioner,
                        "name": [{"family": last or seg.signature.name, **({"given": [first]} if first else {})}]}
        if seg.signature.phone:
            person["telecom"] = [{"system": "phone", "value": seg.signature.phone}]
        authors.append(person)
        authors.append({"resourceType": "PractitionerRole", "id": role,
                        "practitioner": _ref("Practitioner", practitioner),
                        "code": [{"text": seg.signature.role}]})
    communication = {
        "resourceType": "Communication", "id": ids["communication"], "meta": {"profile": [PROFILE_COMMUNICATION]},
        "identifier": [{"value": thread_id}], "status": "unknown",
        "category": [{"coding": [{"system": CATEGORY_SYSTEM, "code": category}]}],
        "topic": {"text": topic}, "subject": _ref("Patient", ids["patient"]),
        "recipient": [_ref("Organization", ids["receiver"])], "sender": _ref("Organization", ids["sender"]),
        "sent": _when(sent_at), "payload": payloads}
    header = {
        "resourceType": "MessageHeader", "id": ids["header"], "meta": {"profile": [PROFILE_HEADER]},
        "eventCoding": {"system": EVENT_SYSTEM, "code": EVENT_CODE},
        "destination": [{"endpoint": f"{SOR_SYSTEM}:{receiver.sor}",
                         "receiver": _ref("Organization", ids["receiver"])}],
        "sender": _ref("Organization", ids["sender"]),
        "source": {"endpoint": f"{SOR_SYSTEM}:{sender.sor}"},
        "focus": [_ref("Communication", ids["communication"])]}
    patient = {"resourceType": "Patient", "id": ids["patient"],
               "identifier": [{"system": CPR_SYSTEM, "value": cpr}],
               "name": [{"family": family, "given": [given]}]}
    provenance: dict = {
        "resourceType": "Provenance", "id": ids["provenance"], "meta": {"profile": [PROFILE_PROVENANCE]},
        "target": [_ref("MessageHeader", ids["header"])], "recorded": _when(sent_at),
        "occurredDateTime": _when(sent_at),
        "activity": {"coding": [{"system": ACTIVITY_SYSTEM, "code": ACTIVITIES[kind]}]},
        "agent": [{"who": _ref("Organization", ids["sender"])}]}
    if kind != "new":
        provenance["entity"] = [{"role": "revision", "what": {"identifier": {"value": replies_to}}}]
    resources = [header, communication, patient, _organization(ids["sender"], sender),
                 _organization(ids["receiver"], receiver), *authors, provenance]
    return {"resourceType": "Bundle", "id": str(uuid.uuid4()), "meta": {"profile": [PROFILE_MESSAGE]},
            "type": "message", "timestamp": _when(sent_at),
            "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources if isinstance(r, dict)]}


# --- reading -----------------------------------------------------------------------------------

def _get(resources: dict, ref: object, kind: str, what: str) -> dict:
    text = ref.get("reference") if isinstance(ref, dict) else None
    if not isinstance(text, str) or not text.startswith(f"{kind}/"):
        raise BundleError(f"Meddelelsen mangler en henvisning til {what}.")
    found = resources.get(text)
    if found is None:
        raise BundleError(f"Meddelelsens henvisning til {what} peger på noget, der ikke findes i meddelelsen.")
    return found


def _identifier(resource: dict, system: str) -> str:
    for ident in resource.get("identifier") or ():
        if isinstance(ident, dict) and ident.get("system") == system and isinstance(ident.get("value"), str):
            return ident["value"].strip()
    return ""


def _party(org: dict, what: str) -> Party:
    sor, ean = _identifier(org, SOR_SYSTEM), _identifier(org, EAN_SYSTEM)
    if not sor and not ean:
        raise BundleError(f"{what} er ikke identificeret med et SOR- eller EAN-nummer.")
    name = org.get("name")
    return Party(name=name[:200] if isinstance(name, str) else "", sor=sor[:20], ean=ean[:20])


def _moment(value: object, what: str) -> datetime.datetime:
    if not isinstance(value, str):
        raise BundleError(f"Meddelelsen mangler {what}.")
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BundleError(f"{what.capitalize()} i meddelelsen er ikke et gyldigt tidspunkt.") from None
    if moment.tzinfo is None:
        raise BundleError(f"{what.capitalize()} i meddelelsen mangler tidszone.")
    return moment


def _ext(payload: dict, url: str) -> dict | None:
    for ext in payload.get("extension") or ():
        if isinstance(ext, dict) and ext.get("url") == url:
            return ext
    return None


def _segment(resources: dict, payload: object) -> Segment:
    if not isinstance(payload, dict):
        raise BundleError("Et afsnit i meddelelsen kan ikke læses.")
    when = _ext(payload, EXT_DATETIME)
    author = _ext(payload, EXT_AUTHOR)
    if when is None or author is None:
        raise BundleError("Et afsnit i meddelelsen er ikke underskrevet (forfatter og tidspunkt mangler).")
    at = _moment(when.get("valueDateTime"), "afsnittets tidspunkt")
    role = _get(resources, author.get("valueReference"), "PractitionerRole", "afsnittets forfatter")
    person = _get(resources, role.get("practitioner"), "Practitioner", "afsnittets forfatter")
    names = person.get("name") or [{}]
    name0 = names[0] if isinstance(names, list) and names and isinstance(names[0], dict) else {}
    given = " ".join(g for g in name0.get("given") or () if isinstance(g, str))
    full = " ".join(p for p in (given, name0.get("family") if isinstance(name0.get("family"), str) else "") if p)
    phone = next((t.get("value") for t in person.get("telecom") or ()
                  if isinstance(t, dict) and t.get("system") == "phone" and isinstance(t.get("value"), str)), "")
    codes = role.get("code") or [{}]
    role_text = codes[0].get("text") if isinstance(codes, list) and codes and isinstance(codes[0], dict) else ""
    ident = _ext(payload, EXT_SIGNATURE_ID)
    identifier = ((ident or {}).get("valueIdentifier") or {}).get("value") if ident else None
    signature = Signature(name=(full or "Ukendt")[:200], role=(role_text or "")[:120] if isinstance(role_text, str)
                          else "", phone=(phone or "")[:30], at=at)
    ident_value = identifier[:64] if isinstance(identifier, str) and identifier else str(uuid.uuid4())
    if "contentAttachment" in payload:
        att = payload["contentAttachment"]
        if not isinstance(att, dict) or not isinstance(att.get("data"), str):
            raise BundleError("Et bilag i meddelelsen har intet indhold.")
        if att.get("contentType") != "application/pdf":
            raise BundleError("Et bilag i meddelelsen er ikke en PDF.")
        try:
            data = base64.b64decode(att["data"], validate=True)
        except (binascii.Error, ValueError):
            raise BundleError("Et bilag i meddelelsen kan ikke læses (ugyldig base64).") from None
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise BundleError("Et bilag i meddelelsen er større end 10 MB.")
        if not data.startswith(b"%PDF"):
            raise BundleError("Et bilag i meddelelsen er ikke en PDF.")
        title = att.get("title")
        title = title[:200] if isinstance(title, str) and title else "Bilag"
        return Segment(signature, attachment=Attachment(title, "application/pdf", data), identifier=ident_value)
    text = payload.get("contentString")
    if not isinstance(text, str) or not text.strip():
        raise BundleError("Et afsnit i meddelelsen har hverken tekst eller bilag.")
    if len(text) > MAX_SEGMENT:
        raise BundleError("Et afsnit i meddelelsen er for langt.")
    return Segment(signature, text=text, identifier=ident_value)


def parse_bundle(data: object) -> Parsed:
    """Read a CareCommunication bundle (already JSON-decoded). Raises `BundleError` with a Danish reason."""
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise BundleError("Filen er ikke en FHIR-bundle.")
    if data.get("type") != "message":
        raise BundleError("Bundlen er ikke en meddelelse (type skal være »message«).")
    entries = data.get("entry")
    if not isinstance(entries, list) or not entries:
        raise BundleError("Meddelelsen er tom.")
    resources: dict[str, dict] = {}
    for entry in entries:
        res = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(res, dict) or not isinstance(res.get("resourceType"), str) or not isinstance(
                res.get("id"), str):
            raise BundleError("Meddelelsen indeholder et element uden type eller id.")
        resources[f"{res['resourceType']}/{res['id']}"] = res
    header = entries[0]["resource"]
    if header.get("resourceType") != "MessageHeader":
        raise BundleError("Meddelelsen begynder ikke med et MessageHeader.")
    event = header.get("eventCoding") or {}
    if not isinstance(event, dict) or event.get("code") != EVENT_CODE:
        raise BundleError("Meddelelsen er ikke en korrespondancemeddelelse (CareCommunication).")
    focus = header.get("focus") or [None]
    communication = _get(resources, focus[0] if isinstance(focus, list) and focus else None, "Communication",
                         "selve korrespondancen")
    destinations = header.get("destination") or [{}]
    destination = destinations[0] if isinstance(destinations, list) and destinations else {}
    receiver = _party(_get(resources, destination.get("receiver") if isinstance(destination, dict) else None,
                           "Organization", "modtageren"), "Modtageren")
    sender = _party(_get(resources, header.get("sender"), "Organization", "afsenderen"), "Afsenderen")

    categories = communication.get("category") or [{}]
    coding = (categories[0].get("coding") or [{}]) if isinstance(categories, list) and categories and isinstance(
        categories[0], dict) else [{}]
    category = coding[0].get("code") if isinstance(coding, list) and coding and isinstance(coding[0], dict) else None
    if not isinstance(category, str) or category not in CATEGORY_LABELS:
        raise BundleError(f"Ukendt kategori: »{str(category)[:60]}«. Kategorien skal være en af MedComs "
                          "kategorikoder.")
    topic = (communication.get("topic") or {}).get("text", "") if isinstance(communication.get("topic"), dict) else ""
    thread_ids = [i.get("value") for i in communication.get("identifier") or () if isinstance(i, dict)]
    thread_id = next((t for t in thread_ids if isinstance(t, str) and t.strip()), "")
    if not thread_id or len(thread_id) > 64:
        raise BundleError("Meddelelsen mangler en gyldig identifikation af korrespondancen.")

    patient = _get(resources, communication.get("subject"), "Patient", "borgeren")
    cpr = _identifier(patient, CPR_SYSTEM)
    if not cpr:
        raise BundleError("Meddelelsen mangler borgerens CPR-nummer.")
    if not stdcpr.is_valid(cpr) and not (len(cpr) == 10 and cpr.isdigit()):
        raise BundleError("Borgerens CPR-nummer i meddelelsen er ikke gyldigt.")
    names = patient.get("name") or [{}]
    name0 = names[0] if isinstance(names, list) and names and isinstance(names[0], dict) else {}
    given = " ".join(g for g in name0.get("given") or () if isinstance(g, str))
    family = name0.get("family") if isinstance(name0.get("family"), str) else ""

    payloads = communication.get("payload")
    if not isinstance(payloads, list) or not payloads:
        raise BundleError("Meddelelsen har intet indhold.")
    segments = [_segment(resources, p) for p in payloads]

    provenance = next((r for r in resources.values() if r.get("resourceType") == "Provenance"), None)
    if provenance is None:
        raise BundleError("Meddelelsen mangler sin Provenance (ny, svar eller videresendelse).")
    activity = ((provenance.get("activity") or {}).get("coding") or [{}])[0].get("code")
    kind = KIND_OF_ACTIVITY.get(activity) if isinstance(activity, str) else None
    if kind is None:
        raise BundleError("Meddelelsen siger ikke, om den er ny, et svar eller en videresendelse.")
    replies_to = ""
    if kind != "new":
        for entity in provenance.get("entity") or ():
            value = ((entity.get("what") or {}).get("identifier") or {}).get("value") if isinstance(entity, dict) \
                else None
            if isinstance(value, str) and value.strip():
                replies_to = value.strip()[:64]
        if not replies_to:
            raise BundleError("Et svar eller en videresendelse skal henvise til den meddelelse, den svarer på.")
    message_id = header.get("id", "")
    if not message_id or len(message_id) > 64:
        raise BundleError("Meddelelsen mangler en gyldig id.")
    return Parsed(message_id=message_id, thread_id=thread_id, kind=kind, replies_to=replies_to, category=category,
                  topic=str(topic)[:MAX_TOPIC * 2], cpr=cpr, patient_name=f"{given} {family}".strip()[:200],
                  sender=sender, receiver=receiver, sent_at=_moment(communication.get("sent"), "afsendelsestidspunkt"),
                  segments=segments)

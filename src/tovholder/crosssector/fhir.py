"""Reading and checking MedCom FHIR bundles (FHIR R4; the structure checked with `fhir.resources`' R4B models,
ARCHITECTURE.md). Shared by every MedCom message the app receives or sends: a bundle is read as JSON within
the size limit, validated against the FHIR structure, and its references are resolved inside the bundle.
Anything wrong raises `Refusal` with a Danish reason that names no person (it is stored on the receipt).

Profiles followed (see `crosssector/bundles.py` for the bundles we write ourselves):
MedCom HospitalNotification IG 3.0.x (package medcom.fhir.dk.hospitalnotification, FHIR 4.0.1), with
MedCom Terminology 1.8.1 (activity codes) and MedCom Messaging/Core (organisations with SOR and EAN)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from pydantic import ValidationError as PydanticError

from tovholder.records import load_json

# Systems and profiles (canonical URLs of MedCom's implementation guides)
CPR_SYSTEM = "urn:oid:1.2.208.176.1.2"
SOR_SYSTEM = "urn:oid:1.2.208.176.1.1"
EAN_SYSTEM = "https://www.gs1.org/gln"
ACTIVITY_SYSTEM = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-activityCodes"
EVENT_SYSTEM = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-eventCodes"
DESTINATION_USE_SYSTEM = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-destinationUse"
DESTINATION_USE_URL = "http://medcomfhir.dk/ig/messaging/StructureDefinition/medcom-messaging-destinationUseExtension"
HN = "http://medcomfhir.dk/ig/hospitalnotification/StructureDefinition/"
HN_MESSAGE_PROFILE = HN + "medcom-hospitalNotification-message"
HN_HEADER_PROFILE = HN + "medcom-hospitalNotification-messageHeader"
HN_ENCOUNTER_PROFILE = HN + "medcom-hospitalNotification-encounter"
HN_LEAVE_EXTENSION = HN + "medcom-hospitalnotifiation-leave-period-extension"  # sic, as MedCom spells it
PATIENT_PROFILE = "http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-patient"
ORGANIZATION_PROFILE = "http://medcomfhir.dk/ig/messaging/StructureDefinition/medcom-messaging-organization"
PROVENANCE_PROFILE = "http://medcomfhir.dk/ig/messaging/StructureDefinition/medcom-messaging-provenance"
HN_EVENT = "hospital-notification-message"


class Refusal(Exception):
    """A bundle that cannot be used, with the reason to store (Danish, without personal data)."""

    def __init__(self, reason: str, code: str = "invalid"):
        super().__init__(reason)
        self.reason = reason[:500]
        self.code = code


def load_bundle(data: bytes | None, *, limit: int) -> dict:
    """The bundle's JSON object, or Refusal: too large, not UTF-8, not JSON, not a Bundle."""
    if data is None or len(data) > limit:
        raise Refusal(f"Beskeden er større end grænsen på {limit // (1024 * 1024)} MB og er ikke læst.", "too_large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refusal("Beskeden er ikke tekst i UTF-8.", "encoding") from None
    try:
        obj = load_json(text, what="Beskeden")
    except ValidationError as exc:
        raise Refusal(" ".join(exc.messages), "json") from None
    if not isinstance(obj, dict) or obj.get("resourceType") != "Bundle":
        raise Refusal("Beskeden er ikke en FHIR-Bundle.", "not_bundle")
    return obj


def validate_structure(obj: dict) -> None:
    """FHIR R4(B) structure of the bundle and every resource in it (types, cardinality, no unknown elements)."""
    from fhir.resources.R4B.bundle import Bundle

    try:
        Bundle.model_validate(obj)
    except (PydanticError, ValueError, TypeError) as exc:
        where = ""
        if isinstance(exc, PydanticError) and exc.errors():
            where = ".".join(str(part) for part in exc.errors()[0]["loc"])[:200]
        raise Refusal(f"Beskeden følger ikke FHIR R4-strukturen{f' (ved {where})' if where else ''}.",
                      "structure") from None


class Entries:
    """The bundle's resources by fullUrl and by Type/id, so a reference inside the bundle can be resolved."""

    def __init__(self, bundle: dict):
        self.by_key: dict[str, dict] = {}
        for entry in bundle.get("entry") or []:
            resource = entry.get("resource") or {}
            full_url = entry.get("fullUrl") or ""
            if full_url:
                self.by_key[full_url] = resource
            kind, rid = resource.get("resourceType"), resource.get("id")
            if kind and rid:
                self.by_key[f"{kind}/{rid}"] = resource
                if full_url.endswith(f"/{kind}/{rid}"):
                    self.by_key.setdefault(full_url, resource)

    def of_type(self, kind: str) -> list[dict]:
        seen, found = set(), []
        for resource in self.by_key.values():
            if resource.get("resourceType") == kind and id(resource) not in seen:
                seen.add(id(resource))
                found.append(resource)
        return found

    def resolve(self, reference: dict | None, kind: str, what: str) -> dict:
        ref = (reference or {}).get("reference") or ""
        found = self.by_key.get(ref)
        if found is None and "/" in ref:  # an absolute URL ending in Type/id
            found = self.by_key.get("/".join(ref.rstrip("/").split("/")[-2:]))
        if found is None or found.get("resourceType") != kind:
            raise Refusal(f"Beskedens henvisning til {what} peger ikke på en {kind} i beskeden.", "reference")
        return found


def identifier(resource: dict, system: str) -> str:
    for ident in resource.get("identifier") or []:
        if ident.get("system") == system and ident.get("value"):
            return str(ident["value"]).strip()
    return ""


def has_profile(resource: dict, profile: str) -> bool:
    return profile in ((resource.get("meta") or {}).get("profile") or [])


@dataclass(frozen=True)
class Organisation:
    sor: str
    ean: str
    name: str


def organisation(resource: dict) -> Organisation:
    org = Organisation(identifier(resource, SOR_SYSTEM), identifier(resource, EAN_SYSTEM),
                       str(resource.get("name") or "")[:200])
    if not org.sor and not org.ean:
        raise Refusal("En organisation i beskeden har hverken SOR-kode eller EAN-nummer.", "organisation")
    return org


def codes(coding_holder: dict | None) -> Iterable[tuple[str, str]]:
    for coding in (coding_holder or {}).get("coding") or []:
        yield str(coding.get("system") or ""), str(coding.get("code") or "")


def first(items: list[Any] | None) -> Any:
    return items[0] if items else None

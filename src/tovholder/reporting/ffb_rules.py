"""The KL FFB implementation guide's own rules as code (ADR 0029), checked on every bundle before it is
written, beside the `fhir.resources` models: exactly one citizen, who is only a CPR number and the
municipality's organisation code; functional levels only on "Aktivitet og deltagelse" conditions; no free
text anywhere; every resource with its profile, `lastUpdated` and a UUID; every reference inside the bundle.
Each broken rule is a reason in Danish."""

import re
import uuid

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from tovholder.offers import ffb

from .ffb_bundle import CPR_SYSTEM, FFB_SYSTEM, PROFILE, activity_conditions

# Elements that hold words rather than codes. Organization.name is the one named element the guide
# requires; it must be the FFB name of the organisation's offer type (a code's name, not free text).
FREE_TEXT = {"text": "tekst", "note": "notat", "div": "fortælling", "comment": "kommentar",
             "description": "beskrivelse", "title": "titel", "display": "visningstekst",
             "name": "navn", "summary": "sammenfatning", "outcomeString": "resultat i fri tekst",
             "valueString": "tekstværdi", "scheduledString": "tidspunkt i fri tekst", "alias": "alias",
             "telecom": "kontaktoplysninger", "address": "adresse"}
PATIENT_ALLOWED = {"resourceType", "id", "meta", "identifier", "managingOrganization"}
CPR = re.compile(r"^\d{10}$")


def _walk(value, path: str, resource: dict, reasons: list[str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            here = f"{path}.{key}" if path else key
            if key in FREE_TEXT:
                allowed = (key == "name" and resource.get("resourceType") == "Organization" and path == ""
                           and inner == _offer_type_name(resource))
                allowed = allowed or (key == "description" and isinstance(inner, dict) and "text" not in inner
                                      and resource.get("resourceType") == "Goal")
                if not allowed:
                    reasons.append(f"{resource.get('resourceType')} indeholder fri tekst ({FREE_TEXT[key]}, {here}); "
                                   "kun koder må indberettes.")
                    continue
            _walk(inner, here, resource, reasons)
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            _walk(inner, f"{path}[{n}]", resource, reasons)


def _offer_type_name(resource: dict) -> str | None:
    for concept in resource.get("type", []):
        for coding in concept.get("coding", []):
            if coding.get("system") == FFB_SYSTEM:
                return ffb.display(coding.get("code", "")) or None
    return None


def _codes(concept: dict | None, system: str) -> list[str]:
    return [c.get("code", "") for c in (concept or {}).get("coding", []) if c.get("system") == system]


def check(bundle: dict) -> list[str]:
    """The reasons (in Danish) the bundle breaks the guide's rules; empty when it may be sent."""
    reasons: list[str] = []
    if bundle.get("resourceType") != "Bundle" or bundle.get("type") != "collection":
        return ["Indberetningen skal være et bundt af typen 'collection'."]
    if not bundle.get("timestamp"):
        reasons.append("Bundtet mangler sit tidsstempel.")
    for key in ("identifier", "total", "link", "signature"):
        if key in bundle:
            reasons.append(f"Bundtet må ikke have '{key}'.")
    entries = bundle.get("entry") or []
    resources = [e.get("resource") or {} for e in entries]
    patients = [r for r in resources if r.get("resourceType") == "Patient"]
    if len(patients) != 1:
        reasons.append(f"Bundtet skal have præcis én borger; det har {len(patients)}.")
    full_urls = {e.get("fullUrl") for e in entries}
    for entry, r in zip(entries, resources, strict=True):
        kind = r.get("resourceType", "?")
        try:
            uuid.UUID(str(r.get("id", "")))
        except ValueError:
            reasons.append(f"{kind} har ikke et UUID som id.")
        if entry.get("fullUrl") != f"{kind}/{r.get('id')}":
            reasons.append(f"{kind} {r.get('id')} har en forkert fullUrl.")
        meta = r.get("meta") or {}
        if not meta.get("profile") or not all(p in PROFILE.values() for p in meta["profile"]):
            reasons.append(f"{kind} {r.get('id')} mangler en profil fra KL's FFB-vejledning.")
        if not meta.get("lastUpdated"):
            reasons.append(f"{kind} {r.get('id')} mangler meta.lastUpdated.")
        _walk({k: v for k, v in r.items() if k != "meta"}, "", r, reasons)
        for ref in _references(r):
            if ref not in full_urls:
                reasons.append(f"{kind} {r.get('id')} henviser til {ref}, som ikke er i bundtet.")
        if kind == "Condition":
            profile = (meta.get("profile") or [""])[0]
            codes = _codes(r.get("code"), FFB_SYSTEM)
            if len(codes) != 1:
                reasons.append("En tilstand skal have præcis én FFB-kode.")
            elif "severity" in r and (profile != PROFILE["condition"] or codes[0] not in activity_conditions()):
                name = ffb.display(codes[0]) or codes[0]
                reasons.append(f"Tilstanden '{name}' må ikke have et funktionsevneniveau; kun tilstande under "
                               "Aktivitet og deltagelse har niveau.")
        elif kind != "Patient" and patients:
            subject = (r.get("subject") or {}).get("reference")
            if kind != "Organization" and subject != f"Patient/{patients[0].get('id')}":
                reasons.append(f"{kind} {r.get('id')} handler ikke om bundtets borger.")
    for p in patients:
        extra = sorted(set(p) - PATIENT_ALLOWED)
        if extra:
            reasons.append(f"Borgeren må kun indberettes med CPR-nummer og kommunens organisationskode, ikke "
                           f"{', '.join(extra)}.")
        cprs = [i.get("value", "") for i in p.get("identifier", []) if i.get("system") == CPR_SYSTEM]
        if len(cprs) != 1 or not CPR.match(cprs[0]):
            reasons.append("Borgeren skal have ét gyldigt CPR-nummer (10 cifre).")
        if not ((p.get("managingOrganization") or {}).get("identifier") or {}).get("value"):
            reasons.append("Borgeren mangler kommunens organisationskode.")
    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ()))
        reasons.append(f"Bundtet følger ikke FHIR-modellen ({where}: {first.get('msg', '')}).")
    except Exception as exc:  # noqa: BLE001 - the model's own errors come in more shapes than one
        reasons.append(f"Bundtet følger ikke FHIR-modellen ({exc.__class__.__name__}).")
    return list(dict.fromkeys(reasons))


def _references(value) -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "reference" and isinstance(v, str):
                found.append(v)
            else:
                found += _references(v)
    elif isinstance(value, list):
        for v in value:
            found += _references(v)
    return found

"""Reading an uploaded file into the import's one shape (docs/import-format.md): JSON as the incumbent systems
export it, or CSV for the flat parts (citizens; relatives with consents). Whatever cannot be read is refused
as a whole with a Danish message; rows that can be read but are wrong are refused one by one later."""

import csv
import io

from django.core.exceptions import ValidationError

from tovholder.records import load_json

FORMAT_NAME = "tovholder-import"
MAX_BYTES = 32 * 1024 * 1024
MAX_CITIZENS = 50_000

CITIZEN_COLUMNS = ("id", "cpr", "first_name", "last_name", "phone", "email", "address", "postal_code", "city",
                   "municipality_code", "known_from")
RELATIVE_COLUMNS = ("id", "citizen_id", "name", "relation", "phone", "email", "consents", "consent_given_on")


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ValidationError(f"Filen er for stor: højst {MAX_BYTES // (1024 * 1024)} MB pr. fil. Del den op.")
    if not data.strip():
        raise ValidationError("Filen er tom.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("Filen er ikke gemt som UTF-8. Gem den som UTF-8 og prøv igen.") from None
    if "\x00" in text:
        raise ValidationError("Filen indeholder et NUL-tegn, som ikke kan gemmes.")
    return text


def detect_format(name: str, text: str) -> str:
    head = text.lstrip()[:1]
    if name.lower().endswith(".json") or head in ("{", "["):
        return "json"
    return "csv"


def read(text: str, fmt: str) -> dict:
    """The file as `{"municipality_code": …, "citizens": [ … ]}`."""
    return _read_json(text) if fmt == "json" else _read_csv(text)


def _read_json(text: str) -> dict:
    data = load_json(text, what="Filen")
    if not isinstance(data, dict):
        raise ValidationError("Filen skal være et JSON-objekt med feltet \"citizens\" (se formatbeskrivelsen).")
    if data.get("format") not in (None, FORMAT_NAME):
        raise ValidationError(f"Feltet \"format\" skal være \"{FORMAT_NAME}\".")
    if data.get("version") not in (None, 1):
        raise ValidationError("Formatets version skal være 1.")
    citizens = data.get("citizens")
    if not isinstance(citizens, list):
        raise ValidationError("Filen skal have en liste \"citizens\" med borgerne.")
    if len(citizens) > MAX_CITIZENS:
        raise ValidationError(f"Filen har {len(citizens)} borgere; højst {MAX_CITIZENS} pr. fil. Del den op.")
    code = data.get("municipality_code")
    return {"municipality_code": code if isinstance(code, str) else None, "citizens": citizens,
            "source": str(data.get("source") or "")[:100]}


def _rows(text: str) -> tuple[list[str], list[dict]]:
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        rows = []
        for row in reader:
            if len(rows) >= MAX_CITIZENS:
                raise ValidationError(f"Filen har mere end {MAX_CITIZENS} rækker; del den op.")
            rows.append({(k or "").strip().lower(): (v if isinstance(v, str) else None) for k, v in row.items()})
    except csv.Error as exc:
        raise ValidationError(f"CSV-filen kan ikke læses: {exc}.") from None
    return header, rows


def _read_csv(text: str) -> dict:
    header, rows = _rows(text)
    if "cpr" in header:
        missing = [c for c in ("id", "cpr", "first_name", "last_name") if c not in header]
        if missing:
            raise ValidationError(f"CSV-filen med borgere mangler kolonnerne: {', '.join(missing)}.")
        return {"municipality_code": None, "citizens": [{k: r.get(k) or None for k in CITIZEN_COLUMNS}
                                                        for r in rows], "source": "CSV"}
    if "citizen_id" in header:
        missing = [c for c in ("id", "citizen_id", "name", "relation") if c not in header]
        if missing:
            raise ValidationError(f"CSV-filen med pårørende mangler kolonnerne: {', '.join(missing)}.")
        by_citizen: dict[str, dict] = {}
        for r in rows:
            scopes = [s.strip() for s in (r.get("consents") or "").replace("|", ",").split(",") if s.strip()]
            relative = {k: r.get(k) or None for k in ("id", "name", "relation", "phone", "email")}
            relative["consents"] = [{"id": f"{r.get('id') or ''}:{scope}", "scope": scope,
                                     "given_on": r.get("consent_given_on") or None} for scope in scopes]
            cid = (r.get("citizen_id") or "").strip()
            by_citizen.setdefault(cid, {"id": cid, "reference_only": True, "relatives": []})["relatives"].append(
                relative)
        return {"municipality_code": None, "citizens": list(by_citizen.values()), "source": "CSV"}
    raise ValidationError("CSV-filen skal have kolonnen \"cpr\" (borgere) eller \"citizen_id\" (pårørende). "
                          "Se formatbeskrivelsen.")

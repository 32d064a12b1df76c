"""The copy of the citizen's data as a file (GDPR art. 15): a ZIP with the readable PDF (WeasyPrint, as the
letters), the same contents as JSON, and the letters as sent, each as a PDF. Made by the task worker
(`services.execute_copy`); kept under settings.DATA_COPY_FOLDER for `KEEP_DAYS` days, then deleted."""

import datetime
import decimal
import io
import json
import zipfile
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from tovholder.layout import formats

from .selectors import CopySection

KEEP_DAYS = 7
MAX_PER_DAY = 3
README = """Kopi af dine data fra Tovholder
===============================

mine-data.pdf   Alle oplysningerne, til at læse og udskrive.
mine-data.json  De samme oplysninger i et maskinlæsbart format (JSON, UTF-8).
breve/          Brevene fra kommunen, som de blev sendt (PDF).

Kopien er lavet {made}. Har du spørgsmål, så kontakt {municipality}.
"""


def folder() -> Path:
    return Path(settings.DATA_COPY_FOLDER)


def path_of(file_name: str) -> Path:
    return folder() / file_name


def _json_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError(type(value).__name__)


def as_json(sections: list[CopySection], made: datetime.datetime, municipality: str) -> str:
    data = {
        "om_kopien": {"lavet": made, "kommune": municipality, "format": "Tovholder, kopi af dine data, version 1",
                      "afsnit": {s.key: s.title for s in sections}},
        **{s.key: [{k: v for k, v in row.items() if k != "html"} for row in s.rows] for s in sections},
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_value)


def _shown(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, datetime.datetime):
        return formats.moment(value)
    if isinstance(value, datetime.date):
        return formats.day(value)
    if isinstance(value, decimal.Decimal | float):
        return formats.number(value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_shown(v)}" for k, v in value.items()) or "–"
    if isinstance(value, list):
        return "; ".join(_shown(v) for v in value) or "–"
    return str(value)


def as_html(sections: list[CopySection], made: datetime.datetime, citizen, municipality: str) -> str:
    shown = [{"title": s.title, "note": s.note, "compact": s.compact, "labels": list(s.labels.values()),
              "rows": [[(s.labels.get(k, k), _shown(v)) for k, v in row.items() if k != "html"] for row in s.rows]}
             for s in sections]
    return render_to_string("portal/data_copy_pdf.html", {
        "sections": shown, "made": made, "citizen": citizen, "municipality": municipality})


def pdf(html: str) -> bytes:
    from tovholder.visitation.letters import pdf as letter_pdf  # WeasyPrint, loaded only when a PDF is made

    return letter_pdf(html)


def write_zip(file_name: str, sections: list[CopySection], citizen, progress=lambda fraction: None) -> int:
    """Write the ZIP and return its size in bytes."""
    made = timezone.now()
    municipality = citizen.municipality.name
    target = path_of(file_name)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    letters = next((s.rows for s in sections if s.key == "breve"), [])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LÆS MIG.txt", README.format(made=formats.moment(made), municipality=municipality))
        archive.writestr("mine-data.json", as_json(sections, made, municipality))
        archive.writestr("mine-data.pdf", pdf(as_html(sections, made, citizen, municipality)))
        for i, letter in enumerate(letters, 1):
            progress(0.92 + 0.07 * i / len(letters))
            archive.writestr(letter["fil"], pdf(letter["html"]))
    partial.write_bytes(buffer.getvalue())
    partial.replace(target)
    return target.stat().st_size

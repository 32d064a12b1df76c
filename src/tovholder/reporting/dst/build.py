"""Which efforts a month's report holds, their fields, the checks before the file is written, and the file.

Statistics Denmark's own technical specification for vendors (the "kravspecifikation" linked from dst.dk's
page "Handicap og udsatte (voksne)") could not be found in the sources available when this was built. The
fields are therefore those the public documentation of the statistic names (dst.dk's documentation of the
statistic and its TIMES variables MAALGRUPPE and MODT_TILB_KODE, and the executive order on data reporting in
the social area): who (CPR), which municipality referred, which service under which paragraph, the target
group, the type of offer that delivered it, and the period. The layout below is Tovholder's own and
documented (ADR 0030); when the specification is at hand, only `HEADER` and `Record.row` change.

The file: UTF-8 without BOM, one header line, fields separated by semicolons, one line per effort, dates
as ISO 8601 (YYYY-MM-DD), several codes in one field separated by "|".
"""

import csv
import datetime
import io
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q

from tovholder.citizens.cpr import age_on, clean_cpr
from tovholder.offers import ffb
from tovholder.visitation.models import Decision

# The paragraphs of serviceloven this report holds (the brief of issue 19; §§ 82 a–b are the offers used
# without a decision, here reported where the municipality grants them formally).
REPORTED = ("82a", "82b", "85", "103", "104", "107", "108")
STAYS = ("107", "108")  # stays (ophold): the type of offer is required (TIMES: MODT_TILB_KODE)
LAWS = ("serviceloven", "lov om social service")
ADULT_AGE = 18

HEADER = ["KOMMUNEKODE", "CPR", "INDSATS_ID", "PARAGRAF", "YDELSER", "MAALGRUPPE", "MAALGRUPPER_OEVRIGE",
          "TILBUDSTYPE", "LEVERANDOER", "AFGOERELSESDATO", "STARTDATO", "SLUTDATO"]
OWN, OTHER = "K", "A"  # the municipality's own offer, or one bought from another municipality (a shared offer)


def paragraph_code(law: str, paragraph: str) -> str:
    """'§ 82 b' in serviceloven → '82b'; another law → ''."""
    if (law or "").strip().lower() not in LAWS:
        return ""
    return "".join((paragraph or "").replace("§", "").split()).lower()


def paragraph_label(code: str) -> str:
    number = code.rstrip("abcdefghijklmnopqrstuvwxyz")
    letter = code[len(number):]
    return f"§ {number} {letter}".strip()


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def parse_month(value: str) -> datetime.date:
    """'2026-03' → 1 March 2026, or a Danish ValidationError."""
    try:
        return datetime.datetime.strptime((value or "").strip(), "%Y-%m").date()
    except ValueError:
        raise ValidationError({"month": "Skriv måneden som år og måned, fx 2026-03."}) from None


@dataclass
class Record:
    effort_id: int
    citizen_id: int
    municipality_code: str
    cpr: str
    paragraph: str
    services: list[str]
    target_group: str
    other_groups: list[str]
    offer_type: str
    provider: str
    decided_on: datetime.date | None
    start: datetime.date | None
    end: datetime.date | None
    # for the list of refused rows
    case_number: str = ""
    offer_name: str = ""

    def row(self) -> list[str]:
        return [self.municipality_code, self.cpr, str(self.effort_id), self.paragraph, "|".join(self.services),
                self.target_group, "|".join(self.other_groups), self.offer_type, self.provider,
                _iso(self.decided_on), _iso(self.start), _iso(self.end)]


@dataclass
class Rejection:
    effort_id: int
    citizen_id: int
    case_number: str
    offer_name: str
    paragraph: str
    start: str
    reasons: list[str]

    def as_dict(self) -> dict:
        return {"effort_id": self.effort_id, "citizen_id": self.citizen_id, "case_number": self.case_number,
                "offer": self.offer_name, "paragraph": self.paragraph, "start": self.start, "reasons": self.reasons}


@dataclass
class Built:
    month: datetime.date
    records: list[Record] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        """Per paragraph: efforts started, ended, running through the month, and in all."""
        first, last = month_bounds(self.month)
        out: dict[str, Counter] = {}
        for r in self.records:
            c = out.setdefault(r.paragraph, Counter())
            c["total"] += 1
            if r.start and r.start >= first:
                c["started"] += 1
            if r.end and r.end <= last:
                c["ended"] += 1
            if (r.start and r.start < first) and (r.end is None or r.end > last):
                c["running"] += 1
        return {p: {k: c.get(k, 0) for k in ("started", "running", "ended", "total")}
                for p, c in sorted(out.items(), key=lambda kv: _paragraph_order(kv[0]))}

    def content(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
        writer.writerow(HEADER)
        for r in sorted(self.records, key=lambda r: r.effort_id):
            writer.writerow(r.row())
        return buffer.getvalue()


def _paragraph_order(code: str) -> tuple[int, str]:
    number = code.rstrip("abcdefghijklmnopqrstuvwxyz")
    return (int(number) if number.isdigit() else 9999, code)


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def efforts(municipality, month: datetime.date):
    """The municipality's efforts that ran in the month, any paragraph: started (the day it really began,
    `activated_on`) on or before its last day, and not ended before its first. A grant cancelled before it
    started never ran and is not here; nor is another municipality's."""
    first, last = month_bounds(month)
    return (Decision.objects.filter(municipality=municipality, citizen__municipality=municipality,
                                    status__in=(Decision.Status.ACTIVE, Decision.Status.ENDED),
                                    activated_on__isnull=False, activated_on__lte=last)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
            .select_related("citizen", "case", "offer__legal_basis")
            .order_by("activated_on", "pk"))


def record_of(decision: Decision, municipality) -> Record | None:
    """The effort as the report's record, or None when its paragraph is not one the report holds."""
    basis = decision.offer.legal_basis
    paragraph = paragraph_code(basis.law, basis.paragraph) if basis else ""
    if paragraph not in REPORTED:
        return None
    case = decision.case
    return Record(
        effort_id=decision.pk, citizen_id=decision.citizen_id, municipality_code=municipality.code,
        cpr=decision.citizen.cpr, paragraph=paragraph, services=list(decision.services or []),
        target_group=case.primary_target_group, other_groups=[g for g in case.target_groups
                                                              if g != case.primary_target_group],
        offer_type=decision.offer.ffb_offer_type, provider=OWN if decision.offer.municipality_id == municipality.pk
        else OTHER, decided_on=decision.decided_on, start=decision.activated_on,
        end=decision.ended_on if decision.status == Decision.Status.ENDED else None,
        case_number=case.number or str(case.pk), offer_name=decision.offer.name)


def problems(record: Record, month: datetime.date) -> list[str]:
    """Why a record cannot be reported, in Danish (empty: it can)."""
    reasons = []
    first, last = month_bounds(month)
    if not (len(record.municipality_code) == 3 and record.municipality_code.isdigit()):
        reasons.append("Kommunekoden mangler eller er ikke tre cifre.")
    try:
        clean_cpr(record.cpr)
    except ValidationError as exc:
        reasons.append(f"CPR-nummeret kan ikke indberettes: {exc.messages[0]}")
    if record.paragraph not in REPORTED:
        reasons.append(f"{paragraph_label(record.paragraph)} indgår ikke i statistikken.")
    if not record.target_group:
        reasons.append("Sagen har ingen primær målgruppe (FFB).")
    elif not ffb.is_code_in(record.target_group, "Målgruppe"):
        reasons.append("Sagens primære målgruppe er ikke en FFB-målgruppe.")
    if any(not ffb.is_code_in(g, "Målgruppe") for g in record.other_groups):
        reasons.append("En af sagens øvrige målgrupper er ikke en FFB-målgruppe.")
    if any(not ffb.is_code_in(s, "Ydelse") for s in record.services):
        reasons.append("En af indsatsens ydelser er ikke en FFB-ydelse.")
    if record.paragraph in STAYS and not record.offer_type:
        reasons.append("Tilbuddet har ingen FFB-tilbudstype (skal oplyses for ophold efter §§ 107 og 108).")
    if record.start is None:
        reasons.append("Indsatsen har ingen startdato.")
    else:
        if record.start > last:
            reasons.append("Indsatsen starter efter måneden.")
        if record.end is not None and record.end < record.start:
            reasons.append("Slutdatoen ligger før startdatoen.")
        if record.decided_on is not None and record.decided_on > record.start + datetime.timedelta(days=365):
            reasons.append("Afgørelsesdatoen ligger mere end et år efter startdatoen.")
    if record.end is not None and record.end < first:
        reasons.append("Indsatsen sluttede før måneden.")
    return reasons


def build(municipality, month: datetime.date) -> Built:
    """Select every effort under the reported paragraphs that ran in the month, check each, and keep the
    valid ones; a refused one is listed with its reasons and the rest are reported."""
    month = month.replace(day=1)
    built = Built(month=month)
    seen: dict[tuple, int] = {}
    for decision in efforts(municipality, month):
        record = record_of(decision, municipality)
        if record is None or age_on(decision.citizen.birth_date, month_bounds(month)[1]) < ADULT_AGE:
            continue  # not a paragraph of the statistic, or not yet an adult (children are another statistic)
        reasons = problems(record, month)
        key = (record.cpr, record.paragraph, decision.offer_id, record.start)
        if not reasons and key in seen:
            reasons.append(f"Dublet: samme borger, paragraf, tilbud og startdato som indsats nr. {seen[key]}.")
        if reasons:
            built.rejected.append(Rejection(
                effort_id=record.effort_id, citizen_id=record.citizen_id, case_number=record.case_number,
                offer_name=record.offer_name, paragraph=record.paragraph, start=_iso(record.start), reasons=reasons))
            continue
        seen[key] = record.effort_id
        built.records.append(record)
    return built


def parse(content: str) -> dict[str, dict[str, str]]:
    """A written file back into its rows, by effort id (to say what changed between versions)."""
    if not content:
        return {}
    rows = csv.DictReader(io.StringIO(content), delimiter=";")
    return {row["INDSATS_ID"]: row for row in rows}


def differences(before: str, after: str) -> dict:
    """What changed from one version's file to the next: efforts added, removed and changed (which fields)."""
    old, new = parse(before), parse(after)
    added = sorted((k for k in new if k not in old), key=int)
    removed = sorted((k for k in old if k not in new), key=int)
    changed = []
    for k in sorted((k for k in new if k in old), key=int):
        fields = [f for f in HEADER if old[k].get(f, "") != new[k].get(f, "")]
        if fields:
            changed.append({"effort_id": int(k), "fields": fields})
    return {"added": [int(k) for k in added], "removed": [int(k) for k in removed], "changed": changed}

"""Every write of the budget follow-up: the chart of accounts, the mapping of offers to functions, prices,
the original budget, supplementary appropriations, actual spend (a form or an import from the finance
system) and the explanation of a deviation. Keyword-only, the acting user first, the permission and the
municipality checked first, one transaction, audited. None of it touches citizen data."""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tovholder.accounts.principals import Actor, Principal, require_perm, require_same_municipality
from tovholder.audit.services import audit, lock_naming_editor
from tovholder.offers.models import Offer
from tovholder.records import clean_text

from . import chart
from .events import Event
from .models import (
    AccountFunction,
    ActualSpend,
    Appropriation,
    Explanation,
    FunctionMapping,
    OfferPrice,
    PriceUnit,
    SpendImport,
    Supplement,
)

MANAGE = "budget.manage_budget"
MAX_AMOUNT = Decimal("999999999999")  # under the columns' 14 digits
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december"]
IMPORT_COLUMNS = ("funktion", "år", "måned", "beløb")
MAX_IMPORT_BYTES = 2_000_000
MAX_IMPORT_ROWS = 10_000
_CODE = re.compile(r"^\d\.\d{2}\.\d{2}$")
_GROUPING = re.compile(r"^\d{3}$")
# Danish amounts: an optional minus, digits with optional thousands dots in groups of three, an optional
# decimal comma with one or two decimals ("1.234.567,89", "-2500", "2500,5").
_AMOUNT = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$")
_POINT_DECIMAL = re.compile(r"^-?\d+(,\d{3})*\.\d{1,2}$")


def _manager(actor: Actor) -> Principal:
    return require_perm(actor, MANAGE)


def _year(year, *, field: str = "year") -> int:
    today = timezone.localdate()
    if not isinstance(year, int) or not 2000 <= year <= today.year + 5:
        raise ValidationError({field: f"Året skal være et årstal mellem 2000 og {today.year + 5}."})
    return year


def parse_amount(text: object, *, field: str = "amount", label: str = "beløbet") -> Decimal:
    """An amount as Danes write it: decimal comma, optionally thousands dots ("1.234.567,89"). A decimal
    point ("1234.50") is refused with a message saying so, never read as thousands."""
    if isinstance(text, Decimal):
        value = text
    else:
        raw = str(text or "").strip().replace(" ", "").replace("\u00a0", "").removesuffix("kr.").strip()
        if not raw:
            raise ValidationError({field: f"Skriv {label}."})
        if _POINT_DECIMAL.match(raw):
            raise ValidationError({field: f"{label.capitalize()} »{raw[:30]}« er skrevet med decimalpunktum. "
                                          "Skriv det med decimalkomma, fx 1234,50 (punktum bruges kun som "
                                          "tusindtalsskille)."})
        if not _AMOUNT.match(raw):
            raise ValidationError({field: f"{label.capitalize()} »{raw[:30]}« er ikke et beløb. Skriv fx 2.500.000 "
                                          "eller 1234,50."})
        try:
            value = Decimal(raw.replace(".", "").replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            raise ValidationError({field: f"{label.capitalize()} er ikke et beløb."}) from None
    if not value.is_finite() or abs(value) > MAX_AMOUNT:
        raise ValidationError({field: f"{label.capitalize()} er for stort."})
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({field: f"{label.capitalize()} kan højst have to decimaler (øre)."})
    return value


def find_function(municipality_id: int, account: str, year: int, *, field: str = "function") -> AccountFunction:
    """The chart's row for an account written as "5.38.38" or "5.38.38.005", valid in the year."""
    text = str(account or "").strip()
    parts = text.split(".")
    code, grouping = (".".join(parts[:3]), parts[3]) if len(parts) == 4 else (text, "")
    if not _CODE.match(code) or (grouping and not _GROUPING.match(grouping)):
        raise ValidationError({field: f"»{text[:30]}« er ikke en funktion i kontoplanen. Skriv fx 5.38.38 eller "
                                      "5.38.38.005 (funktion og gruppering)."})
    rows = [f for f in AccountFunction.objects.filter(municipality_id=municipality_id, code=code, grouping=grouping)
            if f.valid_in(year)]
    if not rows:
        raise ValidationError({field: f"Funktionen {text} findes ikke i kommunens kontoplan for {year}. Opret den "
                                      "under Kontoplan og takster, eller ret koden."})
    return rows[0]


def _function_in(actor: Actor, function: AccountFunction, year: int) -> AccountFunction:
    require_same_municipality(actor, function)
    if not function.valid_in(year):
        raise ValidationError({"function": f"Funktionen {function.account} gælder ikke i {year}."})
    return function


def _offer_in(principal: Principal, offer: Offer) -> None:
    """The municipality's own offer, or a shared one it holds a quota in (it pays for its citizens there)."""
    if not Offer.objects.available_to(principal.municipality).filter(pk=offer.pk).exists():
        raise PermissionDenied("Tilbuddet er hverken kommunens eget eller et fælles tilbud, kommunen har en kvote i.")


# --- the chart and the mapping -------------------------------------------------------------------------------

@transaction.atomic
def load_standard_chart(*, actor: Actor, first_year: int) -> int:
    """The standard rows of `chart.STANDARD` the municipality does not have yet, valid from a year."""
    principal = _manager(actor)
    assert actor.is_authenticated
    first_year = _year(first_year, field="first_year")
    added = 0
    for code, grouping, title in chart.STANDARD:
        if not AccountFunction.objects.filter(municipality_id=principal.municipality_id, code=code,
                                              grouping=grouping).exists():
            row = AccountFunction.objects.create(municipality_id=principal.municipality_id, code=code,
                                                 grouping=grouping, title=title, first_year=first_year)
            audit(actor, row, Event.BUDGET_FUNCTION_ADDED, konto=row.account, fra=first_year)
            added += 1
    return added


@transaction.atomic
def add_function(*, actor: Actor, code: str, grouping: str = "", title: str, first_year: int,
                 last_year: int | None = None) -> AccountFunction:
    principal = _manager(actor)
    assert actor.is_authenticated
    code, grouping = (code or "").strip(), (grouping or "").strip()
    if not _CODE.match(code):
        raise ValidationError({"code": "Funktionen skrives som hovedkonto, hovedfunktion og funktion, fx 5.38.38."})
    if grouping and not _GROUPING.match(grouping):
        raise ValidationError({"grouping": "Grupperingen er tre cifre, fx 005 (eller tom)."})
    title = clean_text(title, field="title", label="betegnelsen", required=True, max_length=200, markup=False)
    first_year = _year(first_year, field="first_year")
    if last_year is not None and _year(last_year, field="last_year") < first_year:
        raise ValidationError({"last_year": "Det sidste år kan ikke ligge før det første."})
    overlapping = [f for f in AccountFunction.objects.filter(municipality_id=principal.municipality_id, code=code,
                                                             grouping=grouping)
                   if f.first_year <= (last_year or 9999) and first_year <= (f.last_year or 9999)]
    if overlapping:
        raise ValidationError({"code": f"Kontoplanen har allerede {overlapping[0].account} i de år."})
    row = AccountFunction.objects.create(municipality_id=principal.municipality_id, code=code, grouping=grouping,
                                         title=title, first_year=first_year, last_year=last_year)
    audit(actor, row, Event.BUDGET_FUNCTION_ADDED, konto=row.account, fra=first_year, til=last_year)
    return row


@transaction.atomic
def set_mapping(*, actor: Actor, offer: Offer | None, year: int, function: AccountFunction) -> FunctionMapping:
    """The function the offer's spend is booked on in the year (a new choice replaces the old). Without an
    offer: the function of the purchased places that have no offer to come home to."""
    principal = _manager(actor)
    assert actor.is_authenticated
    if offer is not None:
        _offer_in(principal, offer)
    year = _year(year)
    _function_in(actor, function, year)
    mapping, created = FunctionMapping.objects.select_for_update().get_or_create(
        municipality_id=principal.municipality_id, offer=offer, year=year, defaults={"function": function})
    before = None if created else mapping.function.account
    if not created:
        mapping.function = function
        mapping.save(update_fields=["function"])
    audit(actor, mapping, Event.BUDGET_MAPPING_SET, tilbud=offer.pk if offer else None, aar=year,
          konto=function.account, foer=before)
    return mapping


@transaction.atomic
def set_price(*, actor: Actor, offer: Offer, valid_from: datetime.date, price, unit: str, note: str = ""
              ) -> OfferPrice:
    """A price of the offer from a day (a price on the same day is replaced)."""
    principal = _manager(actor)
    assert actor.is_authenticated
    _offer_in(principal, offer)
    if not isinstance(valid_from, datetime.date) or not 2000 <= valid_from.year <= timezone.localdate().year + 5:
        raise ValidationError({"valid_from": "Skriv den dag, taksten gælder fra."})
    amount = parse_amount(price, field="price", label="taksten")
    if amount < 0:
        raise ValidationError({"price": "En takst kan ikke være negativ."})
    if unit not in PriceUnit.values:
        raise ValidationError({"unit": "Vælg om taksten er pr. time, døgn, måned eller år."})
    note = clean_text(note, field="note", label="bemærkningen", required=False, max_length=300, markup=False)
    row, created = OfferPrice.objects.select_for_update().get_or_create(
        municipality_id=principal.municipality_id, offer=offer, valid_from=valid_from,
        defaults={"price": amount, "unit": unit, "note": note,
                  "created_by": actor})
    before = None if created else (str(row.price), row.unit)
    if not created:
        row.price, row.unit, row.note = amount, unit, note
        row.save(update_fields=["price", "unit", "note"])
    audit(actor, row, Event.BUDGET_PRICE_SET, tilbud=offer.pk, fra=valid_from, takst=amount, enhed=unit, foer=before)
    return row


# --- appropriations --------------------------------------------------------------------------------------------

@transaction.atomic
def set_original(*, actor: Actor, function: AccountFunction, year: int, amount, version: int | None = None
                 ) -> Appropriation:
    """The original budget of a function in a year (never negative: a budget to spend)."""
    _manager(actor)
    assert actor.is_authenticated
    year = _year(year)
    _function_in(actor, function, year)
    value = parse_amount(amount, label="det oprindelige budget")
    if value < 0:
        raise ValidationError({"amount": "Det oprindelige budget kan ikke være negativt. En besparelse i årets løb "
                                         "registreres som en negativ tillægsbevilling."})
    current = Appropriation.objects.filter(function=function, year=year).first()
    if current is None:
        row = Appropriation.objects.create(municipality=function.municipality, function=function, year=year,
                                           original=value, updated_by=actor)
        before = None
    else:
        row = lock_naming_editor(Appropriation, current, version, "Budgettet")
        before = row.original
        row.original, row.updated_by = value, actor
        row.version += 1
        row.save(update_fields=["original", "updated_by", "updated_at", "version"])
    audit(actor, row, Event.BUDGET_ORIGINAL_SET, konto=function.account, aar=year, beloeb=value, foer=before)
    return row


@transaction.atomic
def add_supplement(*, actor: Actor, function: AccountFunction, year: int, amount, decided_on: datetime.date,
                   text: str) -> Supplement:
    """A supplementary appropriation: an amount (negative for a cut, never zero), the day it was granted and
    what it is for."""
    _manager(actor)
    assert actor.is_authenticated
    year = _year(year)
    _function_in(actor, function, year)
    value = parse_amount(amount, label="tillægsbevillingen")
    if value == 0:
        raise ValidationError({"amount": "En tillægsbevilling på 0 kr. ændrer intet. Skriv beløbet (negativt ved en "
                                         "besparelse)."})
    if not isinstance(decided_on, datetime.date) or not year - 2 <= decided_on.year <= year:
        raise ValidationError({"decided_on": f"Datoen for bevillingen skal ligge i {year} eller de to år før."})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "En tillægsbevilling registreres, når den er givet: datoen kan ikke "
                                             "ligge i fremtiden."})
    text = clean_text(text, field="text", label="teksten", required=True, max_length=500, min_length=5, markup=False)
    row = Supplement.objects.create(municipality=function.municipality, function=function, year=year, amount=value,
                                    decided_on=decided_on, text=text, created_by=actor)
    audit(actor, row, Event.BUDGET_SUPPLEMENT_ADDED, konto=function.account, aar=year, beloeb=value,
          dato=decided_on)
    return row


@transaction.atomic
def set_explanation(*, actor: Actor, function: AccountFunction, year: int, text: str, version: int | None = None
                    ) -> Explanation:
    _manager(actor)
    assert actor.is_authenticated
    year = _year(year)
    _function_in(actor, function, year)
    text = clean_text(text, field="text", label="forklaringen", required=True, max_length=2000)
    current = Explanation.objects.filter(function=function, year=year).first()
    if current is None:
        row = Explanation.objects.create(municipality=function.municipality, function=function, year=year,
                                         text=text, updated_by=actor)
    else:
        row = lock_naming_editor(Explanation, current, version, "Forklaringen")
        row.text, row.updated_by = text, actor
        row.version += 1
        row.save(update_fields=["text", "updated_by", "updated_at", "version"])
    audit(actor, row, Event.BUDGET_EXPLANATION_SET, konto=function.account, aar=year)
    return row


# --- actual spend ----------------------------------------------------------------------------------------------

def _check_month(year: int, month, *, field: str = "month") -> int:
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise ValidationError({field: "Måneden skal være et tal fra 1 til 12."})
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):
        raise ValidationError({field: "Forbrug kan kun bogføres for en måned, der er begyndt."})
    return month


def _book(actor: Actor, function: AccountFunction, year: int, month: int, amount: Decimal,
          source: SpendImport | None) -> tuple[ActualSpend, Decimal | None]:
    assert actor.is_authenticated
    row = ActualSpend.objects.select_for_update().filter(function=function, year=year, month=month).first()
    if row is None:
        return ActualSpend.objects.create(municipality=function.municipality, function=function, year=year,
                                          month=month, amount=amount, source=source, recorded_by=actor), None
    before = row.amount
    row.amount, row.source, row.recorded_by = amount, source, actor
    row.save(update_fields=["amount", "source", "recorded_by", "recorded_at"])
    return row, before


@transaction.atomic
def record_actual(*, actor: Actor, function: AccountFunction, year: int, month: int, amount,
                  replace: bool = False) -> ActualSpend:
    """The actual spend of a function in a month. A month already booked is refused, unless the user confirms
    that the new amount replaces the old (the audit keeps the old amount)."""
    _manager(actor)
    assert actor.is_authenticated
    year = _year(year)
    _function_in(actor, function, year)
    month = _check_month(year, month)
    value = parse_amount(amount, label="forbruget")
    existing = ActualSpend.objects.select_for_update().filter(function=function, year=year, month=month).first()
    if existing is not None and not replace:
        raise ValidationError({"month": (
            f"{MONTHS[month - 1].capitalize()} {year} er allerede bogført på {function.account} med "
            f"{existing.amount} kr. Sæt kryds i »Erstat det bogførte beløb«, hvis det nye beløb skal gælde.")})
    row, before = _book(actor, function, year, month, value, None)
    audit(actor, row, Event.BUDGET_ACTUAL_RECORDED, konto=function.account, aar=year, maaned=month, beloeb=value,
          foer=before)
    return row


@dataclass
class ImportReport:
    """What an import did or would do: the rows read, the errors by line (nothing is written when there is
    one), the months already booked (written only when the user confirmed replacing them)."""

    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    already: list[tuple[int, str]] = field(default_factory=list)
    written: SpendImport | None = None

    @property
    def ok(self) -> bool:
        return self.written is not None


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")  # Danish Excel saves CSV in Windows-1252


def _messages(exc: ValidationError) -> str:
    return " ".join(m for msgs in exc.message_dict.values() for m in msgs) if hasattr(exc, "error_dict") \
        else " ".join(exc.messages)


@transaction.atomic
def import_actuals(*, actor: Actor, filename: str, content: bytes, replace: bool = False) -> ImportReport:
    """Actual spend per function and month from the finance system as CSV: semicolons, the columns Funktion,
    År, Måned, Beløb (Danish decimal comma). All or nothing: one bad row and nothing is written; the report
    names each bad row. A month already booked is written only with `replace` (the user's confirmation)."""
    principal = _manager(actor)
    assert actor.is_authenticated
    report = ImportReport()
    if len(content) > MAX_IMPORT_BYTES:
        report.errors.append((0, "Filen er for stor (højst 2 MB)."))
        return report
    text = _decode(content)
    if "\x00" in text:
        report.errors.append((0, "Filen er ikke en tekstfil (CSV)."))
        return report
    lines = text.splitlines()
    if not lines:
        report.errors.append((0, "Filen er tom."))
        return report
    reader = csv.reader(io.StringIO(text), delimiter=";")
    header = [h.strip().lower() for h in next(reader)]
    if len(header) == 1 and "," in header[0]:
        report.errors.append((1, "Kolonnerne er adskilt med komma. Filen skal have semikolon mellem kolonnerne "
                                 "(som Excel gemmer CSV på dansk)."))
        return report
    if sorted(header) != sorted(IMPORT_COLUMNS):
        report.errors.append((1, "Kolonnerne skal være præcis: Funktion;År;Måned;Beløb (fandt: "
                                 f"{';'.join(h[:20] for h in header[:8]) or 'ingen'})."))
        return report
    col = {name: header.index(name) for name in IMPORT_COLUMNS}
    seen: dict[tuple[int, int, int], int] = {}
    parsed = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        report.rows += 1
        if report.rows > MAX_IMPORT_ROWS:
            report.errors.append((number, f"Filen har mere end {MAX_IMPORT_ROWS} rækker."))
            break
        if len(row) != len(header):
            report.errors.append((number, f"Rækken har {len(row)} kolonner, men overskriften har {len(header)}."))
            continue
        try:
            year_text, month_text = row[col["år"]].strip(), row[col["måned"]].strip()
            if not year_text.isdigit() or len(year_text) != 4:
                raise ValidationError({"year": f"Året »{year_text[:10]}« er ikke et årstal."})
            year = _year(int(year_text))
            month_value = int(month_text) if month_text.isdigit() and len(month_text) <= 2 else \
                (MONTHS.index(month_text.lower()) + 1 if month_text.lower() in MONTHS else None)
            if month_value is None:
                raise ValidationError({"month": f"Måneden »{month_text[:12]}« er ikke en måned (1–12 eller navnet)."})
            month = _check_month(year, month_value)
            function = find_function(principal.municipality_id, row[col["funktion"]], year)
            amount = parse_amount(row[col["beløb"]], label="beløbet")
        except ValidationError as exc:
            report.errors.append((number, _messages(exc)))
            continue
        key = (function.pk, year, month)
        if key in seen:
            report.errors.append((number, f"{function.account} {MONTHS[month - 1]} {year} står også i række "
                                          f"{seen[key]}. En måned må kun stå én gang i filen."))
            continue
        seen[key] = number
        parsed.append((number, function, year, month, amount))
    if report.errors:
        return report
    booked = {(f, y, m): a for f, y, m, a in ActualSpend.objects.select_for_update().filter(
        municipality_id=principal.municipality_id, function_id__in={p[1].pk for p in parsed},
        year__in={p[2] for p in parsed}).values_list("function_id", "year", "month", "amount")}
    for number, function, year, month, _amount in parsed:
        if (function.pk, year, month) in booked:
            report.already.append((number, f"{function.account} {MONTHS[month - 1]} {year} er allerede bogført med "
                                           f"{booked[(function.pk, year, month)]} kr."))
    if report.already and not replace:
        return report
    if not parsed:
        report.errors.append((0, "Filen har ingen rækker med forbrug."))
        return report
    name = re.sub(r"[<>\x00-\x1f]", "", filename or "").strip()[:200] or "import.csv"
    batch = SpendImport.objects.create(municipality_id=principal.municipality_id, filename=name,
                                       rows=len(parsed), replaced=len(report.already), imported_by=actor)
    for _number, function, year, month, amount in parsed:
        _book(actor, function, year, month, amount, batch)
    audit(actor, batch, Event.BUDGET_ACTUALS_IMPORTED, fil=batch.filename, raekker=len(parsed),
          erstattet=len(report.already))
    report.written = batch
    return report


def require_manager(actor: Actor) -> Principal:
    """For views: refuse before a form is read."""
    return _manager(actor)

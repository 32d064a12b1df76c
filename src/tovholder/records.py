"""Records are never overwritten blindly (ARCHITECTURE.md, rule 4): a save based on an older version
is refused — nothing is lost. (Which municipality a write may touch: `accounts.principals` and the
write gate in `citizens.gate`.)"""

import datetime
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import formats, timezone


def _count(n: int) -> str:
    """Danish grouping (Django's "da" formats, as tovholder.layout.formats uses): 12000 -> '12.000'."""
    return formats.number_format(n, use_l10n=True, force_grouping=True)

STALE = "En anden har gemt ændringer, mens du arbejdede. Intet er gemt; se de nye oplysninger og prøv igen."


class StaleEditError(ValidationError):
    """Someone else saved the record after this user opened it; `current` is the record as it is now."""

    def __init__(self, message, current=None):
        super().__init__(message)
        self.current = current


def lock_version(model, obj, version: int | None, message: str | Callable[[object], str] = STALE):
    """Lock the record's row for this transaction and check that it is still the version the user
    saw (`None`: no check). Returns the current row."""
    current = model.objects.select_for_update().get(pk=obj.pk)
    if version is not None and current.version != version:
        raise StaleEditError(message(current) if callable(message) else message, current=current)
    return current


def clean_text(value: str | None, *, field: str, label: str, required: bool, max_length: int,
               min_length: int = 0, markup: bool = True) -> str:
    """Free text from a form, stripped; a Danish message on the field when it is missing, too short or
    too long — or, with `markup=False` (names and titles), when it holds the characters < and >."""
    value = (value or "").strip()
    if not markup and ("<" in value or ">" in value):
        raise ValidationError({field: f"{label.capitalize()} må ikke indeholde tegnene < og >. Skriv almindelig "
                                      "tekst."})
    if required and not value:
        raise ValidationError({field: f"Skriv {label}."})
    if value and len(value) < min_length:
        raise ValidationError({field: f"Skriv {label} med mindst {min_length} tegn."})
    if len(value) > max_length:
        raise ValidationError({field: f"Teksten er på {_count(len(value))} tegn; der er plads til "
                                      f"{_count(max_length)}."})
    return value


def check_day(day: datetime.date | None, *, field: str, what: str, years_back: int,
              not_before: datetime.date | None = None, before_what: str = "",
              allow_future: bool = False) -> datetime.date:
    """A date as it happened: not in the future (unless allowed), not before the record it follows
    (`not_before`, named `before_what`), and not further back than the municipality allows. A Danish
    message on `field` otherwise."""
    today = timezone.localdate()
    if day is None:
        raise ValidationError({field: f"Skriv datoen for {what.lower()}."})
    if not allow_future and day > today:
        raise ValidationError({field: f"{what} kan ikke ligge i fremtiden."})
    if allow_future and day > _shift_years(today, 5):
        raise ValidationError({field: f"{what} ligger mere end fem år frem."})
    earliest = _shift_years(today, -years_back)
    if day < earliest:
        raise ValidationError({field: f"{what} ligger mere end {years_back} år tilbage. Kommunen tillader at "
                                      f"datere hændelser {years_back} år tilbage."})
    if not_before is not None and day < not_before:
        raise ValidationError({field: f"{what} kan ikke ligge før {before_what} "
                                      f"({formats.date_format(not_before, use_l10n=True)})."})
    return day


def _shift_years(day: datetime.date, years: int) -> datetime.date:
    year = min(max(day.year + years, 1), 9999)
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=year, day=28)


def append_only(*tables: str):
    """A migration operation: the tables refuse UPDATE and DELETE in the database itself (as the audit
    trail does). For records kept as they were written: letters as sent, case notes."""
    from django.db import migrations

    def create(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for table in tables:
            if vendor == "sqlite":
                for op in ("UPDATE", "DELETE"):
                    schema_editor.execute(f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                                          f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;")
            elif vendor == "postgresql":  # the function comes with audit's migration 0002
                schema_editor.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                                      f"FOR EACH ROW EXECUTE FUNCTION tovholder_append_only();")

    def drop(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for table in tables:
            if vendor == "sqlite":
                for op in ("update", "delete"):
                    schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op};")
            elif vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")

    return migrations.RunPython(create, drop)


MAX_JSON_DEPTH = 32


SYNTAX = "{what} kan ikke læses (linje {line}, kolonne {col}): tjek kommaer, anførselstegn og klammer."


def load_json(text: str, *, what: str = "JSON-teksten", syntax: str = SYNTAX) -> object:
    """JSON typed or uploaded by a user, refused with a Danish message (never a server error) when it
    cannot be read, is nested deeper than MAX_JSON_DEPTH, holds NaN/Infinity or a number too large to be
    a float, or holds a NUL character (PostgreSQL stores none)."""
    import json
    import math

    def no_constant(name: str) -> float:
        raise ValueError(name)

    def finite(token: str) -> float:
        number = float(token)
        if not math.isfinite(number):
            raise ValueError(token)
        return number

    if "\x00" in text or "\\u0000" in text.lower():
        raise ValidationError(f"{what} indeholder et NUL-tegn, som ikke kan gemmes.")
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:  # the nesting is counted before parsing, so no parser recurses on it
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                raise ValidationError(f"{what} er indlejret i mere end {MAX_JSON_DEPTH} niveauer.")
        elif ch in "]}":
            depth -= 1
    try:
        return json.loads(text, parse_constant=no_constant, parse_float=finite)
    except json.JSONDecodeError as exc:
        raise ValidationError(syntax.format(what=what, line=exc.lineno, col=exc.colno)) from None
    except (ValueError, RecursionError):
        raise ValidationError(f"{what} indeholder et tal, der ikke kan bruges (NaN, uendelig eller for stort).") \
            from None


def int_or_none(value: object) -> int | None:
    """A whole number from a URL parameter or a form value, or None for anything else (never a server
    error on 'abc', '1e5', a NUL character or a 10 000-digit number)."""
    text = str(value).strip() if value is not None else ""
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        return None
    return int(text)




def clean_decimal(value: object, *, field: str, label: str, example: str = "2,5", places: int = 2,
                  max_abs: Decimal | None = None) -> Decimal:
    """A number typed the Danish way ("27,5", "1 250,25") or the machine way ("27.5"), with at most `places`
    decimals (and at most `max_abs` either side of 0); a Danish ValidationError on `field` otherwise (never NaN,
    infinity or a server error on 'abc')."""
    if isinstance(value, str):
        value = value.strip().replace(" ", "").replace("\N{NO-BREAK SPACE}", "")
        if value.count(",") == 1 and "." not in value:
            value = value.replace(",", ".")
    try:
        number = Decimal(value)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: f"Skriv {label} som et tal, fx {example}."}) from None
    if not number.is_finite() or (max_abs is not None and abs(number) > max_abs):
        raise ValidationError({field: f"Skriv {label} som et tal, fx {example}."})
    step = Decimal(1).scaleb(-places)
    if number.adjusted() > 15:  # beyond any amount, count or FTE here (and beyond what quantize can hold)
        raise ValidationError({field: f"Skriv {label} som et tal, fx {example}."})
    if number != number.quantize(step):
        count = "to" if places == 2 else str(places)
        raise ValidationError({field: f"Skriv {label} med højst {count} decimaler."})
    return number.quantize(step)


def write_whole(target: Path, data: bytes | str) -> None:
    """Write a file for others to pick up (a delivery, a letter, a report) whole or not at all: under a temporary
    name of this writer's own, then renamed. Two writers of the same file at once (two workers, a rerun) each
    rename a whole file and the last one stands; a reader never sees half a file, and nothing half is left."""
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def among(ids: Iterable[int]) -> RawSQL:
    """A list of ids computed in Python as one SQL parameter, for `pk__in=among(ids)`: however many ids (tens of
    thousands for a figure's list at national size), one array on PostgreSQL and one JSON text on SQLite, instead
    of a parameter per id (SQLite takes at most 32 766, and a query of ten thousand parameters is slow to plan)."""
    ids = [int(i) for i in ids]
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (ids,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))

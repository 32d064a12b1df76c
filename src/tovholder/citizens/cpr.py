"""CPR numbers: validation with python-stdnum, Danish messages, birth date and age."""

import datetime

from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_exceptions
from stdnum.dk import cpr as stdnum_cpr

OLDEST_AGE = 120


def clean_cpr(value: str, *, today: datetime.date | None = None) -> str:
    """Return the 10 digits of a valid CPR number, or raise a Danish ValidationError."""
    today = today or datetime.date.today()
    raw = (value or "").strip()
    if not raw:
        raise ValidationError("Skriv borgerens CPR-nummer.", code="required")
    try:
        number = stdnum_cpr.validate(raw)
    except stdnum_exceptions.InvalidLength:
        raise ValidationError("Et CPR-nummer har 10 cifre (fx 010190-1234).", code="length") from None
    except stdnum_exceptions.InvalidFormat:
        raise ValidationError("CPR-nummeret må kun indeholde tal (fx 010190-1234).", code="format") from None
    except stdnum_exceptions.InvalidComponent:
        raise ValidationError(
            "CPR-nummeret indeholder ikke en gyldig fødselsdato, eller fødselsdatoen ligger i fremtiden.",
            code="date",
        ) from None
    except stdnum_exceptions.ValidationError:
        raise ValidationError("CPR-nummeret er ikke gyldigt.", code="invalid") from None
    if age_on(birth_date(number), today) > OLDEST_AGE:
        raise ValidationError(
            "CPR-nummeret giver en fødselsdato for mere end 120 år siden. Kontrollér 7. ciffer.", code="too_old"
        )
    return number


def birth_date(number: str) -> datetime.date:
    return stdnum_cpr.get_birth_date(number)


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def format_cpr(number: str) -> str:
    """The Danish way: DDMMÅÅ-XXXX."""
    return f"{number[:6]}-{number[6:]}" if len(number) == 10 else number


def serial_digit_for(year: int) -> range:
    """The 7th digits that encode this birth year's century (used to generate demo numbers)."""
    if 1900 <= year <= 1999:
        return range(0, 4)
    if 2000 <= year <= 2036:
        return range(4, 5)
    raise ValueError(f"unsupported birth year {year}")

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from tovholder.citizens.cpr import age_on, birth_date, clean_cpr, format_cpr

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.parametrize("raw, expected", [
    ("0101901234", "0101901234"),
    ("010190-1234", "0101901234"),
    (" 010190 1234 ", "0101901234"),
])
def test_valid_numbers_are_compacted(raw, expected):
    assert clean_cpr(raw, today=TODAY) == expected


@pytest.mark.parametrize("raw, message", [
    ("", "Skriv borgerens CPR-nummer"),
    ("01019O1234", "kun indeholde tal"),
    ("010190123", "10 cifre"),
    ("3213901234", "gyldig fødselsdato"),
    ("3002901234", "gyldig fødselsdato"),
    ("0101305234", "fremtiden"),  # 7th digit 5 with year 30 → 2030: not born yet
    ("2110625629", "mere end 120 år"),  # 7th digit 5, year 62 → 1862
    ("<script>", "kun indeholde tal"),
])
def test_invalid_numbers_get_danish_messages(raw, message):
    with pytest.raises(ValidationError) as exc:
        clean_cpr(raw, today=TODAY)
    assert message in exc.value.messages[0]


def test_century_from_seventh_digit():
    assert birth_date("0101904234") == datetime.date(1990, 1, 1)  # 4 with year > 36 → 1900s
    assert birth_date("0101054234") == datetime.date(2005, 1, 1)  # 4 with year <= 36 → 2000s
    assert birth_date("0101580234") == datetime.date(1958, 1, 1)


def test_format():
    assert format_cpr("0101901234") == "010190-1234"


@given(st.dates(min_value=datetime.date(1920, 1, 1), max_value=datetime.date(2010, 12, 31)),
       st.dates(min_value=datetime.date(2011, 1, 1), max_value=datetime.date(2040, 12, 31)))
def test_age_is_whole_years_passed(born, day):
    age = age_on(born, day)
    assert age >= 0
    # the birthday of the computed age is on or before the day, the next one after it
    try:
        last = born.replace(year=born.year + age)
    except ValueError:  # 29 February
        last = datetime.date(born.year + age, 3, 1)
    assert last <= day
    try:
        nxt = born.replace(year=born.year + age + 1)
    except ValueError:
        nxt = datetime.date(born.year + age + 1, 3, 1)
    assert nxt > day

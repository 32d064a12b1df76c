"""Input rules for names and free text typed by staff."""

import re

from django.core.exceptions import ValidationError

_NAME = re.compile(r"^[^\W\d_]+(?:[ \-'.][^\W\d_]*)*\.?$")


def validate_person_name(value: str) -> None:
    if "<" in value or ">" in value:
        raise ValidationError("Navnet må ikke indeholde tegnene < og >.", code="markup")
    if not _NAME.match(value.strip()):
        raise ValidationError(
            "Et navn må kun indeholde bogstaver, mellemrum, bindestreg, apostrof og punktum.", code="name"
        )


_POSTAL_CODE = re.compile(r"[0-9]{4}", re.ASCII)


def validate_postal_code(value: str) -> None:
    """A Danish postal code: exactly four ASCII digits (not 'abcd', '-123' or Arabic-Indic digits)."""
    if value and not _POSTAL_CODE.fullmatch(value):
        raise ValidationError("Et postnummer har 4 cifre, fx 2750.", code="postal_code")

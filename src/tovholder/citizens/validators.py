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

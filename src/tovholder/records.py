"""Records are never overwritten blindly (ARCHITECTURE.md, rule 4): a save based on an older version
is refused — nothing is lost. (Which municipality a write may touch: `accounts.principals` and the
write gate in `citizens.gate`.)"""

from collections.abc import Callable

from django.core.exceptions import ValidationError

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
               min_length: int = 0) -> str:
    """Free text from a form, stripped; a Danish message on the field when it is missing, too short or
    too long."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: f"Skriv {label}."})
    if value and len(value) < min_length:
        raise ValidationError({field: f"Skriv {label} med mindst {min_length} tegn."})
    if len(value) > max_length:
        raise ValidationError({field: f"Teksten er på {len(value):,} tegn; der er plads til {max_length:,}."
                                      .replace(",", ".")})
    return value

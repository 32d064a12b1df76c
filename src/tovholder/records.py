"""Two rules every write of a record follows (ARCHITECTURE.md, rules 1 and 4): the record belongs to
the acting user's municipality, and a save based on an older version is refused — nothing is lost."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError

from tovholder.accounts.scope import staff_profile

STALE = "En anden har gemt ændringer, mens du arbejdede. Intet er gemt; se de nye oplysninger og prøv igen."


class StaleEditError(ValidationError):
    """Someone else saved the record after this user opened it; `current` is the record as it is now."""

    def __init__(self, message, current=None):
        super().__init__(message)
        self.current = current


def require_same_municipality(actor, *objs) -> None:
    """Refuse a write that touches a record of another municipality (None entries are skipped)."""
    profile = staff_profile(actor)
    for obj in objs:
        if obj is not None and obj.municipality_id != profile.municipality_id:
            raise PermissionDenied("Posten hører til en anden kommune.")


def lock_version(model, obj, version: int | None, message: str | Callable[[object], str] = STALE):
    """Lock the record's row for this transaction and check that it is still the version the user
    saw (`None`: no check). Returns the current row."""
    current = model.objects.select_for_update().get(pk=obj.pk)
    if version is not None and current.version != version:
        raise StaleEditError(message(current) if callable(message) else message, current=current)
    return current

"""Reading untrusted dicts with user-facing (Danish) validation messages.

:class:`FieldReader` wraps one dict and a path such as ``offers[SKP].capacity`` and
collects every problem instead of stopping at the first, so a user sees all errors
in a scenario file at once.  :class:`ScenarioError` carries them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any


class ScenarioError(ValueError):
    """A scenario could not be built; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


class FieldReader:
    """Typed access to one dict with error collection.

    Every accessor returns a usable default when the value is missing or invalid
    (after recording the error), so parsing can continue and report more errors.
    """

    def __init__(self, data: Any, path: str, errors: list[str]) -> None:
        self.path = path
        self.errors = errors
        if isinstance(data, dict):
            self.data: dict[str, Any] = data
        else:
            self.data = {}
            self.fail(None, "Skal være et objekt (navngivne felter)")

    # -- bookkeeping -------------------------------------------------------------
    def where(self, key: str | None) -> str:
        """The path of a field, for messages."""
        if key is None:
            return self.path or "scenarie"
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str | None, message: str) -> None:
        """Record one error for a field."""
        self.errors.append(f"{self.where(key)}: {message}")

    def has(self, key: str) -> bool:
        """True if the field is present and not null."""
        return self.data.get(key) is not None

    def check_keys(self, allowed: Iterable[str]) -> None:
        """Report fields that are not recognised (typically typos)."""
        known = set(allowed)
        for key in self.data:
            if key not in known:
                self.fail(key, "Ukendt felt")

    # -- scalar fields -----------------------------------------------------------
    def number(
        self,
        key: str,
        default: float | None = None,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
        positive: bool = False,
        message: str | None = None,
    ) -> float:
        """A finite number, optionally bounded."""
        value = self.data.get(key, default)
        if value is None:
            self.fail(key, "Feltet mangler")
            return 0.0
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.fail(key, f"Skal være et tal, ikke {value!r}")
            return 0.0
        value = float(value)
        if positive and value <= 0.0:
            self.fail(key, message or "Skal være større end 0")
        elif minimum is not None and value < minimum:
            self.fail(key, message or f"Må ikke være mindre end {minimum:g}")
        elif maximum is not None and value > maximum:
            self.fail(key, message or f"Må ikke være større end {maximum:g}")
        return value

    def integer(self, key: str, default: int | None = None, *, minimum: int | None = None,
                maximum: int | None = None, message: str | None = None) -> int:
        """A whole number, optionally bounded."""
        value = self.data.get(key, default)
        if value is None:
            self.fail(key, "Feltet mangler")
            return 0
        if not _is_whole(value):
            self.fail(key, f"Skal være et helt tal, ikke {value!r}")
            return 0
        value = int(value)
        if minimum is not None and value < minimum:
            self.fail(key, message or f"Må ikke være mindre end {minimum}")
        elif maximum is not None and value > maximum:
            self.fail(key, message or f"Må ikke være større end {maximum}")
        return value

    def share(self, key: str, default: float = 0.0) -> float:
        """A share (probability) between 0 and 1."""
        return self.number(key, default, minimum=0.0, maximum=1.0,
                           message="Andelen skal ligge mellem 0 og 1")

    def capacity(self, key: str, default: float = 0.0) -> float:
        """A non-negative capacity figure."""
        return self.number(key, default, minimum=0.0, message="Kapaciteten kan ikke være negativ")

    def text(self, key: str, default: str | None = None) -> str:
        """A non-empty string."""
        value = self.data.get(key, default)
        if value is None:
            self.fail(key, "Feltet mangler")
            return ""
        if not isinstance(value, str) or (not value.strip() and default is None):
            self.fail(key, f"Skal være en tekst, ikke {value!r}")
            return ""
        return value

    def boolean(self, key: str, default: bool) -> bool:
        """A true/false flag."""
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.fail(key, f"Skal være true eller false, ikke {value!r}")
            return default
        return value

    def date(self, key: str, default: dt.date | None = None) -> dt.date:
        """A date written as YYYY-MM-DD."""
        value = self.data.get(key)
        if value is None:
            if default is None:
                self.fail(key, "Datoen mangler")
                return dt.date(2000, 1, 1)
            return default
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(key, f"Ugyldig dato {value!r} (brug ÅÅÅÅ-MM-DD)")
            return default or dt.date(2000, 1, 1)

    # -- nested fields -----------------------------------------------------------
    def child(self, key: str) -> FieldReader | None:
        """A nested object, or None when absent."""
        if not self.has(key):
            return None
        return FieldReader(self.data[key], self.where(key), self.errors)

    def raw(self, key: str, default: Any = None) -> Any:
        """The unparsed value of a field."""
        return self.data.get(key, default)

    def list_of(self, key: str) -> list[Any]:
        """A list (empty when absent)."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, "Skal være en liste")
            return []
        return value


def _is_whole(value: Any) -> bool:
    """True for ints and integral floats (not for booleans)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())

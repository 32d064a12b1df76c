"""What the apps above tell retention (ADR 0019): the kinds of records that start a retention
period, and the clean-up a deletion needs beyond the rows themselves.

- `@kind(key, label)`: a function `(municipality_id) -> {citizen_id: ended_on or None}`. `None` means the
  record kind is still running for the citizen (an open case, a running episode); a date is when the last
  one ended. The period of each kind is data (`RetentionRule`); a citizen is due for deletion when every
  kind that holds rows for them ended more than its period ago.
- `@before_erase`: a function `(pks: dict[model, set[int]]) -> None` run inside the deletion's transaction
  before the rows go (e.g. the journal's SQLite full-text table, which has no foreign key to follow).

The rows themselves are found by following the foreign keys that lead to the citizen (`services.holdings`),
so a new app's tables are erased without registering anything.
"""

from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[int], dict[int, "object"]]


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    ends: Clock


_kinds: dict[str, Kind] = {}
_before_erase: list[Callable] = []


def kind(key: str, label: str):
    def register(fn: Clock) -> Clock:
        _kinds[key] = Kind(key, label, fn)
        return fn

    return register


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: k.label)


def label_of(key: str) -> str:
    return _kinds[key].label if key in _kinds else key


def before_erase(fn: Callable) -> Callable:
    _before_erase.append(fn)
    return fn


def run_before_erase(pks: dict) -> None:
    for fn in _before_erase:
        fn(pks)

"""Computed task sources: tasks that are the state of other apps' data (ADR 0025-one-task-list).

An order waiting for the provider's acceptance, a follow-up past its date, a case-processing deadline, a
citizen with an active effort and no coordinator: each is a task until the data changes, and is never
stored (no task to forget to close). A higher app registers a source from its `plugins.py`:

    from tovholder.todo.sources import ComputedTask, source

    @source("visitation.order_waiting", "Bestilling venter på modtagelse", perm="visitation.accept_order")
    def orders_waiting(user, *, today):
        for order in ...:  # only citizens the user knows (Citizen.objects.known_to(user))
            yield ComputedTask(title=..., due=..., url=..., citizen=order.citizen, team_id=order.unit_id)

The function gets the user whose list is drawn and returns the computed tasks that concern the user's
work: the lists (`todo.selectors`) keep those assigned to the user, or to one of the user's teams without
an assignee (the worker's list), or to one team (the team's list). It should read few rows (one query,
with `select_related("citizen")`): the full task page runs every source the user may see. The lists
drop any task about a citizen the user does not know, whatever a source returns.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tovholder.citizens.models import Citizen


@dataclass(frozen=True)
class ComputedTask:
    title: str
    due: datetime.date | None
    url: str
    citizen: Citizen | None = None
    assignee_id: int | None = None
    team_id: int | None = None
    detail: str = ""
    ref: str = ""  # the record it is computed from, e.g. "visitation.order:12"
    source: str = ""  # filled in by the registry: the source's key


SourceFn = Callable[..., Iterable[ComputedTask]]


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    perm: str | None
    fn: SourceFn = field(compare=False)


_sources: dict[str, Source] = {}


def source(key: str, label: str, *, perm: str | None = None):
    """Register `fn(user, *, today) -> Iterable[ComputedTask]` as a computed task source, run for users
    holding `perm` (everyone when None)."""

    def register(fn: SourceFn) -> SourceFn:
        _sources[key] = Source(key, label, perm, fn)
        return fn

    return register


def sources() -> list[Source]:
    return sorted(_sources.values(), key=lambda s: s.key)


def label_of(key: str) -> str:
    found = _sources.get(key)
    return found.label if found else ""


# Labels of the keys that *stored* tasks carry (set by the apps that create them), for the filter and
# the list. Apps add theirs with `stored_source`.
_stored_labels: dict[str, str] = {"": "Oprettet af en medarbejder"}


def stored_source(key: str, label: str) -> None:
    """Name the source key a higher app gives the tasks it stores with `create_task(source=key)`."""
    _stored_labels[key] = label


def stored_label(key: str) -> str:
    return _stored_labels.get(key, key)


def stored_sources() -> dict[str, str]:
    return dict(_stored_labels)


def run_for(user, *, today: datetime.date, has_perm: Callable[[str], bool]) -> list[ComputedTask]:
    """Every computed task of every source the user may see (not yet filtered by need to know)."""
    found: list[ComputedTask] = []
    for s in sources():
        if s.perm is not None and not has_perm(s.perm):
            continue
        for item in s.fn(user, today=today):
            found.append(ComputedTask(**{**item.__dict__, "source": s.key}))
    return found

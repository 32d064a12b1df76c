"""What else ends when the authority ends an effort. Visitation decides the end; the apps above it
(support: the running episode) register here what they close with it, in the same transaction."""

import datetime
from collections.abc import Callable

_handlers: list[Callable] = []


def when_effort_ends(fn: Callable) -> Callable:
    """Register `fn(actor, decision, on, proposal)`: called when an effort's end is decided."""
    _handlers.append(fn)
    return fn


def effort_ended(actor, decision, on: datetime.date, proposal) -> None:
    for fn in _handlers:
        fn(actor, decision, on, proposal)

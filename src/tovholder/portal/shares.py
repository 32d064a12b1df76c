"""The parts of Min Tovholder a citizen can share with a relative (issue 18, item 6): a small registry.

    @share("appointments", "Aftaler", "portal/share_appointments.html", order=20)
    def appointments(citizen) -> dict | None: ...

The function reads the part for the relative's page (the caller has checked the grant and logs the view);
None means there is nothing to show yet, and the template is drawn with an empty context. The journal is never
a part: only what is registered here can be granted."""

from collections.abc import Callable
from dataclasses import dataclass

Reader = Callable[..., dict | None]


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    template: str
    read: Reader
    order: int


_shares: dict[str, Share] = {}


def share(key: str, label: str, template: str, order: int = 50):
    """Register `fn(citizen) -> dict | None` as the part `key` a citizen may share with a relative."""

    def register(fn: Reader) -> Reader:
        _shares[key] = Share(key, label, template, fn, order)
        return fn

    return register


def all_shares() -> list[Share]:
    return sorted(_shares.values(), key=lambda s: (s.order, s.key))


def get(key: str) -> Share | None:
    return _shares.get(key)


def labels(keys) -> list[str]:
    """The labels of the registered parts among `keys`, in the registry's order (unknown keys left out)."""
    return [s.label for s in all_shares() if s.key in set(keys)]

"""The main menu as a registry: each app adds its entries (from its `plugins.py`), the base template
shows those the user's role may use, in order. A lower app never needs to know a higher one's pages."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    order: int
    perms: tuple[str, ...] = ()  # any of these; none: every member of staff
    current: tuple[str, ...] = ()  # url names that mark the entry as the current page
    visible: Callable[[object], bool] | None = None
    hides: tuple[str, ...] = field(default=())  # url names of entries this one replaces when both are visible


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    current: bool


_entries: dict[str, Entry] = {}


def add(*, label: str, url_name: str, order: int, perms: tuple[str, ...] = (), current: tuple[str, ...] = (),
        visible: Callable[[object], bool] | None = None, hides: tuple[str, ...] = ()) -> None:
    """Register a menu entry. `perms`: shown to users with any of them; `visible(user)`: a further test."""
    _entries[url_name] = Entry(label, url_name, order, perms, current or (url_name,), visible, hides)


def items_for(request) -> list[Item]:
    user = request.user
    shown = [e for e in sorted(_entries.values(), key=lambda e: (e.order, e.label))
             if (not e.perms or any(user.has_perm(p) for p in e.perms)) and (e.visible is None or e.visible(user))]
    hidden = {name for e in shown for name in e.hides}
    match = getattr(request, "resolver_match", None)
    here = match.url_name if match else None
    return [Item(e.label, reverse(e.url_name), here in e.current) for e in shown if e.url_name not in hidden]

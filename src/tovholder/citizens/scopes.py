"""Which citizens a principal knows (need to know), per kind of principal.

`citizens.models` registers the staff scope; a later kind (the citizen in the portal, a partner
under consent) registers its own with `@scope(kind)`. A kind without a scope knows no one.
"""

from collections.abc import Callable

from django.db.models import Q

from tovholder.accounts.principals import Principal

_scopes: dict[str, Callable[[Principal], Q]] = {}
_extensions: dict[str, list[Callable[[Principal], Q | None]]] = {}
NOBODY = Q(pk__in=[])


def scope(kind: str):
    """Register `fn(principal) -> Q` over Citizen: the citizens this kind of principal knows."""

    def register(fn: Callable[[Principal], Q]) -> Callable[[Principal], Q]:
        _scopes[kind] = fn
        return fn

    return register


def extend(kind: str):
    """Register `fn(principal) -> Q | None`: more citizens a kind of principal knows, from a higher app's
    records (e.g. a caseworker's open cases, a leader's orders waiting). None adds no one."""

    def register(fn: Callable[[Principal], Q | None]) -> Callable[[Principal], Q | None]:
        _extensions.setdefault(kind, []).append(fn)
        return fn

    return register


def known_by(principal: Principal) -> Q:
    """The citizens of the principal's municipality that the principal knows."""
    fn = _scopes.get(principal.kind)
    q = fn(principal) if fn else NOBODY
    for more in _extensions.get(principal.kind, []):
        extra = more(principal)
        if extra is not None:
            q |= extra
    return Q(municipality_id=principal.municipality_id) & q

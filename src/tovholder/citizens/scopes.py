"""Which citizens a principal knows (need to know), per kind of principal.

`citizens.models` registers the staff scope; a later kind (the citizen in the portal, a partner
under consent) registers its own with `@scope(kind)`. A kind without a scope knows no one.
"""

from collections.abc import Callable

from django.db.models import Q

from tovholder.accounts.principals import Principal

_scopes: dict[str, Callable[[Principal], Q]] = {}
NOBODY = Q(pk__in=[])


def scope(kind: str):
    """Register `fn(principal) -> Q` over Citizen: the citizens this kind of principal knows."""

    def register(fn: Callable[[Principal], Q]) -> Callable[[Principal], Q]:
        _scopes[kind] = fn
        return fn

    return register


def known_by(principal: Principal) -> Q:
    """The citizens of the principal's municipality that the principal knows."""
    fn = _scopes.get(principal.kind)
    return Q(municipality_id=principal.municipality_id) & (fn(principal) if fn else NOBODY)

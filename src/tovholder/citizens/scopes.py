"""Which citizens a principal knows (need to know), per kind of principal.

`citizens.models` registers the staff scope; a later kind (the citizen in the portal, a partner
under consent) registers its own with `@scope(kind)`. A kind without a scope knows no one.
"""

from collections.abc import Callable

from django.apps import apps
from django.db.models import Q, QuerySet

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
    """The citizens of the principal's municipality that the principal knows.

    Each way of knowing (coordinator, an involvement, an open case, a course …) is one branch. Several branches
    are asked as one set of ids, `pk IN (branch UNION branch …)`, each branch a query of its own that its index
    answers, rather than as `coordinator = u OR pk IN (…) OR …` over every citizen row: PostgreSQL plans such an
    OR as a sequential scan of the whole citizens table (issue 15)."""
    fn = _scopes.get(principal.kind)
    branches = _branches(fn(principal) if fn else NOBODY)
    for more in _extensions.get(principal.kind, []):
        extra = more(principal)
        if extra is not None:
            branches += _branches(extra)
    return Q(municipality_id=principal.municipality_id) & _any_of(branches, principal.municipality_id)


def _branches(q: Q) -> list[Q]:
    """The alternatives of a Q (`a | b | c` gives a, b and c); a Q that is not an OR is one branch."""
    if q.connector != Q.OR or q.negated or len(q.children) < 2:
        return [q]
    out: list[Q] = []
    for child in q.children:
        out += _branches(child) if isinstance(child, Q) else [Q(child)]
    return out


def _any_of(branches: list[Q], municipality_id: int) -> Q:
    branches = [b for b in branches if b != NOBODY]
    if not branches:
        return NOBODY
    if any(not b.children for b in branches):
        return Q()  # a branch that knows everyone (an API client with the whole municipality)
    if len(branches) == 1:
        return branches[0]
    ids = [_ids(b, municipality_id) for b in branches]
    return Q(pk__in=ids[0].union(*ids[1:]))


def _ids(branch: Q, municipality_id: int) -> QuerySet:
    """One branch as a query of citizen ids: a branch that already is `pk__in=<ids>` as it is, any other over the
    municipality's citizens."""
    if len(branch.children) == 1 and not branch.negated and isinstance(branch.children[0], tuple):
        field, value = branch.children[0]
        if field in ("pk__in", "id__in") and isinstance(value, QuerySet) and len(value.query.values_select) == 1:
            return value.order_by()
    citizen = apps.get_model("citizens", "Citizen")
    return citizen._default_manager.filter(municipality_id=municipality_id).filter(branch).values("pk").order_by()

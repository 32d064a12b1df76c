"""The citizen as an actor (issue 18): a citizen principal acts through its own user (`CitizenAccount`)
and knows exactly one citizen — itself. It holds only the portal's own permissions, so no staff page,
permission or list is open to it; `portal.middleware` keeps its session inside /min/ besides."""

from collections.abc import Iterator
from contextlib import contextmanager

from tovholder.accounts.principals import Principal, resolver
from tovholder.citizens import scopes

from .models import CitizenAccount

KIND = "citizen"
# visitation.register_requests: "Bed om hjælp" hands in a request through visitation.services.register_request
PERMS = frozenset({"portal.read_own", "portal.write_own", "visitation.register_requests"})
# what the courses' and Støberiet's booking services ask of whoever books (the same services staff use); held only
# inside `booking()`, i.e. while the portal's own booking service runs — never on any other call
BOOKING_PERMS = frozenset({"activities.plan_occasions"})


class CitizenPrincipal(Principal):
    kind = KIND
    citizen_id: int  # always set: the citizen themself

    def __init__(self, user, account: CitizenAccount):
        super().__init__(user, account.municipality)
        self.account = account
        self.citizen_id = account.citizen_id
        self._booking = False

    def has_perm(self, perm: str) -> bool:
        return perm in PERMS or (self._booking and perm in BOOKING_PERMS)

    @contextmanager
    def booking(self) -> Iterator["CitizenPrincipal"]:
        """Book or cancel one's own seat through the staff's services: their permission, for this call only
        (the principal still knows only itself, so it books nobody else)."""
        before, self._booking = self._booking, True
        try:
            yield self
        finally:
            self._booking = before


@resolver
def _citizen(user) -> Principal | None:
    account = CitizenAccount.objects.select_related("municipality").filter(user_id=user.pk).first()
    return CitizenPrincipal(user, account) if account is not None else None


@scopes.scope(KIND)
def _citizen_knows(principal):
    from django.db.models import Q

    return Q(pk=principal.citizen_id)  # always and only their own data

"""The citizen as an actor (issue 18): a citizen principal acts through its own user (`CitizenAccount`)
and knows exactly one citizen — itself. It holds only the portal's own permissions, so no staff page,
permission or list is open to it; `portal.middleware` keeps its session inside /min/ besides."""

from collections.abc import Iterator
from contextlib import contextmanager

from tovholder.accounts.principals import Principal, resolver
from tovholder.citizens import scopes

from .models import CitizenAccount, RelativeAccount, RelativeGrant

KIND = "citizen"
# visitation.register_requests: "Bed om hjælp" hands in a request through visitation.services.register_request
PERMS = frozenset({"portal.read_own", "portal.write_own", "visitation.register_requests"})
# what the courses' and Støberiet's booking services ask of whoever books (the same services staff use); held only
# inside `booking()`, i.e. while the portal's own booking service runs — never on any other call
BOOKING_PERMS = frozenset({"activities.plan_occasions"})
RELATIVE_KIND = "relative"


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


class RelativePrincipal(Principal):
    """A relative in the portal: acts through its own user (`RelativeAccount`), knows the citizens whose active
    grants carry its CPR hash, and sees only the parts each granted — through the grant, never through need to
    know (its scope is nobody, so no staff page or gate opens for it). `portal.middleware` keeps the session on
    the relative's own pages."""

    kind = RELATIVE_KIND

    def __init__(self, user, account: RelativeAccount):
        super().__init__(user, account.municipality)
        self.account = account

    def has_perm(self, perm: str) -> bool:
        return False  # no permission at all: what a relative sees follows from the grants alone

    def grants(self):
        """The active grants to this relative (the citizens who granted access, and what)."""
        return RelativeGrant.objects.filter(municipality_id=self.municipality_id, cpr_hash=self.account.cpr_hash,
                                            withdrawn_at__isnull=True)

    @property
    def citizen_ids(self) -> set[int]:
        return set(self.grants().values_list("citizen_id", flat=True))


@resolver
def _relative(user) -> Principal | None:
    account = RelativeAccount.objects.select_related("municipality").filter(user_id=user.pk).first()
    return RelativePrincipal(user, account) if account is not None else None


@scopes.scope(RELATIVE_KIND)
def _relative_knows(principal):
    return scopes.NOBODY  # a relative reads through a grant (portal.selectors), never by need to know

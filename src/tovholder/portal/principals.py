"""The citizen as an actor (issue 18): a citizen principal acts through its own user (`CitizenAccount`)
and knows exactly one citizen — itself. It holds only the portal's own permissions, so no staff page,
permission or list is open to it; `portal.middleware` keeps its session inside /min/ besides."""

from tovholder.accounts.principals import Principal, resolver
from tovholder.citizens import scopes

from .models import CitizenAccount

KIND = "citizen"
# visitation.register_requests: "Bed om hjælp" hands in a request through visitation.services.register_request
PERMS = frozenset({"portal.read_own", "portal.write_own", "visitation.register_requests"})


class CitizenPrincipal(Principal):
    kind = KIND

    def __init__(self, user, account: CitizenAccount):
        super().__init__(user, account.municipality)
        self.account = account
        self.citizen_id = account.citizen_id

    def has_perm(self, perm: str) -> bool:
        return perm in PERMS


@resolver
def _citizen(user) -> Principal | None:
    account = CitizenAccount.objects.select_related("municipality").filter(user_id=user.pk).first()
    return CitizenPrincipal(user, account) if account is not None else None


@scopes.scope(KIND)
def _citizen_knows(principal):
    from django.db.models import Q

    return Q(pk=principal.citizen_id)  # always and only their own data

"""The API client as a kind of principal (ADR 0006, ADR 0027): a resolver that recognises the client's user
and a scope that says which citizens it knows. No service changes: they ask the gate, the gate asks this."""

from functools import cached_property

from django.db.models import Q
from django.utils import timezone

from tovholder.accounts import principals
from tovholder.citizens import scopes
from tovholder.citizens.models import Involvement

from .models import ApiClient

KIND = "api"


class ApiClientPrincipal(principals.Principal):
    kind = KIND

    def __init__(self, user, client: ApiClient):
        super().__init__(user, client.municipality)
        self.client = client

    @cached_property
    def scope_unit_ids(self) -> frozenset[int]:  # type: ignore[override]
        return frozenset(self.client.units.values_list("pk", flat=True))


@principals.resolver
def _api_client(user) -> principals.Principal | None:
    client = ApiClient.objects.select_related("municipality").filter(user_id=user.pk, active=True).first()
    return ApiClientPrincipal(user, client) if client is not None else None


@scopes.scope(KIND)
def _api_client_knows(principal: principals.Principal) -> Q:
    """A client with the whole municipality in scope knows every citizen of it; otherwise the citizens an
    active involvement ties to one of its units (as staff of those units know them)."""
    assert isinstance(principal, ApiClientPrincipal)
    if principal.client.whole_municipality:
        return Q()
    involved = Involvement.objects.active_on(timezone.localdate()).filter(
        municipality_id=principal.municipality_id, unit_id__in=principal.scope_unit_ids)
    return Q(pk__in=involved.values("citizen_id"))

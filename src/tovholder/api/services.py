"""Every write of the API app: registering a client, issuing and revoking its tokens (the municipality's
administrator; audited). The API's own write — a request from another system — goes through
`visitation.services.register_request`, as the page does."""

import datetime
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tovholder.accounts.models import Unit
from tovholder.accounts.principals import Actor, require_perm, require_same_municipality
from tovholder.accounts.roles import ROLES
from tovholder.audit.services import audit
from tovholder.records import clean_text

from .events import Event
from .models import ApiClient, ApiToken, Scope

MANAGE = "api.manage_api_clients"
TOKEN_PREFIX = "tvh_"
MAX_DAYS = 366


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def register_client(*, actor: Actor, name: str, role: str, whole_municipality: bool,
                    units: list[Unit] | tuple[Unit, ...] = ()) -> ApiClient:
    """A new client of the municipality with a role (one of the role groups) and a data scope."""
    principal = require_perm(actor, MANAGE)
    require_same_municipality(actor, *units)
    assert actor.is_authenticated
    name = clean_text(name, field="name", label="klientens navn", required=True, max_length=120, markup=False)
    if role not in ROLES:
        raise ValidationError({"role": "Vælg en af rollerne."})
    if not whole_municipality and not units:
        raise ValidationError({"units": "Vælg hele kommunen eller mindst én enhed."})
    if ApiClient.objects.filter(municipality_id=principal.municipality_id, name=name).exists():
        raise ValidationError({"name": "Der er allerede en klient med det navn."})
    user = get_user_model().objects.create_user(
        username=f"api-{principal.municipality.code}-{secrets.token_hex(6)}", first_name="API:", last_name=name)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=role))
    client = ApiClient.objects.create(municipality=principal.municipality, name=name, user=user,
                                      whole_municipality=whole_municipality, created_by=actor)
    client.units.set(units if not whole_municipality else [])
    audit(actor, client, Event.API_CLIENT_REGISTERED, navn=name, rolle=role, hele_kommunen=whole_municipality,
          enheder=[u.name for u in units])
    return client


@transaction.atomic
def issue_token(*, actor: Actor, client: ApiClient, scopes: list[str], days: int,
                secret: str | None = None) -> tuple[ApiToken, str]:
    """A new token for the client; returns the row and the token itself, which is shown once and never
    stored (`secret` only for the demo's deterministic token)."""
    require_perm(actor, MANAGE)
    require_same_municipality(actor, client)
    assert actor.is_authenticated
    if not client.active:
        raise ValidationError("Klienten er ikke aktiv.")
    wanted = [s for s in Scope.values if s in scopes]
    if not wanted or len(wanted) != len(set(scopes)):
        raise ValidationError({"scopes": "Vælg mindst én af rettighederne."})
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"En nøgle kan gælde fra 1 til {MAX_DAYS} dage."})
    token = TOKEN_PREFIX + (secret or secrets.token_urlsafe(32))
    row = ApiToken.objects.create(municipality=client.municipality, client=client, prefix=token[:12],
                                  digest=digest(token), scopes=wanted, created_by=actor,
                                  expires_at=timezone.now() + datetime.timedelta(days=days))
    audit(actor, row, Event.API_TOKEN_ISSUED, klient=client.name, rettigheder=wanted, udloeber=row.expires_at)
    return row, token


@transaction.atomic
def revoke_token(*, actor: Actor, token: ApiToken) -> ApiToken:
    require_perm(actor, MANAGE)
    require_same_municipality(actor, token)
    token = ApiToken.objects.select_for_update().select_related("client").get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError("Nøglen er allerede tilbagekaldt.")
    token.revoked_at = timezone.now()
    token.revoked_by = actor  # type: ignore[assignment]
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit(actor, token, Event.API_TOKEN_REVOKED, klient=token.client.name, noegle=token.prefix)
    return token


def check_scope(token: ApiToken, scope: str) -> None:
    if scope not in token.scopes:
        raise PermissionDenied("Nøglen giver ikke ret til dette.")

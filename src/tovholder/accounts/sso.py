"""Single sign-on through the municipality's identity provider: OpenID Connect (mozilla-django-oidc).

The provider's claims carry the user's roles (`TOVHOLDER_OIDC_ROLES_CLAIM`, default `roles`) and units
(`TOVHOLDER_OIDC_UNITS_CLAIM`, default `units`, the units' names); they become Tovholder's roles (the
groups of `accounts.roles`, through `TOVHOLDER_OIDC_ROLE_MAP`) and the staff profile's units, in the
municipality the provider belongs to (`TOVHOLDER_OIDC_MUNICIPALITY`). No valid role: refused, in Danish.
Off (this backend answers nothing) until `TOVHOLDER_OIDC_CLIENT_ID` is set. ADR 0015.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from tovholder.tenancy.models import Municipality

from .backends import user_with_staff
from .roles import ROLES
from .services import sync_sso_user

log = logging.getLogger(__name__)

NO_ROLE = ("Du kan ikke logge ind i Tovholder med kommunens login: din bruger har ingen rolle i Tovholder. "
           "Kontakt din leder eller kommunens it-afdeling for at få en rolle.")
NOT_SET_UP = "Kommunens login er ikke sat op til Tovholder. Kontakt kommunens it-afdeling."


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


def _as_list(value, sep: str | None = None) -> list[str]:
    """A claim as a list: a JSON list, or a string separated by `sep` (commas or blanks when None)."""
    if isinstance(value, str):
        parts = value.split(sep) if sep else value.replace(",", " ").split()
        return [v.strip() for v in parts if v.strip()]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return []


def roles_from(claims: dict) -> list[str]:
    """The Tovholder roles the claims name (through the role map); unknown names are ignored."""
    role_map = settings.TOVHOLDER_OIDC_ROLE_MAP
    named = (role_map.get(r, r) for r in _as_list(claims.get(settings.TOVHOLDER_OIDC_ROLES_CLAIM)))
    return sorted({r for r in named if r in ROLES})


class MunicipalOIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        self.enabled = enabled()
        self.UserModel = get_user_model()
        if self.enabled:
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        if not self.enabled:
            return None
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id):
        """As mozilla-django-oidc's, with the staff profile in the same read (accounts.backends)."""
        return user_with_staff(user_id)

    # Permissions come from accounts.backends.RoleBackend alone (one read); this backend only logs in.
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        issuer = settings.OIDC_OP_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("ID-token fra en anden udsteder.")
        audience = payload.get("aud")
        if self.OIDC_RP_CLIENT_ID not in (audience if isinstance(audience, list) else [audience]):
            raise SuspiciousOperation("ID-token til en anden klient.")
        return payload

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("sub"))

    @staticmethod
    def username_from(claims: dict) -> str:
        return str(claims.get("preferred_username") or claims["sub"])[:150]

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(username=self.username_from(claims))

    def _refuse(self, message: str):
        messages.error(self.request, message)
        raise SuspiciousOperation(message)

    def _sync(self, claims: dict):
        roles = roles_from(claims)
        if not roles:
            log.warning("SSO afvist: %s har ingen gyldig rolle (%r)", self.username_from(claims),
                        claims.get(settings.TOVHOLDER_OIDC_ROLES_CLAIM))
            self._refuse(NO_ROLE)
        municipality = Municipality.objects.filter(code=settings.TOVHOLDER_OIDC_MUNICIPALITY).first()
        if municipality is None:
            self._refuse(NOT_SET_UP)
        try:
            return sync_sso_user(
                municipality=municipality, username=self.username_from(claims),
                first_name=str(claims.get("given_name") or ""), last_name=str(claims.get("family_name") or ""),
                email=str(claims.get("email") or ""), roles=roles,
                unit_names=_as_list(claims.get(settings.TOVHOLDER_OIDC_UNITS_CLAIM), sep=","),
                title=str(claims.get("title") or roles[0]))
        except PermissionDenied as exc:
            self._refuse(f"Du kan ikke logge ind med kommunens login: {exc}")

    def create_user(self, claims):
        return self._sync(claims)

    def update_user(self, user, claims):
        return self._sync(claims)

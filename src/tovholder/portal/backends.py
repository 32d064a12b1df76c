"""The authentication backend behind every citizen login method: a `CitizenIdentity` in, the citizen's own
user out (or None). Going through Django's `authenticate` lets django-axes count failures and lock out
(per pseudonymised CPR and per network address), as for staff logins."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tovholder.audit.services import audit
from tovholder.citizens.models import Citizen

from .events import Event
from .identity import REQUIRED, Assurance, CitizenIdentity, pseudonym, relative_cpr_hash
from .models import CitizenAccount, RelativeAccount, RelativeGrant

log = logging.getLogger(__name__)
REFUSAL = "tovholder_citizen_refusal"  # set on the request: why a login was refused ("assurance", "unknown")
PATH = "tovholder.portal.backends.CitizenBackend"


RELATIVE_PREFIX = "paaroerende-"  # every relative user's username starts so


class CitizenBackend(BaseBackend):
    def authenticate(self, request, citizen_identity: CitizenIdentity | None = None,
                     test_relative: RelativeAccount | None = None, **kwargs):
        if isinstance(test_relative, RelativeAccount) and test_relative.test_login:
            return mark_relative_login(test_relative, "test", Assurance.SUBSTANTIAL).user
        if not isinstance(citizen_identity, CitizenIdentity):
            return None
        if citizen_identity.assurance < REQUIRED:
            log.info("Borgerlogin afvist (sikringsniveau %s): %s", citizen_identity.assurance.name,
                     pseudonym(citizen_identity.cpr))
            _refuse(request, "assurance")
            return None
        citizen = (Citizen.objects.filter(cpr=citizen_identity.cpr).select_related("municipality")
                   .order_by("-created_at", "-pk").first())
        if citizen is None:
            relative = relative_account_for(citizen_identity)
            if relative is not None:
                return relative.user
            log.info("Borgerlogin afvist (ikke kendt i Tovholder): %s", pseudonym(citizen_identity.cpr))
            _refuse(request, "unknown")
            return None
        return account_for(citizen, citizen_identity).user

    def get_user(self, user_id):
        return (get_user_model().objects.filter(Q(citizen_account__isnull=False) | Q(relative_account__isnull=False),
                                                pk=user_id, is_active=True).first())


def _refuse(request, why: str) -> None:
    if request is not None:
        setattr(request, REFUSAL, why)


@transaction.atomic
def account_for(citizen: Citizen, identity: CitizenIdentity) -> CitizenAccount:
    """The citizen's account (made at the first login), marked with this login's time and assurance."""
    account = CitizenAccount.objects.select_for_update().select_related("user").filter(citizen=citizen).first()
    if account is None:
        user = get_user_model().objects.create_user(
            username=pseudonym(citizen.cpr) + f"-{citizen.municipality_id}", password=None,
            first_name=citizen.first_name[:150], last_name=citizen.last_name[:150])
        account = CitizenAccount.objects.create(municipality=citizen.municipality, citizen=citizen, user=user)
        audit(user, account, Event.ACCOUNT_MADE, citizen, method=identity.method)
    account.last_login_at = timezone.now()
    account.last_assurance = identity.assurance.name.title()
    account.save(update_fields=["last_login_at", "last_assurance"])
    audit(account.user, account, Event.CITIZEN_LOGGED_IN, citizen, method=identity.method,
          assurance=account.last_assurance)
    return account


@transaction.atomic
def relative_account_for(identity: CitizenIdentity) -> RelativeAccount | None:
    """The login of a relative whom a citizen has granted access (an active grant carries the hash of this CPR):
    made at the first login, in the municipality of the newest grant. None for anyone without an active grant."""
    digest = relative_cpr_hash(identity.cpr)
    grant = (RelativeGrant.objects.filter(cpr_hash=digest, withdrawn_at__isnull=True)
             .order_by("-granted_at", "-pk").first())
    if grant is None:
        return None
    account = (RelativeAccount.objects.select_for_update().select_related("user")
               .filter(municipality_id=grant.municipality_id, cpr_hash=digest).first())
    if account is None:
        user = get_user_model().objects.create_user(
            username=f"{RELATIVE_PREFIX}{digest[:16]}-{grant.municipality_id}", password=None,
            first_name=identity.name[:150])
        account = RelativeAccount.objects.create(municipality_id=grant.municipality_id, user=user, cpr_hash=digest,
                                                 name=identity.name[:200])
        audit(user, account, Event.RELATIVE_ACCOUNT_MADE, None, method=identity.method)
    return mark_relative_login(account, identity.method, identity.assurance)


@transaction.atomic
def mark_relative_login(account: RelativeAccount, method: str, assurance: Assurance) -> RelativeAccount:
    account.last_login_at = timezone.now()
    account.last_assurance = assurance.name.title()
    account.save(update_fields=["last_login_at", "last_assurance"])
    audit(account.user, account, Event.RELATIVE_LOGGED_IN, None, method=method, assurance=account.last_assurance)
    return account

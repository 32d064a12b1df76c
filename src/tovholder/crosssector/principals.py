"""Partners as actors (issue 14, item 9; ADR 0024): a partner organisation acts through its own user, which
never logs in (no usable password, inactive). A message from a ward is written by that ward: the audit trail
names it, and what it may do is data here, not a role given to staff.

A partner principal knows no citizen through `Citizen.objects.known_to` (it reads nothing in Tovholder);
what it hands in passes `crosssector.sharing.require_basis` — the citizen's consent or a legal basis."""

from django.contrib.auth import get_user_model
from django.db import transaction

from tovholder.accounts.principals import Principal, resolver
from tovholder.citizens import scopes

from .models import Partner

KIND = "partner"
# what a partner may hand in, per kind of partner (data: a later kind adds its own)
PERMS: dict[str, frozenset[str]] = {
    Partner.Kind.WARD: frozenset({"crosssector.send_notification", "crosssector.send_care_message", "todo.add_task"}),
    Partner.Kind.HOSPITAL: frozenset({"crosssector.send_notification", "crosssector.send_care_message",
                                      "todo.add_task"}),
    Partner.Kind.GP: frozenset({"crosssector.send_care_message"}),
    Partner.Kind.SUBSTANCE: frozenset({"crosssector.send_care_message"}),
    Partner.Kind.JOBCENTER: frozenset({"crosssector.send_care_message"}),
    Partner.Kind.CHILDREN: frozenset({"crosssector.send_care_message"}),
    Partner.Kind.OTHER: frozenset({"crosssector.send_care_message"}),
}


class PartnerPrincipal(Principal):
    kind = KIND

    def __init__(self, user, partner: Partner):
        super().__init__(user, partner.municipality)
        self.partner = partner

    def has_perm(self, perm: str) -> bool:
        return self.partner.active and perm in PERMS.get(self.partner.kind, frozenset())


@resolver
def _partner(user) -> Principal | None:
    partner = Partner.objects.select_related("municipality").filter(user_id=user.pk).first()
    return PartnerPrincipal(user, partner) if partner is not None else None


@scopes.scope(KIND)
def _partner_knows(principal):
    return scopes.NOBODY  # a partner reads nothing in Tovholder; it hands in through the sharing gate


@transaction.atomic
def acting_user(partner: Partner):
    """The partner's own user (made the first time it acts): inactive, with no usable password."""
    if partner.user_id:
        return partner.user
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    if locked.user_id is None:
        user = get_user_model().objects.create_user(
            username=f"partner-{locked.municipality.code}-{locked.pk}", password=None,
            first_name=locked.name[:150], is_active=False)
        locked.user = user
        locked.save(update_fields=["user"])
    partner.user = locked.user
    partner.user_id = locked.user_id
    return partner.user

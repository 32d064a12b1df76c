"""Retention's reads: the proposals waiting for approval (they name citizens: a list access), the legal
holds in force, the deletion records and the rules."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from tovholder.accounts.principals import Actor, principal_of
from tovholder.audit.services import record_list_access

from . import registry
from .models import DEFAULT_YEARS, DeletionProposal, DeletionRecord, LegalHold, RetentionRule

LIST = "Sletteforslag"


def _require(user: Actor) -> int:
    principal = principal_of(user)
    if not (principal.has_perm("retention.approve_deletion") or principal.has_perm("retention.place_legal_hold")):
        raise PermissionDenied("Din rolle giver ikke adgang til sletning.")
    return principal.municipality_id


def overview(user: Actor) -> dict:
    municipality_id = _require(user)
    proposals = list(DeletionProposal.objects.filter(municipality_id=municipality_id,
                                                     status=DeletionProposal.Status.PROPOSED)
                     .select_related("citizen").order_by("proposed_on", "pk"))
    holds = list(LegalHold.objects.filter(municipality_id=municipality_id, released_at__isnull=True)
                 .select_related("citizen", "placed_by").order_by("-placed_at"))
    record_list_access(actor=user, citizens=[p.citizen for p in proposals] + [h.citizen for h in holds], what=LIST)
    records = list(DeletionRecord.objects.filter(municipality_id=municipality_id)
                   .select_related("approved_by", "proposal").order_by("-deleted_at", "-pk")[:50])
    rules = dict(RetentionRule.objects.filter(municipality_id=municipality_id).values_list("kind", "years"))
    return {
        "proposals": proposals, "holds": holds, "records": records,
        "rules": [{"key": k.key, "label": k.label, "years": rules.get(k.key, DEFAULT_YEARS),
                   "default": k.key not in rules} for k in registry.kinds()],
    }


def proposal_for(user: Actor, proposal_id: int) -> DeletionProposal:
    return get_object_or_404(DeletionProposal.objects.select_related("citizen"), pk=proposal_id,
                             municipality_id=_require(user))


def hold_for(user: Actor, hold_id: int) -> LegalHold:
    return get_object_or_404(LegalHold.objects.select_related("citizen"), pk=hold_id, municipality_id=_require(user))


def record_for(user: Actor, record_id: int) -> DeletionRecord:
    return get_object_or_404(DeletionRecord.objects.select_related("approved_by", "proposal"), pk=record_id,
                             municipality_id=_require(user))

"""Writes on the municipality's own offer catalogue (records of the municipality, not of citizens)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from tovholder.accounts.principals import Actor, require_perm, require_same_municipality
from tovholder.audit.services import audit
from tovholder.records import lock_version

from .events import Event
from .models import Offer


@transaction.atomic
def set_may_be_granted(*, actor: Actor, offer: Offer, version: int | None, may_be_granted: bool) -> Offer:
    """The municipality chooses whether an offer without visitation (e.g. § 104) may also be granted
    formally — with a decision, a letter and an order — or is only used directly."""
    require_perm(actor, "offers.manage_offers")
    require_same_municipality(actor, offer)
    current = lock_version(Offer, offer, version)
    if current.requires_visitation:
        raise ValidationError("Tilbuddet kræver visitation; det bevilges altid.")
    current.may_be_granted = may_be_granted
    current.version += 1
    current.save(update_fields=["may_be_granted", "version"])
    audit(actor, current, Event.OFFER_GRANTING_CHOSEN, None, kan_bevilges=may_be_granted)
    return current

"""Reads of the offer catalogue (no citizen data)."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from tovholder.accounts.principals import Actor, require_perm

from .models import Offer, OfferQuota


def catalogue(user: Actor) -> QuerySet[Offer]:
    """The municipality's own offers and the shared offers it holds a quota in."""
    principal = require_perm(user, "accounts.view_offer_catalogue")
    return (
        Offer.objects.available_to(principal.municipality)
        .select_related("legal_basis", "unit", "municipality")
        .prefetch_related(Prefetch("quotas", queryset=OfferQuota.objects.select_related("municipality")))
        .order_by("name")
    )


def offer_detail(user: Actor, offer_id: int) -> Offer:
    offer = catalogue(user).filter(pk=offer_id).first()
    if offer is None:
        raise Http404("Tilbuddet findes ikke i kommunens katalog.")
    return offer

"""Reads of the offer catalogue (no citizen data)."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from tovholder.accounts.scope import require_perm

from .models import Offer, OfferQuota


def catalogue(user) -> QuerySet[Offer]:
    """The municipality's own offers and the shared offers it holds a quota in."""
    profile = require_perm(user, "accounts.view_offer_catalogue")
    return (
        Offer.objects.filter(Q(municipality=profile.municipality) | Q(quotas__municipality=profile.municipality))
        .distinct()
        .select_related("legal_basis", "unit", "municipality")
        .prefetch_related(Prefetch("quotas", queryset=OfferQuota.objects.select_related("municipality")))
        .order_by("name")
    )


def offer_detail(user, offer_id: int) -> Offer:
    offer = catalogue(user).filter(pk=offer_id).first()
    if offer is None:
        raise Http404("Tilbuddet findes ikke i kommunens katalog.")
    return offer

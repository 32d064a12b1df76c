"""Sharing with partners (issue 14, item 9): every exchange with a partner, in or out, is allowed by the
citizen's consent or by a legal basis held as data (`SharingBasis`), and is logged (`Share`).

The legal filter for hospital notifications lives here too: a basis may require that the citizen receives
support under certain paragraphs (the notification basis: the Social Service Act §§ 83–99, 107 and 108).
Support is read from the citizen's grants in force (visitation) and running support episodes (support) —
whatever offer they are in, by the offer's legal basis in the catalogue."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from tovholder.accounts.principals import Actor, principal_of
from tovholder.citizens.models import Citizen
from tovholder.offers.models import Offer
from tovholder.support.models import Episode
from tovholder.visitation.models import Decision

from .models import Partner, PartnerConsent, Purpose, Share, SharingBasis

NO_BASIS = ("Der er hverken samtykke fra borgeren eller hjemmel til at dele dette med samarbejdspartneren. "
            "Intet er delt.")
IN_FORCE = (Decision.Status.GRANTED, Decision.Status.ORDERED, Decision.Status.ACTIVE)


@dataclass(frozen=True)
class Support:
    """One offer the citizen receives support in on a day, and the paragraph it is given under."""

    citizen_id: int
    offer_id: int
    law: str
    paragraph: str


def support_on(municipality_id: int, day: datetime.date, citizen_ids=None) -> list[Support]:
    """Every (citizen, offer) with a grant in force or a running episode on `day` (two reads)."""
    decisions = Decision.objects.filter(municipality_id=municipality_id, status__in=IN_FORCE).filter(
        Q(start_on__isnull=True) | Q(start_on__lte=day)).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
    episodes = Episode.objects.filter(municipality_id=municipality_id, started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day))
    if citizen_ids is not None:
        decisions = decisions.filter(citizen_id__in=citizen_ids)
        episodes = episodes.filter(citizen_id__in=citizen_ids)
    rows = set(decisions.values_list("citizen_id", "offer_id")) | set(episodes.values_list("citizen_id", "offer_id"))
    offers = _offer_bases({offer_id for _, offer_id in rows})
    return [Support(c, o, *offers[o]) for c, o in sorted(rows) if o in offers]


def _offer_bases(offer_ids: set[int]) -> dict[int, tuple[str, str]]:
    return {pk: (law or "", paragraph or "") for pk, law, paragraph in Offer.objects.filter(pk__in=offer_ids)
            .values_list("pk", "legal_basis__law", "legal_basis__paragraph")}


def qualifying_support(basis: SharingBasis, citizen: Citizen, day: datetime.date) -> list[Support]:
    """The citizen's support on `day` that lets the basis be used (empty: the basis does not cover the citizen)."""
    return [s for s in support_on(citizen.municipality_id, day, [citizen.pk])
            if basis.covers_paragraph(s.law, s.paragraph)]


def bases_for(purpose: str, direction: str, kind: str) -> list[SharingBasis]:
    return [b for b in SharingBasis.objects.filter(purpose=purpose, active=True)
            if b.covers_direction(direction) and b.covers_kind(kind)]


def consent_for(citizen: Citizen, partner: Partner, purpose: str, day: datetime.date) -> PartnerConsent | None:
    # a consent to share with a hospital covers its wards
    partners = [partner.pk] + ([partner.parent_id] if partner.parent_id else [])
    for consent in PartnerConsent.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen,
                                                 purpose=purpose, partner_id__in=partners):
        if consent.active_on(day):
            return consent
    return None


def allowed_by(citizen: Citizen, partner: Partner, purpose: str, direction: str,
               day: datetime.date) -> tuple[SharingBasis | None, PartnerConsent | None]:
    """What lets this be shared: a legal basis that covers the citizen, or else the citizen's consent.
    (None, None): nothing does."""
    for basis in bases_for(purpose, direction, partner.kind):
        if not basis.support_ranges() or qualifying_support(basis, citizen, day):
            return basis, None
    return None, consent_for(citizen, partner, purpose, day)


def require_basis(actor: Actor, citizen: Citizen, partner: Partner, *, purpose: str, direction: str,
                  day: datetime.date) -> tuple[SharingBasis | None, PartnerConsent | None]:
    """The sharing gate: the actor (staff sending, or the partner handing in) and the partner belong to the
    citizen's municipality, and consent or a legal basis allows it. PermissionDenied otherwise."""
    principal = principal_of(actor)
    if citizen.municipality_id != principal.municipality_id or partner.municipality_id != citizen.municipality_id:
        raise PermissionDenied("Borgeren eller samarbejdspartneren hører til en anden kommune.")
    if not partner.active or partner.is_own:
        raise PermissionDenied("Samarbejdspartneren er ikke aktiv.")
    basis, consent = allowed_by(citizen, partner, purpose, direction, day)
    if basis is None and consent is None:
        raise PermissionDenied(NO_BASIS)
    return basis, consent


def log_share(actor: Actor, citizen: Citizen, partner: Partner, *, purpose: str, direction: str, what: str,
              basis: SharingBasis | None, consent: PartnerConsent | None) -> Share:
    """The share's row, written in the caller's transaction (after `require_basis`)."""
    return Share.objects.create(municipality_id=citizen.municipality_id, citizen=citizen, partner=partner,
                                direction=direction, purpose=purpose, what=what[:300], basis=basis,
                                consent=consent, by=principal_of(actor).user)


__all__ = ["Support", "support_on", "qualifying_support", "allowed_by", "require_basis", "log_share", "Purpose"]

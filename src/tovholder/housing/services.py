"""Every write of housing. Keyword-only, the acting user first, the gate first, one transaction, audited.

Two parts live here side by side: Skolehaven's flats (the flats block) and the rehabilitating stays with
Flex Bostøtte's shared quota (the stays block, ADR 0021-stays-and-shared-quota).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tovholder.accounts.principals import Actor, require_perm
from tovholder.audit.services import audit
from tovholder.citizens.gate import NO_PERMISSION, require_write
from tovholder.citizens.models import Citizen, Involvement
from tovholder.layout import formats
from tovholder.layout.dates import check_date
from tovholder.offers.capacity import capacity_for, lock_capacity
from tovholder.offers.models import Offer, OfferQuota
from tovholder.records import check_day, clean_text, int_or_none, lock_version
from tovholder.tenancy.models import Municipality
from tovholder.visitation import services as visitation
from tovholder.visitation.models import Case, Decision, WaitlistEntry

from .events import Event
from .models import Stay, StayEntryReason, StayPlace

# === stays: rehabilitating stays and acute places (§ 107) ========================================

RUN_STAYS = "housing.run_stays"
CASES = "visitation.handle_cases"
PROVIDE = "support.provide_support"
HOME_SUPPORT_PARAGRAPH = "§ 85"
MAX_PLANNED_DAYS = 730  # nobody plans a "short" stay of more than two years, reason or not
MIN_REASON = 10


def _today() -> datetime.date:
    return timezone.localdate()


def require_stay_keeper(actor: Actor, stay: Stay) -> None:
    """Moving the return date and ending a stay: whoever runs stays (the caseworker), or a worker of the unit
    that runs the place – in both cases with need to know of the citizen. A break-the-glass grant never
    writes."""
    principal = require_write(actor, stay.citizen)
    if principal.has_perm(RUN_STAYS):
        return
    unit_id = stay.place.place_type.offer.unit_id
    if unit_id is not None and unit_id in principal.unit_ids and principal.has_perm(PROVIDE):
        return
    raise PermissionDenied(NO_PERMISSION)


def _check_length(place: StayPlace, started_on: datetime.date, planned_return_on: datetime.date | None,
                  reason: str) -> str:
    if planned_return_on is None:
        raise ValidationError({"planned_return_on": "Vælg datoen for den planlagte hjemkomst."})
    if planned_return_on <= started_on:
        raise ValidationError({"planned_return_on": "Den planlagte hjemkomst skal ligge efter indskrivningen."})
    days = (planned_return_on - started_on).days
    if days > MAX_PLANNED_DAYS:
        raise ValidationError({"planned_return_on": "Et rehabiliterende ophold kan ikke planlægges til mere end "
                                                    "to år."})
    reason = clean_text(reason, field="beyond_max_reason", label="begrundelsen", required=False, max_length=1000)
    kind = place.place_type
    if days > kind.max_days and len(reason) < MIN_REASON:
        raise ValidationError({"beyond_max_reason": (
            f"Opholdet varer {days} dage, og et ophold på en {kind.name.lower()} må højst vare {kind.max_days} "
            f"dage. Skriv en begrundelse på mindst {MIN_REASON} tegn for det længere ophold, eller vælg en "
            "tidligere hjemkomst.")})
    return reason if days > kind.max_days else ""


@transaction.atomic
def start_stay(*, actor: Actor, citizen: Citizen, place: StayPlace, entry_reason: StayEntryReason,
               started_on: datetime.date | None, planned_return_on: datetime.date | None, home_address: str,
               home_tenancy: str, referred_by: str = "", beyond_max_reason: str = "") -> Stay:
    """The citizen moves into a place for a short stay – after a discharge from hospital or in an acute
    situation – and keeps their own home meanwhile. Takes a place of the offer (locked before counting);
    the unit that runs the place becomes involved with the citizen (which gives its staff need to know)."""
    principal = require_write(actor, citizen, perm=RUN_STAYS)
    assert actor.is_authenticated
    if place.municipality_id != citizen.municipality_id or not place.active:
        raise ValidationError({"place": "Vælg en af kommunens pladser."})
    if entry_reason.municipality_id != citizen.municipality_id or not entry_reason.active:
        raise ValidationError({"entry_reason": "Vælg en indskrivningsårsag fra listen."})
    check_date(started_on, born=citizen.birth_date, field="started_on")
    started_on = check_day(started_on, field="started_on", what="Indskrivningen",
                           years_back=principal.municipality.backdate_years)
    check_date(planned_return_on, kind="planned", field="planned_return_on")
    reason = _check_length(place, started_on, planned_return_on, beyond_max_reason)
    home_address = clean_text(home_address, field="home_address", label="adressen på borgerens egen bolig",
                              required=True, max_length=300, markup=False)
    home_tenancy = clean_text(home_tenancy, field="home_tenancy", label="hvordan lejeforholdet holdes under "
                              "opholdet", required=True, max_length=500, min_length=5)
    referred_by = clean_text(referred_by, field="referred_by", label="hvem der henviste", required=False,
                             max_length=200, markup=False)
    lock_capacity(place.place_type.offer)
    offer = Offer.objects.get(pk=place.place_type.offer_id)  # its capacity as it is now that we hold it
    if Stay.objects.filter(citizen=citizen, ended_on__isnull=True).exists():
        raise ValidationError("Borgeren har allerede et ophold, der ikke er afsluttet.")
    if Stay.objects.filter(place=place, ended_on__isnull=True).count() >= place.capacity:
        raise ValidationError({"place": f"{place.name} er optaget. Vælg en ledig plads."})
    capacity = capacity_for(offer, citizen.municipality)
    if not capacity.has_room_for(Decimal(1)):
        raise ValidationError(f"{capacity.no_room_reason(Decimal(1))}. Der er ingen ledig plads lige nu.")
    assert planned_return_on is not None
    stay = Stay.objects.create(
        municipality=citizen.municipality, citizen=citizen, place=place, entry_reason=entry_reason,
        referred_by=referred_by, started_on=started_on, planned_return_on=planned_return_on,
        beyond_max_reason=reason, home_address=home_address, home_tenancy=home_tenancy, started_by=actor)
    if offer.unit_id is not None and not Involvement.objects.filter(
            citizen=citizen, unit_id=offer.unit_id, ended_on__isnull=True).exists():
        Involvement.objects.create(municipality=citizen.municipality, citizen=citizen, unit_id=offer.unit_id,
                                   started_on=started_on)
    audit(actor, stay, Event.STAY_STARTED, citizen, plads=place.name, aarsag=entry_reason.name, start=started_on,
          hjemkomst=planned_return_on)
    return stay


@transaction.atomic
def move_return(*, actor: Actor, stay: Stay, version: int | None, planned_return_on: datetime.date | None,
                reason: str) -> Stay:
    """A new planned return date, with the reason (and the reason for a stay beyond the longest)."""
    require_stay_keeper(actor, stay)
    current = lock_version(Stay, stay, version)
    if current.ended_on is not None:
        raise ValidationError("Opholdet er afsluttet.")
    check_date(planned_return_on, kind="planned", field="planned_return_on")
    reason = clean_text(reason, field="reason", label="hvorfor hjemkomsten flyttes", required=True,
                        max_length=1000, min_length=MIN_REASON)
    if planned_return_on == current.planned_return_on:
        raise ValidationError({"planned_return_on": "Det er den samme dato som nu; intet er ændret."})
    beyond = _check_length(current.place, current.started_on, planned_return_on, reason)
    before = current.planned_return_on
    assert planned_return_on is not None
    current.planned_return_on, current.beyond_max_reason = planned_return_on, beyond
    current.version += 1
    current.save(update_fields=["planned_return_on", "beyond_max_reason", "version"])
    audit(actor, current, Event.STAY_RETURN_MOVED, current.citizen, foer=before, efter=planned_return_on,
          begrundelse=reason)
    return current


def home_support_offers(municipality) -> list[Offer]:
    """The offers of support in one's own home a stay can end with (§ 85, as data on the offer)."""
    return list(Offer.objects.available_to(municipality).grantable().filter(
        active=True, legal_basis__paragraph=HOME_SUPPORT_PARAGRAPH).order_by("name"))


@transaction.atomic
def prepare_home_support(*, actor: Actor, stay: Stay, offer: Offer, hours_per_week: Decimal | None,
                         start_on: datetime.date | None, reasons: str, goals: str = "") -> Decision:
    """During the stay the caseworker prepares the support at home: through visitation's own services the
    citizen's open case (opened if there is none) asks for the § 85 offer, it is granted from the planned
    return, and ordered from the provider – or, when the offer is full, the citizen is put on its waitlist
    (the grant stands). The grant is kept on the stay."""
    if not require_write(actor, stay.citizen, perm=CASES).has_perm(RUN_STAYS):
        raise PermissionDenied(NO_PERMISSION)
    current = lock_version(Stay, stay, None)
    if current.ended_on is not None:
        raise ValidationError("Opholdet er afsluttet; støtten i eget hjem forberedes under opholdet.")
    if current.home_support_id is not None and current.home_support.status not in (
            Decision.Status.REFUSED, Decision.Status.CANCELLED):
        raise ValidationError("Støtten i eget hjem er allerede forberedt for dette ophold.")
    if offer.pk not in {o.pk for o in home_support_offers(current.municipality)}:
        raise ValidationError({"offer": "Vælg et tilbud om støtte i eget hjem (§ 85) fra kommunens katalog."})
    today = _today()
    start_on = start_on or current.planned_return_on
    if start_on < today:
        raise ValidationError({"start_on": "Støtten kan tidligst starte i dag."})
    check_date(start_on, kind="planned", field="start_on")
    case = Case.objects.filter(citizen=current.citizen, status=Case.Status.OPEN).first()
    if case is None:
        case = visitation.open_case(actor=actor, citizen=current.citizen)
    requested = visitation.request_offer(actor=actor, case=case, offer=offer, requested_on=today)
    granted = visitation.grant(actor=actor, decision=requested, version=requested.version, start_on=start_on,
                               review_on=start_on + datetime.timedelta(days=91), reasons=reasons, decided_on=today,
                               hours_per_week=hours_per_week, goals=goals)
    waiting = WaitlistEntry.objects.filter(decision=granted, removed_on__isnull=True).exists()
    if not waiting:
        granted = visitation.order(actor=actor, decision=granted, on=today,
                                   message=f"Borgeren kommer hjem fra et rehabiliterende ophold "
                                           f"{formats.day(current.planned_return_on)}.")
    current.home_support = granted
    current.version += 1
    current.save(update_fields=["home_support", "version"])
    audit(actor, current, Event.STAY_HOME_SUPPORT_PREPARED, current.citizen, tilbud=offer.name,
          bestilt=not waiting, venteliste=waiting)
    return granted


@transaction.atomic
def end_stay(*, actor: Actor, stay: Stay, version: int | None, ended_on: datetime.date | None, outcome: str,
             note: str = "") -> Stay:
    """The citizen leaves the place: where they went, and – when they go home – the support at home
    prepared during the stay (or why none is needed). Frees the place; the unit's involvement ends."""
    require_stay_keeper(actor, stay)
    current = lock_version(Stay, stay, version)
    if current.ended_on is not None:
        raise ValidationError("Opholdet er allerede afsluttet.")
    if outcome not in Stay.Outcome.values:
        raise ValidationError({"outcome": "Vælg hvor borgeren gik hen fra listen."})
    ended_on = check_day(ended_on, field="ended_on", what="Udskrivningen",
                         years_back=current.municipality.backdate_years, not_before=current.started_on,
                         before_what="indskrivningen")
    note = clean_text(note, field="end_note", label="bemærkningen", required=False, max_length=1000)
    if outcome == Stay.Outcome.HOME and current.home_support_id is None and len(note) < MIN_REASON:
        raise ValidationError({"end_note": "Borgeren vender hjem uden forberedt støtte i eget hjem. Forbered "
                                           "støtten (§ 85) først, eller skriv her hvorfor der ikke er brug for "
                                           f"den (mindst {MIN_REASON} tegn)."})
    offer = current.place.place_type.offer
    lock_capacity(offer)
    current.ended_on, current.outcome, current.end_note = ended_on, outcome, note
    current.version += 1
    current.save(update_fields=["ended_on", "outcome", "end_note", "version"])
    if offer.unit_id is not None and not Stay.objects.filter(
            citizen=current.citizen, ended_on__isnull=True).exclude(pk=current.pk).exists():
        Involvement.objects.filter(citizen=current.citizen, unit_id=offer.unit_id, ended_on__isnull=True).update(
            ended_on=ended_on)
    audit(actor, current, Event.STAY_ENDED, current.citizen, udskrevet=ended_on, udfald=outcome,
          dage=(ended_on - current.started_on).days)
    return current


# === stays: Flex Bostøtte's shared quota ========================================================

MANAGE_OFFERS = "offers.manage_offers"


@transaction.atomic
def set_quota(*, actor: Actor, offer: Offer, municipality: Municipality, places) -> OfferQuota:
    """The operating municipality sets a partner's quota (places) in a shared offer. A quota is a whole
    number, 0 or more; it is never set below the places the municipality uses now (that would make the
    offer over quota), and the quotas together never exceed the offer's places."""
    principal = require_perm(actor, MANAGE_OFFERS)
    if offer.municipality_id != principal.municipality_id:
        raise PermissionDenied("Kun den kommune, der driver tilbuddet, kan ændre kvoterne.")
    if not offer.shared:
        raise ValidationError("Tilbuddet er ikke fælles med andre kommuner.")
    value = int_or_none(places)
    if value is None or value > 10_000:
        raise ValidationError({"places": "Skriv kvoten som et helt antal pladser, 0 eller flere."})
    lock_capacity(offer)
    quota = OfferQuota.objects.select_for_update().filter(offer=offer, municipality=municipality).first()
    if quota is None:
        raise ValidationError({"municipality": "Kommunen har ingen kvote i tilbuddet."})
    used = capacity_for(offer, municipality).used
    if value < used:
        raise ValidationError({"places": f"{municipality.name} bruger {formats.number(used)} pladser nu. Kvoten kan "
                                         "ikke sættes lavere, så tilbuddet kommer over kvoten."})
    others = sum(q.places or 0 for q in OfferQuota.objects.filter(offer=offer).exclude(pk=quota.pk))
    if offer.capacity_kind == Offer.CapacityKind.PLACES and others + value > offer.capacity:
        raise ValidationError({"places": f"Kvoterne bliver i alt {others + value} pladser, men tilbuddet har "
                                         f"{formats.number(offer.capacity)}."})
    before = quota.places
    quota.places = value
    quota.save(update_fields=["places"])
    audit(actor, offer, Event.QUOTA_CHANGED, None, kommune=municipality.name, foer=before, efter=value)
    return quota


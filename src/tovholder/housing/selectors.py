"""Every read in housing. Residents are citizen data: a page names the citizens the user knows (the staff of
the unit that runs the housing offer know its residents through the accepted order's involvement) and
logs them; the others are counted, never named."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of, require_perm
from tovholder.activities.models import Participation
from tovholder.audit.services import record_list_access
from tovholder.citizens.gate import OUTSIDE_NEED_TO_KNOW
from tovholder.citizens.models import Citizen
from tovholder.citizens.selectors import open_citizen, open_for_write
from tovholder.offers.capacity import Capacity, capacity_for
from tovholder.offers.models import Offer, OfferQuota
from tovholder.records import int_or_none
from tovholder.visitation.models import Decision, Order, WaitlistEntry

from .models import HelpKind, HouseMeeting, Meal, Residency, Stay, StayEntryReason, StayPlace, StayPlaceType, WeeklyHelp
from .services import CASES, MANAGE_OFFERS, PROVIDE, RUN_STAYS, home_support_offers

# === flats (Skolehaven) ==============================================================================

SUPPORT = "support.provide_support"
ANSWER = "visitation.answer_orders"
RECENT_MEETINGS = 6


def may_see_flats(user: Actor) -> bool:
    return user.has_perm(SUPPORT) or user.has_perm(ANSWER)


def flat_offers(user: Actor) -> QuerySet[Offer]:
    """The housing offers with flats run by a unit in the user's scope (its staff, and the leaders above),
    with their number of flats and of flats lived in now – one query."""
    if not may_see_flats(user):
        return Offer.objects.none()
    principal = principal_of(user)
    return (Offer.objects.filter(municipality_id=principal.municipality_id, unit_id__in=principal.scope_units(),
                                 flats__isnull=False)
            .annotate(flats_n=Count("flats", distinct=True),
                      occupied_n=Count("flats__residencies", filter=Q(flats__residencies__moved_out_on__isnull=True),
                                       distinct=True))
            .order_by("name"))


def flat_offer(user: Actor, offer_id: int) -> Offer:
    offer = flat_offers(user).filter(pk=offer_id).first()
    if offer is None:
        if not may_see_flats(user):
            raise PermissionDenied("Din rolle giver ikke adgang til lejlighederne.")
        raise Http404("Tilbuddet findes ikke, eller dets lejligheder hører ikke til din enhed.")
    return offer


def _known(user: Actor) -> QuerySet[Citizen]:
    return Citizen.objects.known_to(user)


@dataclass
class FlatRow:
    flat: object
    residency: Residency | None
    known: bool

    @property
    def vacant(self) -> bool:
        return self.residency is None


@dataclass
class FlatsPage:
    offer: Offer
    capacity: Capacity
    rows: list[FlatRow]
    awaiting: list[Order]  # accepted orders waiting for a flat (citizens the user knows)
    moving_out: list[Residency]
    meetings: list[HouseMeeting]

    @property
    def occupied(self) -> int:
        return sum(1 for r in self.rows if not r.vacant)

    @property
    def vacant(self) -> int:
        return sum(1 for r in self.rows if r.vacant)

    @property
    def vacant_rows(self) -> list[FlatRow]:
        return [r for r in self.rows if r.vacant]


def flats_page(user: Actor, offer: Offer) -> FlatsPage:
    """The flats of a housing offer, who lives where, the orders waiting to move in and the capacity (the one
    function behind every capacity figure). Residents the user knows are named and logged."""
    today = timezone.localdate()
    known = set(_known(user).filter(residencies__flat__offer=offer, residencies__moved_out_on__isnull=True)
                .values_list("pk", flat=True))
    current = {r.flat_id: r for r in Residency.objects.filter(flat__offer=offer, moved_out_on__isnull=True)
               .select_related("citizen")}
    rows = [FlatRow(f, current.get(f.pk), f.pk in current and current[f.pk].citizen_id in known)
            for f in offer.flats.order_by("number")]
    awaiting = list(Order.objects.filter(decision__offer=offer, status=Order.Status.ACCEPTED,
                                         municipality_id=offer.municipality_id,
                                         citizen__in=_known(user)).select_related("citizen", "decision")
                    .order_by("answered_on", "pk"))
    moving_out = [r.residency for r in rows if r.residency and r.known and r.residency.planned_move_out_on
                  and r.residency.planned_move_out_on >= today]
    meetings = list(HouseMeeting.objects.filter(offer=offer).select_related("occasion")
                    .order_by("-occasion__starts_at")[:RECENT_MEETINGS])
    record_list_access(actor=user, citizens=[r.residency.citizen for r in rows if r.known and r.residency]
                       + [o.citizen for o in awaiting], what=f"Lejligheder: {offer.name}")
    return FlatsPage(offer, capacity_for(offer, offer.municipality), rows, awaiting,
                     sorted(moving_out, key=lambda r: r.planned_move_out_on or today), meetings)


def order_for_move_in(user: Actor, order_id: int) -> Order:
    """An accepted order for a housing offer with flats, sent to a unit in the user's scope; its citizen
    opened for writing (logged)."""
    order = (Order.objects.filter(pk=order_id, municipality_id=principal_of(user).municipality_id)
             .select_related("decision", "decision__offer", "citizen").first())
    if order is None or not flat_offers(user).filter(pk=order.decision.offer_id).exists():
        raise Http404("Bestillingen findes ikke blandt dine tilbud med lejligheder.")
    open_for_write(user, order.citizen_id, what="Indflytning i lejlighed", perm=SUPPORT)
    return order


def vacant_flats(offer: Offer, day: datetime.date):
    taken = Residency.objects.filter(flat__offer=offer).filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=day))
    return offer.flats.exclude(pk__in=taken.values("flat_id")).order_by("number")


@dataclass
class ResidencyPage:
    residency: Residency
    help: dict[str, WeeklyHelp]  # the plan now, per kind
    history: list[WeeklyHelp]
    meetings: list[Participation] = field(default_factory=list)

    @property
    def minutes_per_week(self) -> int:
        return sum(h.times_per_week * h.minutes_each for h in self.help.values())


def residency_page(user: Actor, residency_id: int) -> ResidencyPage:
    residency = (Residency.objects.filter(pk=residency_id, municipality_id=principal_of(user).municipality_id)
                 .select_related("flat", "flat__offer", "citizen", "decision", "order").first())
    if residency is None or not flat_offers(user).filter(pk=residency.flat.offer_id).exists():
        raise Http404("Beboerforholdet findes ikke blandt dine tilbud med lejligheder.")
    open_for_write(user, residency.citizen_id, what="Beboer i lejlighed", perm=SUPPORT)
    history = list(residency.help.select_related("by").order_by("-starts_on", "-pk"))
    now: dict[str, WeeklyHelp] = {}
    for h in history:
        now.setdefault(h.kind, h)
    plan = {k: now[k] for k in HelpKind.values if k in now and now[k].times_per_week}
    meetings = list(Participation.objects.filter(citizen=residency.citizen, occasion__house_meeting__isnull=False,
                                                 occasion__house_meeting__offer=residency.flat.offer)
                    .select_related("occasion").order_by("-occasion__starts_at")[:RECENT_MEETINGS])
    return ResidencyPage(residency, plan, history, meetings)


@dataclass
class ResidentsPage:
    offer: Offer
    residents: list[Residency]
    meetings: list[HouseMeeting]
    attended: dict[tuple[int, int], str]  # (meeting, citizen) -> the participation's status label
    hidden: int

    @property
    def rows(self) -> list[tuple[Residency, list[str]]]:
        """Each resident with their attendance at each of the recent meetings (newest first)."""
        return [(r, [self.attended.get((m.pk, r.citizen_id), "–") for m in self.meetings]) for r in self.residents]


def residents_page(user: Actor, offer: Offer) -> ResidentsPage:
    """For the staff: the residents and their flats, who came to the recent house meetings, what was decided
    and the meal plans written."""
    today = timezone.localdate()
    known = _known(user)
    residents = list(Residency.objects.filter(flat__offer=offer, moved_in_on__lte=today, moved_out_on__isnull=True)
                     .select_related("citizen", "flat").order_by("flat__number"))
    named = set(known.filter(pk__in=[r.citizen_id for r in residents]).values_list("pk", flat=True))
    shown = [r for r in residents if r.citizen_id in named]
    meetings = list(HouseMeeting.objects.filter(offer=offer).select_related("occasion")
                    .prefetch_related("meals", "meals__cook__citizen", "meals__shopper__citizen")
                    .order_by("-occasion__starts_at")[:RECENT_MEETINGS])
    labels = dict(Participation.Status.choices)
    attended = {(m_id, c_id): str(labels[s]) for m_id, c_id, s in Participation.objects.filter(
        occasion__house_meeting__in=meetings, citizen_id__in=named).values_list(
        "occasion__house_meeting", "citizen_id", "status")}
    record_list_access(actor=user, citizens=[r.citizen for r in shown], what=f"Beboere: {offer.name}")
    return ResidentsPage(offer, shown, meetings, attended, len(residents) - len(shown))


@dataclass
class MeetingPage:
    meeting: HouseMeeting
    participations: list[Participation]
    meals: list[Meal]
    residents: list[Citizen]
    hidden: int

    @property
    def shopping_list(self) -> list[tuple[str, list[str]]]:
        """The week's shopping list drawn from the meal plan: per shopper, what to buy (each item once)."""
        lists: dict[str, list[str]] = {}
        for meal in self.meals:
            who = meal.shopper.citizen.full_name if meal.shopper else "Ikke fordelt"
            items = lists.setdefault(who, [])
            for item in meal.items:
                if item.lower() not in {i.lower() for i in items}:
                    items.append(item)
        return [(who, items) for who, items in lists.items() if items]


def meeting_page(user: Actor, meeting_id: int) -> MeetingPage:
    meeting = (HouseMeeting.objects.filter(pk=meeting_id, municipality_id=principal_of(user).municipality_id)
               .select_related("occasion", "offer", "recorded_by").first())
    if meeting is None or not flat_offers(user).filter(pk=meeting.offer_id).exists():
        raise Http404("Husmødet findes ikke blandt dine tilbud med lejligheder.")
    if not user.has_perm("activities.plan_occasions"):
        raise PermissionDenied("Din rolle giver ikke adgang til husmøderne.")
    known = set(_known(user).filter(participations__occasion=meeting.occasion).values_list("pk", flat=True))
    rows = list(meeting.occasion.participations.select_related("citizen").order_by("citizen__first_name"))
    shown = [p for p in rows if p.citizen_id in known]
    if rows and not shown:
        raise PermissionDenied(OUTSIDE_NEED_TO_KNOW)
    meals = list(meeting.meals.select_related("cook__citizen", "shopper__citizen"))
    record_list_access(actor=user, citizens=[p.citizen for p in shown], what="Husmøde")
    return MeetingPage(meeting, shown, meals, [p.citizen for p in shown if p.citizen is not None],
                       len(rows) - len(shown))


def panel_figures(user: Actor) -> list[tuple[Offer, Capacity]]:
    """The start page's occupancy panel: per housing offer the user works with, flats lived in and free (one
    query) and the capacity (places, waitlist) from the one function."""
    return [(o, capacity_for(o, o.municipality)) for o in flat_offers(user)]


# === stays: rehabilitating stays and acute places (§ 107) ========================================

SUBUNITS = "accounts.see_subunit_citizens"
FIGURE_DAYS = 365  # the figures cover the last year


def _id(value) -> int:
    if (pk := int_or_none(value)) is None:
        raise Http404("Findes ikke.")
    return pk


def may_see_stays(user: Actor) -> bool:
    """Caseworkers who run stays and managers see the stays page; so do the workers of the unit that runs
    the places. (Citizens are listed only within need to know.)"""
    principal = principal_of(user)
    if principal.has_perm(RUN_STAYS) or principal.has_perm(SUBUNITS):
        return True
    return principal.has_perm(PROVIDE) and StayPlaceType.objects.filter(
        municipality_id=principal.municipality_id, offer__unit_id__in=principal.own_units()).exists()


def _require_stays(user: Actor):
    principal = principal_of(user)
    if not may_see_stays(user):
        raise PermissionDenied("Din rolle giver ikke adgang til de rehabiliterende ophold.")
    return principal


@dataclass
class PlaceRow:
    place: StayPlace
    running: int
    bed_days: int  # used in the last FIGURE_DAYS

    @property
    def occupancy_percent(self) -> Decimal:
        possible = self.place.capacity * FIGURE_DAYS
        return (Decimal(self.bed_days * 100) / possible).quantize(Decimal("0.1")) if possible else Decimal(0)


@dataclass
class StayFigures:
    places: list[PlaceRow]
    ended: int
    average_days: Decimal | None
    returned_home: int

    @property
    def returned_home_percent(self) -> Decimal | None:
        return (Decimal(self.returned_home * 100) / self.ended).quantize(Decimal("0.1")) if self.ended else None

    @property
    def total_places(self) -> int:
        return sum(r.place.capacity for r in self.places)

    @property
    def total_running(self) -> int:
        return sum(r.running for r in self.places)

    @property
    def occupancy_percent(self) -> Decimal:
        possible = self.total_places * FIGURE_DAYS
        used = sum(r.bed_days for r in self.places)
        return (Decimal(used * 100) / possible).quantize(Decimal("0.1")) if possible else Decimal(0)


def stay_figures(municipality_id: int, today: datetime.date) -> StayFigures:
    """Occupancy per place (now, and bed-days used of the last year), the average length of the stays ended
    in the last year, and the share of them that returned home. No citizen data: counts only. Two reads."""
    since = today - datetime.timedelta(days=FIGURE_DAYS)
    places = list(StayPlace.objects.filter(municipality_id=municipality_id, active=True)
                  .select_related("place_type").order_by("place_type__name", "name"))
    rows = {p.pk: PlaceRow(p, 0, 0) for p in places}
    ended, days, home = 0, 0, 0
    for place_id, started, ended_on, outcome in Stay.objects.filter(
            municipality_id=municipality_id).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=since)).values_list(
            "place_id", "started_on", "ended_on", "outcome"):
        row = rows.get(place_id)
        if row is not None:
            row.running += ended_on is None
            row.bed_days += max(0, ((ended_on or today) - max(started, since)).days)
        if ended_on is not None:
            ended += 1
            days += (ended_on - started).days
            home += outcome == Stay.Outcome.HOME
    average = (Decimal(days) / ended).quantize(Decimal("0.1")) if ended else None
    return StayFigures(list(rows.values()), ended, average, home)


@dataclass
class StaysPage:
    figures: StayFigures
    running: list[Stay]
    unknown_running: int  # running stays of citizens outside the user's need to know (counted, not shown)
    ended: list[Stay]
    may_start: bool
    today: datetime.date


def stays_page(user: Actor, today: datetime.date) -> StaysPage:
    """The stays page: the figures, and the running and recently ended stays of the citizens the user knows
    (logged as one list read)."""
    principal = _require_stays(user)
    mine = principal.municipality_id
    stays = Stay.objects.filter(municipality_id=mine).select_related("citizen", "place__place_type", "entry_reason")
    known = stays.filter(citizen__in=Citizen.objects.known_to(user))
    running = list(known.filter(ended_on__isnull=True).order_by("planned_return_on", "pk"))
    all_running = stays.filter(ended_on__isnull=True).count()
    ended = list(known.filter(ended_on__gte=today - datetime.timedelta(days=90)).order_by("-ended_on", "-pk")[:50])
    for s in running:
        s.warning_text = s.warning(today)
    record_list_access(actor=user, citizens=[s.citizen for s in running + ended], what="Rehabiliterende ophold")
    return StaysPage(stay_figures(mine, today), running, all_running - len(running), ended,
                     principal.has_perm(RUN_STAYS), today)


def running_stays_to_watch(user: Actor, today: datetime.date, horizon_days: int = 31) -> list[Stay] | None:
    """The start page's stays: the running stays of citizens the user knows whose planned return is near
    or past (the place type's warning days). None for a user who does not work with stays. One read."""
    principal = principal_of(user)
    if not (principal.has_perm(RUN_STAYS) or principal.has_perm(PROVIDE) or principal.has_perm(SUBUNITS)):
        return None
    rows = (Stay.objects.filter(municipality_id=principal.municipality_id, ended_on__isnull=True,
                                planned_return_on__lte=today + datetime.timedelta(days=horizon_days),
                                citizen__in=Citizen.objects.known_to(user))
            .select_related("citizen", "place__place_type").order_by("planned_return_on", "pk")[:20])
    for s in rows:
        s.warning_text = s.warning(today)
    return [s for s in rows if s.warning_text]


def stays_of(citizen: Citizen) -> list[Stay]:
    """A citizen's stays, for the overview the citizen is already opened for (one read)."""
    return list(Stay.objects.filter(citizen=citizen).select_related("place__place_type", "entry_reason")
                .order_by("-started_on", "-pk"))


@dataclass
class StartChoices:
    citizen: Citizen
    places: list[tuple[StayPlace, int]]  # place, free beds
    reasons: list[StayEntryReason]
    running: Stay | None


def start_choices(user: Actor, citizen_id) -> StartChoices:
    """The page that starts a stay: the citizen (opened for writing), the places with their free beds and the
    entry reasons."""
    citizen = open_for_write(user, _id(citizen_id), what="Start af rehabiliterende ophold", perm=RUN_STAYS)
    places = list(StayPlace.objects.filter(municipality_id=citizen.municipality_id, active=True)
                  .select_related("place_type").order_by("place_type__name", "name"))
    taken: dict[int, int] = {}
    for place_id in Stay.objects.filter(place__in=places, ended_on__isnull=True).values_list("place_id", flat=True):
        taken[place_id] = taken.get(place_id, 0) + 1
    reasons = list(StayEntryReason.objects.filter(municipality_id=citizen.municipality_id, active=True))
    running = Stay.objects.filter(citizen=citizen, ended_on__isnull=True).first()
    return StartChoices(citizen, [(p, p.capacity - taken.get(p.pk, 0)) for p in places], reasons, running)


@dataclass
class StayDetail:
    stay: Stay
    today: datetime.date
    may_keep: bool  # move the return date, end the stay
    may_prepare: bool  # prepare the support at home (the caseworker)
    support_offers: list[Offer] = field(default_factory=list)
    waiting: bool = False

    @property
    def days(self) -> int:
        return self.stay.days(self.today)


def _stay(user: Actor, stay_id) -> Stay:
    stay = (Stay.objects.filter(municipality_id=principal_of(user).municipality_id, pk=_id(stay_id))
            .select_related("place__place_type__offer", "entry_reason", "home_support__offer").first())
    if stay is None:
        raise Http404("Opholdet findes ikke.")
    return stay


def stay_detail(user: Actor, stay_id, today: datetime.date) -> StayDetail:
    """One stay, through the citizen's need to know (or a break-the-glass grant: read only); logged."""
    stay = _stay(user, stay_id)
    citizen, grant = open_citizen(user, stay.citizen_id, what="Rehabiliterende ophold")
    stay.citizen = citizen
    stay.warning_text = stay.warning(today)
    principal = principal_of(user)
    unit_id = stay.place.place_type.offer.unit_id
    may_keep = grant is None and (principal.has_perm(RUN_STAYS)
                                  or (principal.has_perm(PROVIDE) and unit_id in principal.unit_ids))
    may_prepare = grant is None and principal.has_perm(RUN_STAYS) and principal.has_perm(CASES)
    waiting = stay.home_support_id is not None and WaitlistEntry.objects.filter(
        decision_id=stay.home_support_id, removed_on__isnull=True).exists()
    return StayDetail(stay, today, may_keep and stay.running, may_prepare and stay.running,
                      home_support_offers(stay.municipality) if may_prepare and stay.running else [], waiting)


def stay_for_write(user: Actor, stay_id) -> Stay:
    """A stay for a write page: the citizen in need to know (403 on a break-the-glass grant)."""
    stay = _stay(user, stay_id)
    stay.citizen = open_for_write(user, stay.citizen_id, what="Rehabiliterende ophold")
    return stay


# === stays: Flex Bostøtte's shared quota ========================================================

@dataclass
class QuotaRow:
    quota: OfferQuota
    capacity: Capacity


@dataclass
class SharedOffer:
    offer: Offer
    quotas: list[QuotaRow]
    operated_here: bool
    may_see_served: bool
    may_set_quotas: bool

    @property
    def over(self) -> list[QuotaRow]:
        return [q for q in self.quotas if q.capacity.over]


def _may_see_served(principal, offer: Offer) -> bool:
    return (offer.municipality_id == principal.municipality_id and offer.unit_id is not None
            and offer.unit_id in principal.scope_unit_ids)


def shared_offers(user: Actor) -> list[SharedOffer]:
    """The shared offers the municipality runs or holds a quota in, with each municipality's places used of
    its quota (the one capacity function). Counts only, no citizen data: both sides see the same figures."""
    principal = require_perm(user, "accounts.view_offer_catalogue")
    mine = principal.municipality_id
    offers = (Offer.objects.filter(shared=True, active=True)
              .filter(Q(municipality_id=mine) | Q(quotas__municipality_id=mine)).distinct()
              .select_related("municipality", "unit").order_by("name"))
    result = []
    for offer in offers:
        quotas = [QuotaRow(q, capacity_for(offer, q.municipality))
                  for q in offer.quotas.select_related("municipality").order_by("municipality__name")
                  if q.places is not None]
        if not quotas:
            continue
        here = offer.municipality_id == mine
        result.append(SharedOffer(offer, quotas, here, _may_see_served(principal, offer),
                                  here and principal.has_perm(MANAGE_OFFERS)))
    return result


def quota_overruns(user: Actor) -> list[tuple[SharedOffer, QuotaRow]] | None:
    """The check for the leader and the administrator: quotas with more places in use than the quota allows
    (the services never let it happen; old or imported data may). None for other roles."""
    if not principal_of(user).has_perm(MANAGE_OFFERS):
        return None
    return [(s, q) for s in shared_offers(user) for q in s.over]


def shared_offer_for_quota(user: Actor, offer_id, municipality_id) -> tuple[Offer, OfferQuota]:
    principal = require_perm(user, MANAGE_OFFERS)
    quota = (OfferQuota.objects.filter(offer_id=_id(offer_id), municipality_id=_id(municipality_id),
                                       offer__municipality_id=principal.municipality_id, offer__shared=True)
             .select_related("offer", "municipality").first())
    if quota is None:
        raise Http404("Kvoten findes ikke.")
    return quota.offer, quota


@dataclass
class ServedPage:
    offer: Offer
    rows: list[Decision]
    quotas: list[QuotaRow]


def served_citizens(user: Actor, offer_id) -> ServedPage:
    """The providing municipality's view of the citizens other municipalities have ordered in its shared offer:
    only what it needs to give the support (name, address, phone, the ordering municipality, the start) –
    never the case, the assessment or the CPR number. For the staff of the unit that runs the offer and
    their managers; logged as a list read in each citizen's log."""
    principal = principal_of(user)
    offer = Offer.objects.filter(pk=_id(offer_id), shared=True).select_related("unit").first()
    if offer is None:
        raise Http404("Tilbuddet findes ikke.")
    if not _may_see_served(principal, offer):
        raise PermissionDenied("Kun den enhed, der driver tilbuddet, ser de borgere, den leverer til.")
    rows = list(Decision.objects.filter(offer=offer, status__in=(Decision.Status.ORDERED, Decision.Status.ACTIVE))
                .exclude(municipality_id=offer.municipality_id)
                .select_related("citizen", "municipality").order_by("municipality__name", "start_on", "pk"))
    record_list_access(actor=user, citizens=[d.citizen for d in rows], what=f"{offer.name}: borgere vi leverer til")
    quotas = [QuotaRow(q, capacity_for(offer, q.municipality))
              for q in offer.quotas.select_related("municipality").order_by("municipality__name")
              if q.places is not None]
    return ServedPage(offer, rows, quotas)

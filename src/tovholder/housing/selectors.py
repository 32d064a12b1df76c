"""Every read in housing. Residents are citizen data: a page names the citizens the user knows (the staff of
the unit that runs the housing offer know its residents through the accepted order's involvement) and
logs them; the others are counted, never named."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of
from tovholder.activities.models import Participation
from tovholder.audit.services import record_list_access
from tovholder.citizens.gate import OUTSIDE_NEED_TO_KNOW
from tovholder.citizens.models import Citizen
from tovholder.citizens.selectors import open_for_write
from tovholder.offers.capacity import Capacity, capacity_for
from tovholder.offers.models import Offer
from tovholder.visitation.models import Order

from .models import HelpKind, HouseMeeting, Meal, Residency, WeeklyHelp

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

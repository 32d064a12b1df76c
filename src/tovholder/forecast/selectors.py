"""Reads for the forecast pages: scenarios and runs of the user's municipality, the catalogue offers a
scenario can be mapped to, and today's caseload and waitlist per offer.

Only counts leave this module (how many are in support, how long each waiting place has waited): no
citizen is shown or identified, so these aggregate reads write no access events (ADR 0002 logs reads
of one citizen's data and lists of citizens).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from tovholder.accounts.principals import Actor, require_perm
from tovholder.offers.capacity import capacity_for
from tovholder.offers.models import Offer
from tovholder.visitation.models import Decision, WaitlistEntry

from .models import ForecastRun, Scenario
from .scenarios import CATALOGUE_KEY

PERM = "forecast.run_forecast"
IN_SUPPORT = (Decision.Status.ACTIVE, Decision.Status.ORDERED)


def _profile(user: Actor):
    try:
        return require_perm(user, PERM)
    except PermissionDenied:
        raise PermissionDenied("Din rolle giver ikke adgang til kapacitetsprognoser.") from None


def scenarios(user: Actor) -> QuerySet[Scenario]:
    profile = _profile(user)
    return Scenario.objects.filter(municipality=profile.municipality).select_related("updated_by").order_by(
        "name", "pk")


def scenario(user: Actor, scenario_id: int) -> Scenario:
    """One scenario of the user's municipality; another municipality's is 404."""
    profile = _profile(user)
    found = Scenario.objects.filter(municipality=profile.municipality, pk=scenario_id).first()
    if found is None:
        raise Http404("Scenariet findes ikke.")
    return found


def runs(user: Actor, *, limit: int = 50) -> list[ForecastRun]:
    profile = _profile(user)
    return list(ForecastRun.objects.filter(municipality=profile.municipality).select_related("created_by")
                .defer("snapshot", "result").order_by("-created_at", "-pk")[:limit])


def finished_runs(user: Actor) -> QuerySet[ForecastRun]:
    profile = _profile(user)
    return (ForecastRun.objects.filter(municipality=profile.municipality, status=ForecastRun.Status.DONE)
            .defer("result").order_by("-created_at", "-pk"))


def run(user: Actor, run_id: int, *, with_result: bool = True) -> ForecastRun:
    """One run of the user's municipality; another municipality's is 404."""
    profile = _profile(user)
    qs = ForecastRun.objects.filter(municipality=profile.municipality, pk=run_id).select_related("created_by")
    if not with_result:
        qs = qs.defer("snapshot", "result")
    found = qs.first()
    if found is None:
        raise Http404("Kørslen findes ikke.")
    return found


# -- the catalogue ------------------------------------------------------------------------------
def catalogue_offers(municipality) -> list[Offer]:
    """The offers the municipality runs or has a quota in (shared offers), by name."""
    return list(Offer.objects.filter(Q(municipality=municipality) | Q(shared=True, quotas__municipality=municipality))
                .distinct().order_by("name", "pk"))


def catalogue_by_name(municipality) -> dict[str, Offer]:
    """Catalogue name -> offer; the municipality's own offer wins over a shared one of the same name."""
    found: dict[str, Offer] = {}
    for offer in catalogue_offers(municipality):
        if offer.name not in found or offer.municipality_id == municipality.pk:
            found[offer.name] = offer
    return found


# -- today's caseload and waitlist ----------------------------------------------------------------
@dataclass
class OfferState:
    """Today's state of one engine offer, and where it comes from."""

    engine_name: str
    catalogue_name: str = ""
    source: str = "scenario"  # "database" or "scenario"
    reason: str = ""
    in_support: int = 0
    waiting_days: list[int] = field(default_factory=list)
    priority_waiting_days: list[int] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        return len(self.waiting_days) + len(self.priority_waiting_days)

    def as_dict(self) -> dict[str, Any]:
        return {"offer": self.engine_name, "catalogue_name": self.catalogue_name, "source": self.source,
                "reason": self.reason, "in_support": self.in_support, "waiting": self.waiting,
                "priority_waiting": len(self.priority_waiting_days)}


def initial_state(municipality, data: dict[str, Any], today: datetime.date) -> list[OfferState]:
    """Per engine offer: citizens in support (grants ordered or active; for an offer of places, the places in use
    as `offers.capacity.capacity_for` counts them, as the waitlist and start pages do) and the open waitlist with the
    days each has waited (priority 1 = the engine's priority class), counted in the database today. A
    waiting grant that has been ordered already holds its place, so it counts as in support only.

    Offers without a catalogue mapping, whose catalogue offer is missing, or that need no visitation (so
    have no grants to count) keep the scenario's own numbers; the reason says which.
    """
    catalogue = catalogue_by_name(municipality)
    states: list[OfferState] = []
    mapped: dict[int, OfferState] = {}
    places: list[Offer] = []  # offers of places: what is in use is the offers' capacity (one function)
    for item in data.get("offers") or []:
        name = str(item.get("name", ""))
        initial = item.get("initial") or {}
        state = OfferState(name, str(item.get(CATALOGUE_KEY) or ""))
        state.in_support = int(initial.get("in_support", 0) or 0)
        state.waiting_days = sorted(initial.get("waiting_days") or [])
        state.priority_waiting_days = sorted(initial.get("priority_waiting_days") or [])
        offer = catalogue.get(state.catalogue_name)
        if not state.catalogue_name:
            state.reason = "Ikke koblet til et tilbud i kataloget"
        elif offer is None:
            state.reason = f"Tilbuddet »{state.catalogue_name}« findes ikke i kommunens katalog"
        elif not offer.requires_visitation:
            state.reason = "Tilbuddet visiteres ikke, så der er ingen bevillinger at tælle"
        elif offer.pk in mapped:
            state.reason = f"»{state.catalogue_name}« er allerede talt med under {mapped[offer.pk].engine_name}"
        else:
            state.source = "database"
            state.in_support, state.waiting_days, state.priority_waiting_days = 0, [], []
            mapped[offer.pk] = state
            if offer.capacity_kind == Offer.CapacityKind.PLACES:
                places.append(offer)
        states.append(state)
    if mapped:
        counts = (Decision.objects.filter(municipality=municipality, offer_id__in=list(mapped), status__in=IN_SUPPORT)
                  .values("offer_id").annotate(n=Count("pk")).order_by("offer_id"))
        for row in counts:
            mapped[row["offer_id"]].in_support = row["n"]
        waiting = (WaitlistEntry.objects.filter(municipality=municipality, offer_id__in=list(mapped),
                                                removed_on__isnull=True, decision__status=Decision.Status.GRANTED)
                   .order_by("offer_id", "priority", "added_on", "pk").values_list("offer_id", "priority", "added_on"))
        for offer_id, priority, added_on in waiting:
            days = max(0, (today - added_on).days)
            target = mapped[offer_id]
            (target.priority_waiting_days if priority == WaitlistEntry.Priority.URGENT
             else target.waiting_days).append(days)
        for offer in places:  # a flat still lived in after its grant ended uses a place too (housing's usage)
            mapped[offer.pk].in_support = max(mapped[offer.pk].in_support, int(capacity_for(offer, municipality).used))
        for state in mapped.values():
            state.waiting_days.sort()
            state.priority_waiting_days.sort()
    return states


def with_initial(data: dict[str, Any], states: list[OfferState]) -> dict[str, Any]:
    """The scenario dict with the ``initial`` block of every offer counted in the database replaced."""
    by_name: dict[str | None, OfferState] = {s.engine_name: s for s in states if s.source == "database"}
    offers = []
    for item in data.get("offers") or []:
        item = dict(item)
        state = by_name.get(item.get("name"))
        if state is not None:
            item["initial"] = {"in_support": state.in_support, "remaining": "residual",
                               "waiting_days": list(state.waiting_days),
                               "priority_waiting_days": list(state.priority_waiting_days)}
        offers.append(item)
    return {**data, "offers": offers}

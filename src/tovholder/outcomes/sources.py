"""What outcome measurement reads from the other apps: the conditions chosen in the visitation, the
citizen's goals from the plan, and the offer a citizen received on a given day.

Called only inside reads that have already passed `open_citizen` (or, for the figures, on rows the
manager's scope allows), so no access event is written here.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from tovholder.offers.models import Offer
from tovholder.plans.selectors import active_goals
from tovholder.records import among
from tovholder.support.models import Episode
from tovholder.visitation.models import Assessment, Decision


@dataclass(frozen=True)
class GoalRef:
    key: str  # "goal-<id>", the area key of a goal-attainment answer
    goal_id: int
    text: str
    condition: str  # FFB condition code or ""
    target_level: int | None


def goal_key(goal_id: int) -> str:
    return f"goal-{goal_id}"


def goals_for(citizen) -> list[GoalRef]:
    """The citizen's active goals and sub-goals, in the plan's order."""
    return [GoalRef(goal_key(g.pk), g.pk, g.text, g.condition, g.target_level) for g in active_goals(citizen)]


def conditions_for(citizen) -> list[str]:
    """The FFB conditions assessed with a functional level in the citizen's latest assessment."""
    latest = (Assessment.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id)
              .order_by("-assessed_on", "-pk").first())
    if latest is None:
        return []
    return list(latest.scores.filter(functional_level__isnull=False).order_by("pk").values_list("condition", flat=True))


def visitation_levels(citizen) -> dict[str, int]:
    """The functional level per condition at the latest assessment (the starting point)."""
    latest = (Assessment.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id)
              .order_by("-assessed_on", "-pk").first())
    if latest is None:
        return {}
    return dict(latest.scores.filter(functional_level__isnull=False).values_list("condition", "functional_level"))


# the decisions that give a citizen their offer while they run (offers_on)
IN_FORCE = (Decision.Status.GRANTED, Decision.Status.ORDERED, Decision.Status.ACTIVE, Decision.Status.ENDED)


def offers_on(municipality, pairs: Iterable[tuple[int, datetime.date, int | None]]
              ) -> dict[tuple[int, datetime.date], int | None]:
    """For (citizen id, day, unit id) pairs: the offer the citizen received that day.

    First an episode of support running that day, then a granted decision in force that day, then
    the offer the measuring unit runs when it runs exactly one (drop-in centres need no decision)."""
    pairs = list(pairs)
    citizen_ids = {c for c, _, _ in pairs}
    episodes: dict[int, list[tuple]] = {}
    for c, start, end, offer in Episode.objects.filter(municipality=municipality, citizen_id__in=among(citizen_ids)
                                                       ).values_list("citizen_id", "started_on", "ended_on",
                                                                     "offer_id"):
        episodes.setdefault(c, []).append((start, end, offer))
    decisions: dict[int, list[tuple]] = {}
    for c, start, active, end, offer in Decision.objects.filter(
            municipality=municipality, citizen_id__in=among(citizen_ids), status__in=IN_FORCE
    ).values_list("citizen_id", "start_on", "activated_on", "ended_on", "offer_id"):
        decisions.setdefault(c, []).append((active or start, end, offer))
    unit_offers: dict[int, list[int]] = {}
    for unit, offer in Offer.objects.filter(municipality=municipality, active=True, unit__isnull=False
                                            ).values_list("unit_id", "pk"):
        unit_offers.setdefault(unit, []).append(offer)

    def running(rows, day):
        found = [(start, offer) for start, end, offer in rows if start and start <= day and (end is None or end >= day)]
        return max(found)[1] if found else None

    result = {}
    for citizen_id, day, unit_id in pairs:
        offer = running(episodes.get(citizen_id, []), day) or running(decisions.get(citizen_id, []), day)
        if offer is None and len(unit_offers.get(unit_id, [])) == 1:
            offer = unit_offers[unit_id][0]
        result[(citizen_id, day)] = offer
    return result

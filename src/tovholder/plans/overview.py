"""The plan's part of the citizen overview and timeline (registered from PlansConfig.ready)."""

from collections.abc import Iterable

from tovholder.citizens.overview import section
from tovholder.citizens.timeline import TimelineItem, source

from .models import GoalFollowUp
from .selectors import plan_context


@section(key="plan", title="Plan og mål", template="plans/section_plan.html", order=20)
def plan_section(user, citizen) -> dict:
    return {"p": plan_context(user, citizen)}


@source
def follow_ups(citizen) -> Iterable[TimelineItem]:
    for f in GoalFollowUp.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id
                                         ).select_related("goal"):
        yield TimelineItem(f.held_on, "Mål", f"Opfølgning ({f.get_result_display().lower()}): {f.goal}")

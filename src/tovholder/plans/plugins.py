"""What plans plugs in: the plan on the citizen overview, follow-ups on the timeline, and the follow-ups
due on the start page."""

import datetime
from collections.abc import Iterable

from django.utils import timezone

from tovholder.citizens.overview import section
from tovholder.citizens.timeline import TimelineItem, source
from tovholder.layout.panels import panel

from .models import GoalFollowUp
from .selectors import PERM, follow_ups_due, plan_context

FOLLOW_UP_HORIZON = datetime.timedelta(days=7)


@section(key="plan", title="Plan og mål", template="plans/section_plan.html", order=20)
def plan_section(user, citizen) -> dict:
    return {"p": plan_context(user, citizen)}


@source
def follow_ups(citizen) -> Iterable[TimelineItem]:
    for f in GoalFollowUp.objects.filter(citizen=citizen, municipality_id=citizen.municipality_id
                                         ).select_related("goal"):
        yield TimelineItem(f.held_on, "Mål", f"Opfølgning ({f.get_result_display().lower()}): {f.goal}")


@panel(key="opfoelgning", title="Mål der skal følges op", template="plans/panel_follow_ups.html", order=30,
       perm=PERM)
def follow_ups_panel(request) -> dict:
    today = timezone.localdate()
    goals = follow_ups_due(request.user, until=today + FOLLOW_UP_HORIZON)
    return {"goals": goals, "today": today, "shown": [g.citizen for g in goals]}

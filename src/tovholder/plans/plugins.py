"""What plans plugs in: the plan on the citizen overview, follow-ups on the timeline, and the follow-ups
due on the start page."""

import datetime

from django.utils import timezone

from tovholder.citizens.overview import section
from tovholder.citizens.timeline import TimelineItem
from tovholder.layout.panels import panel

from .selectors import PERM, follow_ups_due, plan_context

FOLLOW_UP_HORIZON = datetime.timedelta(days=7)


@section(key="plan", title="Plan og mål", template="plans/section_plan.html", order=20)
def plan_section(user, citizen) -> dict:
    view = plan_context(user, citizen)
    return {"p": view, "timeline": [
        TimelineItem(f.held_on, "Mål", f"Opfølgning ({f.get_result_display().lower()}): {goal}")
        for goal in view.all_goals for f in goal.follow_ups.all()]}


@panel(key="opfoelgning", title="Mål der skal følges op", template="plans/panel_follow_ups.html", order=30,
       perm=PERM)
def follow_ups_panel(request) -> dict:
    today = timezone.localdate()
    goals = follow_ups_due(request.user, until=today + FOLLOW_UP_HORIZON)
    return {"goals": goals, "today": today, "shown": [g.citizen for g in goals]}

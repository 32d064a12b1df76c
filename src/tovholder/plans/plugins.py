"""What plans plugs in: the plan on the citizen overview, follow-ups on the timeline, and the follow-ups
due on the start page."""

import datetime

from django.utils import timezone

from tovholder.citizens.overview import section
from tovholder.citizens.timeline import Step, TimelineItem
from tovholder.layout.panels import panel

from . import task_sources  # noqa: F401 - registers the computed tasks on the one task list (todo)
from .selectors import PERM, follow_ups_due, plan_context

FOLLOW_UP_HORIZON = datetime.timedelta(days=7)


@section(key="plan", title="Plan og mål", template="plans/section_plan.html", order=20)
def plan_section(user, citizen) -> dict:
    view = plan_context(user, citizen)
    return {"p": view, "timeline": list(_goal_items(view.all_goals))}


def _goal_items(goals):
    for goal in goals:
        effort = " (indsatsmål)" if goal.decision_id else ""
        yield TimelineItem(goal.created_on, "Mål", f"Mål sat{effort}: {goal}", step=Step.GOAL)
        for r in goal.revisions.all():
            levels = f" (før: niveau {r.start_level}→{r.target_level})" if r.target_level is not None else ""
            yield TimelineItem(r.valid_until, "Mål", f"Mål ændret: {goal}{levels}", step=Step.CHANGE,
                               registered=r.registered_at)
        for f in goal.follow_ups.all():
            reached = f", niveau {f.level_reached}" if f.level_reached is not None else ""
            yield TimelineItem(f.held_on, "Mål", f"Opfølgning ({f.get_result_display().lower()}{reached}): {goal}",
                               step=Step.FOLLOW_UP)


@panel(key="opfoelgning", title="Mål der skal følges op", template="plans/panel_follow_ups.html", order=30,
       perm=PERM)
def follow_ups_panel(request) -> dict:
    today = timezone.localdate()
    goals = follow_ups_due(request.user, until=today + FOLLOW_UP_HORIZON)
    return {"goals": goals, "today": today, "shown": [g.citizen for g in goals]}

"""What the action plan plugs in: the menu entry (managers and the psychiatry council)."""

from tovholder.layout import menu
from tovholder.layout.panels import panel

menu.add(label="Handleplan", url_name="actionplan", order=79, perms=("actionplan.view_action_plan",),
         current=("actionplan", "actionplan_effort_new", "actionplan_effort", "actionplan_goal"))


@panel(key="handleplan", title="Psykiatripolitikkens handleplan", template="actionplan/panel.html", order=15,
       perm="actionplan.view_action_plan")
def action_plan_panel(request) -> dict | None:
    """The start page of those who only read the action plan (the psychiatry council): the goals' status
    today. Managers reach the plan from the menu (no extra queries on their start page)."""
    if request.user.has_perm("actionplan.manage_action_plan"):
        return None
    from .selectors import plan

    p = plan(request.user)
    return {"counts": p.status_counts(), "areas": len(p.areas)}

"""What the action plan plugs in: the menu entry (managers and the psychiatry council)."""

from tovholder.layout import menu

menu.add(label="Handleplan", url_name="actionplan", order=79, perms=("actionplan.view_action_plan",),
         current=("actionplan", "actionplan_effort_new", "actionplan_effort", "actionplan_goal"))

"""The audit event codes of the action plan (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    ACTIONPLAN_FOCUS_AREAS = "actionplan.focus_areas"
    ACTIONPLAN_EFFORT_ADDED = "actionplan.effort_added"
    ACTIONPLAN_GOAL_ADDED = "actionplan.goal_added"
    ACTIONPLAN_STATUS_RECORDED = "actionplan.status_recorded"

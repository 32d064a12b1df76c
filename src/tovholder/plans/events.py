"""The audit event codes of plans (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    GOAL_ADDED = "goal.added"
    GOAL_CHANGED = "goal.changed"
    GOAL_FOLLOWED_UP = "goal.followed_up"
    PLAN_CREATED = "plan.created"
    PLAN_SAVED = "plan.saved"

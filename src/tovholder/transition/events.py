"""The audit event codes of transitions (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    TRANSITION_OPENED = "transition.opened"
    TRANSITION_PLANNED = "transition.planned"
    TRANSITION_HANDED_OVER = "transition.handed_over"

"""The audit event codes of the drop-in centre and the activity calendar (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    OPENING_PERIOD_ADDED = "dropin.opening_period_added"
    CLOSURE_ADDED = "dropin.closure_added"
    DOOR_COUNTED = "dropin.door_counted"
    CHECKED_IN = "dropin.checked_in"
    SHIFT_ADDED = "dropin.shift_added"
    SHIFT_TAKEN = "dropin.shift_taken"
    SHIFT_DONE = "dropin.shift_done"
    COUNCIL_MEETING_RECORDED = "dropin.council_meeting_recorded"
    ACTIVITY_CREATED = "dropin.activity_created"
    SIGNED_UP = "dropin.signed_up"
    OUTCOME_RECORDED = "dropin.outcome_recorded"

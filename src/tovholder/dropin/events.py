"""The audit event codes of the drop-in centre and the activity calendar (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    OPENING_PERIOD_ADDED = "opening_period.added"
    CLOSURE_ADDED = "closure.added"
    DOOR_COUNTED = "door.counted"
    DROPIN_CHECKED_IN = "dropin.checked_in"
    SHIFT_ADDED = "shift.added"
    SHIFT_TAKEN = "shift.taken"
    SHIFT_DONE = "shift.done"
    COUNCIL_MEETING_RECORDED = "council_meeting.recorded"
    ACTIVITY_CREATED = "activity.created"
    ACTIVITY_SIGNED_UP = "activity.signed_up"
    ACTIVITY_SIGN_UP_CANCELLED = "activity.sign_up_cancelled"
    ACTIVITY_OUTCOME_RECORDED = "activity.outcome_recorded"

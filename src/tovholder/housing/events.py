"""The audit event codes of housing (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


# --- flats (Skolehaven) ---------------------------------------------------------------------------
class Event(EventCode):
    FLAT_ADDED = "flat.added"
    FLAT_MOVED_IN = "flat.moved_in"
    FLAT_MOVE_OUT_PLANNED = "flat.move_out_planned"
    FLAT_MOVED_OUT = "flat.moved_out"
    FLAT_HELP_PLANNED = "flat.help_planned"
    HOUSE_MEETING_PLANNED = "house_meeting.planned"
    HOUSE_MEETING_RECORDED = "house_meeting.recorded"
    MEAL_PLAN_WRITTEN = "house_meeting.meal_plan_written"

"""The audit event codes of housing (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    # --- flats (Skolehaven) -----------------------------------------------------------------------
    FLAT_ADDED = "flat.added"
    FLAT_MOVED_IN = "flat.moved_in"
    FLAT_MOVE_OUT_PLANNED = "flat.move_out_planned"
    FLAT_MOVED_OUT = "flat.moved_out"
    FLAT_HELP_PLANNED = "flat.help_planned"
    HOUSE_MEETING_PLANNED = "house_meeting.planned"
    HOUSE_MEETING_RECORDED = "house_meeting.recorded"
    HOUSE_MEETING_MEAL_PLAN_WRITTEN = "house_meeting.meal_plan_written"
    # --- stays: rehabilitating stays and acute places -------------------------------------------
    STAY_STARTED = "stay.started"
    STAY_RETURN_MOVED = "stay.return_moved"
    STAY_HOME_SUPPORT_PREPARED = "stay.home_support_prepared"
    STAY_ENDED = "stay.ended"
    # --- stays: Flex Bostøtte's shared quota ----------------------------------------------------
    OFFER_QUOTA_CHANGED = "offer_quota.changed"

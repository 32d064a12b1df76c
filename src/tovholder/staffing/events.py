"""The audit event codes of the staffing plan (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    STAFFING_PLANNED = "staffing.planned"
    STAFFING_EMPLOYED = "staffing.employed"
    STAFFING_EMPLOYMENT_ENDED = "staffing.employment_ended"

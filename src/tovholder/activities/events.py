"""The audit event codes of activities (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    CALENDAR_TOKEN_CREATED = "calendar.token_created"
    CALENDAR_TOKEN_REVOKED = "calendar.token_revoked"
    OCCASION_CANCELLED = "occasion.cancelled"
    OCCASION_MOVED = "occasion.moved"
    OCCASION_PLANNED = "occasion.planned"
    PARTICIPATION_CANCELLED = "participation.cancelled"
    PARTICIPATION_CONTACT_RECORDED = "participation.contact_recorded"
    PARTICIPATION_CORRECTED = "participation.corrected"
    PARTICIPATION_JOINED = "participation.joined"
    PARTICIPATION_RECORDED = "participation.recorded"

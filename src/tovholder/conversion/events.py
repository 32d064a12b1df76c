"""The audit event codes of conversion (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    IMPORT_STARTED = "conversion.import_started"
    IMPORT_FINISHED = "conversion.import_finished"
    IMPORT_FAILED = "conversion.import_failed"

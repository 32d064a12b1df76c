"""The audit event codes of journal (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    NOTE_CORRECTED = "note.corrected"
    NOTE_WRITTEN = "note.written"

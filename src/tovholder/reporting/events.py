"""The audit event codes of reporting (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    FFB_DELIVERED = "ffb.delivered"
    FFB_BUNDLE_SENT = "ffb.bundle_sent"
    FFB_BUNDLE_REFUSED = "ffb.bundle_refused"

"""The audit event codes of figures (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    FIGURES_FILL_STARTED = "figures.fill_started"

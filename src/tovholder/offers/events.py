"""The audit event codes of offers (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    OFFER_GRANTING_CHOSEN = "offer.granting_chosen"

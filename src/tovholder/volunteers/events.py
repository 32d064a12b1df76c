"""The audit event codes of volunteers (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    VOLUNTEER_REGISTERED = "volunteer.registered"
    VOLUNTEER_CHANGED = "volunteer.changed"
    COMPANION_WISH_RECORDED = "companion_wish.recorded"
    COMPANION_WISH_WITHDRAWN = "companion_wish.withdrawn"
    COMPANION_AGREEMENT_STARTED = "companion_agreement.started"
    COMPANION_AGREEMENT_ENDED = "companion_agreement.ended"
    COMPANION_AGREEMENT_OUTING_LOGGED = "companion_agreement.outing_logged"

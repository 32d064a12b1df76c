"""The audit event codes of citizens (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    CITIZEN_BREAK_GLASS = "citizen.break_glass"
    CITIZEN_CONTACT_CHANGED = "citizen.contact_changed"
    CITIZEN_COORDINATOR_SET = "citizen.coordinator_set"
    CITIZEN_CREATED = "citizen.created"
    CONSENT_GIVEN = "consent.given"
    CONSENT_WITHDRAWN = "consent.withdrawn"
    INVOLVEMENT_STARTED = "involvement.started"
    RELATIVE_ADDED = "relative.added"
    RELATIVE_TOLD = "relative.told"

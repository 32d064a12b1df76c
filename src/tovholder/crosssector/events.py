"""The audit event codes of crosssector (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    PARTNER_REGISTERED = "partner.registered"
    PARTNER_CHANGED = "partner.changed"
    PARTNER_CONSENT_GIVEN = "partner_consent.given"
    PARTNER_CONSENT_WITHDRAWN = "partner_consent.withdrawn"
    PARTNER_SHARED = "partner.shared"
    ADMISSION_NOTIFICATION_RECEIVED = "admission.notification_received"
    ADMISSION_CHANGED = "admission.changed"

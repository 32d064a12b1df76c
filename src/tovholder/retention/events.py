"""The audit event codes of retention (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    RETENTION_RULE_SET = "retention.rule_set"
    DELETION_PROPOSED = "deletion.proposed"
    DELETION_REJECTED = "deletion.rejected"
    DELETION_APPROVED = "deletion.approved"
    LEGAL_HOLD_PLACED = "legal_hold.placed"
    LEGAL_HOLD_RELEASED = "legal_hold.released"

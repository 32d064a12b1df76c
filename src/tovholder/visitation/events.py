"""The audit event codes of visitation (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    ASSESSMENT_RECORDED = "assessment.recorded"
    CASE_OPENED = "case.opened"
    CASE_TARGET_GROUPS_RECORDED = "case.target_groups_recorded"
    CASE_WISHES_RECORDED = "case.wishes_recorded"
    DECISION_ACTIVATED = "decision.activated"
    DECISION_CANCELLED = "decision.cancelled"
    DECISION_CHANGE_REQUESTED = "decision.change_requested"
    DECISION_DEADLINE_NOTICE = "decision.deadline_notice"
    DECISION_ENDED = "decision.ended"
    DECISION_GRANTED = "decision.granted"
    DECISION_FOLLOWED_UP = "decision.followed_up"
    DECISION_ORDERED = "decision.ordered"
    DECISION_REFUSED = "decision.refused"
    DECISION_REQUESTED = "decision.requested"
    DECISION_SERVICES_CHANGED = "decision.services_changed"
    ORDER_ACCEPTED = "order.accepted"
    ORDER_DECLINED = "order.declined"
    DIRECT_HELP_ESCALATED = "direct_help.escalated"
    DIRECT_HELP_GIVEN = "direct_help.given"
    REQUEST_REGISTERED = "request.registered"
    ROUTING_RULE_SAVED = "routing_rule.saved"
    WAITLIST_ADDED = "waitlist.added"
    WAITLIST_OFFERED = "waitlist.offered"

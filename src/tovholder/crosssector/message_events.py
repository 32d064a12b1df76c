"""The audit event codes of care messages, discharge agreements and coordinated plans."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    CARE_MESSAGE_SENT = "care_message.sent"
    CARE_MESSAGE_RECEIVED = "care_message.received"
    CARE_MESSAGE_REFUSED = "care_message.refused"
    CARE_THREAD_READ = "care_thread.read"
    DISCHARGE_AGREEMENT_WRITTEN = "discharge_agreement.written"
    DISCHARGE_AGREEMENT_SENT = "discharge_agreement.sent"
    COORDINATED_PLAN_SAVED = "coordinated_plan.saved"
    COORDINATED_PLAN_ACTION_ADDED = "coordinated_plan.action_added"
    COORDINATED_PLAN_ASSESSMENT_ADDED = "coordinated_plan.assessment_added"
    COORDINATED_PLAN_CONSENT_WITHDRAWN = "coordinated_plan.consent_withdrawn"
    COORDINATED_PLAN_SHARED = "coordinated_plan.shared"

"""Audit event codes of the portal (ADR 0008)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    CITIZEN_LOGGED_IN = "citizen.logged_in"
    ACCOUNT_MADE = "account.made"
    GOAL_COMMENTED = "goal.commented"
    STEP_ADDED = "step.added"
    CHECKIN_MADE = "checkin.made"
    CHECKIN_ALERT_SET = "checkin.alert_set"
    CRISIS_PLAN_SAVED = "crisis_plan.saved"
    CRISIS_PLAN_SHARED = "crisis_plan.shared"
    CRISIS_PLAN_UNSHARED = "crisis_plan.unshared"
    HELP_ASKED = "help.asked"
    MESSAGE_WRITTEN = "message.written"
    MESSAGE_ANSWERED = "message.answered"
    DATA_COPY_REQUESTED = "data_copy.requested"
    DATA_COPY_MADE = "data_copy.made"
    DATA_COPY_FAILED = "data_copy.failed"
    DATA_COPY_DOWNLOADED = "data_copy.downloaded"
    DATA_COPY_DELETED = "data_copy.deleted"
    RELATIVE_GRANTED = "relative.granted"
    RELATIVE_GRANT_WITHDRAWN = "relative.grant_withdrawn"
    RELATIVE_ACCOUNT_MADE = "relative.account_made"
    RELATIVE_LOGGED_IN = "relative.logged_in"

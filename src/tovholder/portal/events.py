"""Audit event codes of the portal (ADR 0008)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    CITIZEN_LOGGED_IN = "citizen.logged_in"
    ACCOUNT_MADE = "account.made"
    GOAL_COMMENTED = "goal.commented"
    STEP_ADDED = "step.added"
    DATA_COPY_REQUESTED = "data_copy.requested"
    DATA_COPY_MADE = "data_copy.made"
    DATA_COPY_FAILED = "data_copy.failed"
    DATA_COPY_DOWNLOADED = "data_copy.downloaded"
    DATA_COPY_DELETED = "data_copy.deleted"

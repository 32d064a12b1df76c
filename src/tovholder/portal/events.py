"""Audit event codes of the portal (ADR 0008)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    CITIZEN_LOGGED_IN = "citizen.logged_in"
    ACCOUNT_MADE = "account.made"
    GOAL_COMMENTED = "goal.commented"
    STEP_ADDED = "step.added"
    RELATIVE_GRANTED = "relative.granted"
    RELATIVE_GRANT_WITHDRAWN = "relative.grant_withdrawn"
    RELATIVE_ACCOUNT_MADE = "relative.account_made"
    RELATIVE_LOGGED_IN = "relative.logged_in"

"""Audit event codes of the portal (ADR 0008)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    CITIZEN_LOGGED_IN = "portal.citizen_logged_in"
    ACCOUNT_MADE = "portal.account_made"
    GOAL_COMMENTED = "portal.goal_commented"
    STEP_ADDED = "portal.step_added"

"""Audit event codes of the portal (ADR 0008)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    CITIZEN_LOGGED_IN = "citizen.logged_in"
    ACCOUNT_MADE = "account.made"
    GOAL_COMMENTED = "goal.commented"
    STEP_ADDED = "step.added"
    HELP_ASKED = "help.asked"
    MESSAGE_WRITTEN = "message.written"
    MESSAGE_ANSWERED = "message.answered"

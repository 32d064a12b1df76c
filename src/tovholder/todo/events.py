"""The audit event codes of tasks (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    TASK_CREATED = "task.created"
    TASK_COMPLETED = "task.completed"
    TASK_REASSIGNED = "task.reassigned"

"""The audit event codes of conversion (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    IMPORT_RUN_STARTED = "import_run.started"
    IMPORT_RUN_FINISHED = "import_run.finished"
    IMPORT_RUN_FAILED = "import_run.failed"

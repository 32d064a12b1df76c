"""The audit event codes of the DST report (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    DST_REPORT_QUEUED = "dst.report_queued"
    DST_REPORT_WRITTEN = "dst.report_written"
    DST_REPORT_UNCHANGED = "dst.report_unchanged"
    DST_REPORT_FAILED = "dst.report_failed"
    DST_REPORT_DOWNLOADED = "dst.report_downloaded"

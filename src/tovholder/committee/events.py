"""The audit event codes of the committee report (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    COMMITTEE_REPORT_STARTED = "committee.report_started"
    COMMITTEE_DRAFT_SAVED = "committee.draft_saved"
    COMMITTEE_PDF_MADE = "committee.pdf_made"

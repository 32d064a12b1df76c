"""The audit event codes of outcomes (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    INSTRUMENT_IMPORTED = "instrument.imported"
    INSTRUMENT_RETIRED = "instrument.retired"
    MEASUREMENT_CORRECTED = "measurement.corrected"
    MEASUREMENT_RECORDED = "measurement.recorded"

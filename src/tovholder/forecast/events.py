"""The audit event codes of forecast (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    FORECAST_RUN_FAILED = "forecast.run_failed"
    FORECAST_RUN_FINISHED = "forecast.run_finished"
    FORECAST_RUN_STARTED = "forecast.run_started"
    FORECAST_SCENARIO_CALIBRATED = "forecast.scenario_calibrated"
    FORECAST_SCENARIO_CHANGED = "forecast.scenario_changed"
    FORECAST_SCENARIO_COPIED = "forecast.scenario_copied"
    FORECAST_SCENARIO_CREATED = "forecast.scenario_created"

"""The audit event codes of support (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    EPISODE_ENDED = "episode.ended"
    EPISODE_FIRST_MEETING = "episode.first_meeting"
    EPISODE_INTENSITY_CHANGED = "episode.intensity_changed"
    EPISODE_MORE_HOURS_REQUESTED = "episode.more_hours_requested"
    EPISODE_STARTED = "episode.started"
    KLIPPEKORT_GIVEN = "klippekort.given"
    KLIPPEKORT_USED = "klippekort.used"
    PLACEMENT_REGISTERED = "placement.registered"
    PLACEMENT_HOME_TAKING_PLANNED = "placement.home_taking_planned"
    PLACEMENT_STEP_ADDED = "placement.step_added"
    PLACEMENT_STEP_DONE = "placement.step_done"
    PLACEMENT_TAKEN_HOME = "placement.taken_home"

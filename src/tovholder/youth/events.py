"""The audit event codes of Ungeindsats (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    YOUTH_STATUS_RECORDED = "youth.status_recorded"
    YOUTH_JOINT_MEETING = "youth.joint_meeting"
    YOUTH_GOAL_SET = "youth.goal_set"
    YOUTH_MOVED_TO_SKP = "youth.moved_to_skp"

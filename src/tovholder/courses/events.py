"""The audit event codes of courses (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    ROOM_CREATED = "course.room_created"
    COURSE_PLANNED = "course.planned"
    SESSION_PLANNED = "course.session_planned"
    ENROLLED = "course.enrolled"
    WAITLISTED = "course.waitlisted"
    MOVED_UP = "course.moved_up"
    WITHDRAWN = "course.withdrawn"
    EVALUATED = "course.evaluated"
    TARGET_SET = "course.target_set"

"""The audit event codes of courses (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    COURSE_ROOM_CREATED = "course.room_created"
    COURSE_PLANNED = "course.planned"
    COURSE_SESSION_PLANNED = "course.session_planned"
    COURSE_ENROLLED = "course.enrolled"
    COURSE_WAITLISTED = "course.waitlisted"
    COURSE_MOVED_UP = "course.moved_up"
    COURSE_WITHDRAWN = "course.withdrawn"
    COURSE_EVALUATED = "course.evaluated"
    COURSE_TARGET_SET = "course.target_set"

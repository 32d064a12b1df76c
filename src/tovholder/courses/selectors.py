"""Every read of courses. Participants are citizen data: a page shows the enrolments whose citizen the
user knows (a course's coordinator and leaders know their participants, see plugins.py) and logs them;
the others are counted, never named."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of
from tovholder.activities.ledger import attended
from tovholder.activities.models import Occasion, Participation
from tovholder.activities.services import FUTURE_SLACK
from tovholder.audit.services import record_access, record_list_access
from tovholder.citizens.gate import OUTSIDE_NEED_TO_KNOW
from tovholder.citizens.models import Citizen, Relative
from tovholder.records import int_or_none

from .models import Course, Enrolment, Room, Seat, Session, Target, Topic

E = Enrolment.Status
P = Participation.Status
COMPLETED_SHARE = 0.75  # a participant completed the course when they attended three in four sessions


SEE = ("courses.coordinate_courses", "courses.view_course_figures", "activities.plan_occasions")


def may_see_courses(user: Actor) -> bool:
    """The roles that open the course pages (coordinators, managers with the figures, staff who plan)."""
    return any(user.has_perm(p) for p in SEE)


def _courses(user: Actor) -> QuerySet[Course]:
    return Course.objects.filter(municipality_id=principal_of(user).municipality_id)


def course_rows(user: Actor) -> QuerySet[Course]:
    """Every course of the municipality with its dates and how many are on it and waiting (no names)."""
    return (_courses(user).select_related("topic", "coordinator")
            .annotate(first=Min("sessions__occasion__starts_at"), last=Max("sessions__occasion__ends_at"),
                      sessions_n=Count("sessions", distinct=True),
                      enrolled_n=Count("enrolments", filter=Q(enrolments__status=E.ENROLLED), distinct=True),
                      waiting_n=Count("enrolments", filter=Q(enrolments__status=E.WAITING), distinct=True))
            .order_by("-first", "-pk"))


def rooms(user: Actor) -> QuerySet[Room]:
    return Room.objects.filter(municipality_id=principal_of(user).municipality_id).order_by("name")


def topics() -> QuerySet[Topic]:
    return Topic.objects.all()


@dataclass
class CourseView:
    course: Course
    sessions: list[Session]
    enrolled: list[Enrolment]  # those the user knows
    waiting: list[Enrolment]
    enrolled_n: int
    waiting_n: int
    is_coordinator: bool
    is_leader: bool
    attended: dict[int, int] = field(default_factory=dict)  # enrolment -> sessions attended
    now: datetime.datetime = field(default_factory=timezone.now)

    @property
    def attendance_from(self) -> datetime.datetime:
        """Sessions beginning before this take attendance (the kernel's five minutes' slack)."""
        return self.now + FUTURE_SLACK

    @property
    def free(self) -> int:
        return max(0, self.course.seats - self.enrolled_n)

    @property
    def past(self) -> bool:
        return bool(self.sessions) and all(s.occasion.starts_at <= self.now for s in self.sessions)

    @property
    def ended(self) -> bool:
        return bool(self.sessions) and self.sessions[-1].occasion.starts_at <= self.now

    @property
    def can_move_up(self) -> bool:
        return self.is_coordinator and self.free > 0 and self.waiting_n > 0 and not self.past


def get_course(user: Actor, course_id: int) -> Course:
    course = _courses(user).select_related("topic", "offer", "coordinator").filter(pk=course_id).first()
    if course is None:
        raise Http404("Forløbet findes ikke.")
    return course


def course_view(user: Actor, course_id: int) -> CourseView:
    course = get_course(user, course_id)
    assert user.is_authenticated
    sessions = list(course.sessions.select_related("occasion", "room").prefetch_related("occasion__staff_rows__user")
                    .order_by("occasion__starts_at", "pk"))
    enrolments = list(course.enrolments.exclude(status=E.WITHDRAWN).select_related("citizen", "relative",
                                                                                    "enrolled_by__staff")
                      .order_by("created_at", "pk"))
    for e in enrolments:  # a citizen who enrolled themself in Min Tovholder acts through a user who is not staff
        e.self_enrolled = not hasattr(e.enrolled_by, "staff")  # type: ignore[attr-defined]
    known = set(Citizen.objects.known_to(user).filter(pk__in={e.citizen_id for e in enrolments})
                .values_list("pk", flat=True))
    shown = [e for e in enrolments if e.citizen_id in known]
    record_list_access(actor=user, citizens=[e.citizen for e in shown], what=f"Gruppeforløb: {course.title}")
    counts = dict(Seat.objects.filter(enrolment__in=[e.pk for e in shown], participation__status=P.ATTENDED)
                  .values("enrolment_id").annotate(n=Count("pk")).values_list("enrolment_id", "n"))
    return CourseView(
        course=course, sessions=sessions, enrolled=[e for e in shown if e.status == E.ENROLLED],
        waiting=[e for e in shown if e.status == E.WAITING],
        enrolled_n=sum(1 for e in enrolments if e.status == E.ENROLLED),
        waiting_n=sum(1 for e in enrolments if e.status == E.WAITING),
        is_coordinator=course.coordinator_id == user.pk,
        is_leader=course.leaders.filter(pk=user.pk).exists(), attended=counts)


def enrolment_of(user: Actor, course: Course, enrolment_id: int) -> Enrolment:
    """An enrolment on the course whose citizen the user knows (else 403); the read is logged."""
    found = course.enrolments.filter(pk=enrolment_id).select_related("citizen", "relative", "course").first()
    if found is None:
        raise Http404("Tilmeldingen findes ikke.")
    if not Citizen.objects.known_to(user).filter(pk=found.citizen_id).exists():
        raise PermissionDenied(OUTSIDE_NEED_TO_KNOW)
    record_access(actor=user, citizen=found.citizen, what=f"Gruppeforløb: {course.title} (tilmelding)")
    return found


@dataclass
class SessionView:
    session: Session
    seats: list[Seat]  # those whose citizen the user knows
    others: int


def session_view(user: Actor, course: Course, session_id: int) -> SessionView:
    session = course.sessions.filter(pk=session_id).select_related("occasion", "room").first()
    if session is None:
        raise Http404("Kursusgangen findes ikke.")
    seats = list(session.seats.select_related("enrolment__citizen", "enrolment__relative", "participation")
                 .exclude(enrolment__status=E.WITHDRAWN, participation__status=P.CANCELLED)
                 .order_by("enrolment__created_at", "pk"))
    known = set(Citizen.objects.known_to(user).filter(pk__in={s.enrolment.citizen_id for s in seats})
                .values_list("pk", flat=True))
    shown = [s for s in seats if s.enrolment.citizen_id in known]
    record_list_access(actor=user, citizens=[s.enrolment.citizen for s in shown],
                       what=f"Gruppeforløb: {course.title} (fremmøde)")
    return SessionView(session, shown, len(seats) - len(shown))


def enrol_choices(user: Actor, course: Course) -> tuple[list[Citizen], list]:
    """The citizens (and their relatives) the user knows and may enrol."""
    citizens = list(Citizen.objects.known_to(user).order_by("last_name", "first_name")[:500])
    relatives = list(Relative.objects.filter(citizen__in=[c.pk for c in citizens]).select_related("citizen")
                     .order_by("name")) if course.takes_relatives else []
    return citizens, relatives


# --- a citizen's courses (the overview, inside its logged read) ---------------------------------

def participant(user: Actor, value: str) -> tuple[Citizen, Relative | None]:
    """The participant chosen in the enrolment form ("c<id>" a citizen, "r<id>" a relative), in the user's
    municipality; whether the user may enrol them is the service's gate (403 outside need to know)."""
    in_municipality = Citizen.objects.in_municipality_of(user)
    pk = int_or_none(value[1:]) if value else None
    if pk is not None and value.startswith("r"):
        relative = Relative.objects.filter(pk=pk, citizen__in=in_municipality).select_related("citizen").first()
        if relative is not None:
            return relative.citizen, relative
    elif pk is not None and (citizen := in_municipality.filter(pk=pk).first()) is not None:
        return citizen, None
    raise ValidationError("Vælg en deltager.")


def courses_of(citizen: Citizen) -> list[Enrolment]:
    return list(Enrolment.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                .select_related("course__topic", "relative")
                .annotate(first=Min("course__sessions__occasion__starts_at"),
                          last=Max("course__sessions__occasion__ends_at"),
                          attended_n=Count("seats", filter=Q(seats__participation__status=P.ATTENDED), distinct=True),
                          sessions_n=Count("course__sessions", distinct=True))
                .order_by("-created_at"))


def delivered_minutes_on_courses(citizen: Citizen) -> int:
    """The citizen's delivered minutes on course sessions, as the ledger counts them."""
    rows = attended(citizen.municipality_id).filter(citizen=citizen, occasion__kind=Occasion.Kind.COURSE_SESSION)
    return rows.aggregate(m=Sum("minutes"))["m"] or 0


# --- start pages -------------------------------------------------------------------------------

def next_sessions_led_by(user: Actor, *, limit: int = 5) -> list[tuple[Session, list[Enrolment]]]:
    """The user's next course sessions as leader, with the participants (they know them)."""
    principal = principal_of(user)
    assert user.is_authenticated
    sessions = list(Session.objects.filter(municipality_id=principal.municipality_id, course__leaders=user,
                                           occasion__starts_at__gte=timezone.now() - datetime.timedelta(hours=3))
                    .exclude(occasion__status=Occasion.Status.CANCELLED)
                    .select_related("occasion", "room", "course").order_by("occasion__starts_at")[:limit])
    by_course: dict[int, list[Enrolment]] = defaultdict(list)
    for e in (Enrolment.objects.filter(course__in={s.course_id for s in sessions}, status=E.ENROLLED)
              .select_related("citizen", "relative").order_by("created_at", "pk")):
        by_course[e.course_id].append(e)
    known = set(Citizen.objects.known_to(user).filter(
        pk__in={e.citizen_id for rows in by_course.values() for e in rows}).values_list("pk", flat=True))
    return [(s, [e for e in by_course[s.course_id] if e.citizen_id in known]) for s in sessions]


def coordinated_courses(user: Actor) -> list[Course]:
    """The user's courses that have not ended, with seats and waitlist counts (no names)."""
    assert user.is_authenticated
    now = timezone.now()
    rows: list[Any] = list(course_rows(user).filter(coordinator=user))  # annotated: first, last, counts
    return [c for c in rows if c.last is None or c.last >= now][:10]


# --- the political target ----------------------------------------------------------------------

@dataclass
class PeriodFigures:
    target: Target
    held: int
    running: int
    planned: int
    seats: int
    enrolled: int
    attended: int
    recorded: int
    completed: int
    finished_enrolments: int
    relatives: int
    evaluations: int

    @property
    def fill_percent(self) -> int | None:
        return round(self.enrolled * 100 / self.seats) if self.seats else None

    @property
    def attendance_percent(self) -> int | None:
        return round(self.attended * 100 / self.recorded) if self.recorded else None

    @property
    def completion_percent(self) -> int | None:
        return round(self.completed * 100 / self.finished_enrolments) if self.finished_enrolments else None

    @property
    def target_percent(self) -> int:
        return round(self.held * 100 / self.target.courses)


def target_figures(user: Actor) -> list[PeriodFigures]:
    """Per target period: courses held (the last session in the period and passed), running and planned;
    seats filled, attendance rate, completion and relatives reached of the courses in the period."""
    principal = principal_of(user)
    now = timezone.now()
    targets = list(Target.objects.filter(municipality_id=principal.municipality_id).order_by("first_year", "pk"))
    courses: list[Any] = list(course_rows(user).exclude(sessions__isnull=True))  # annotated: first, last, counts
    enrolments = defaultdict(list)
    for row in (Enrolment.objects.filter(municipality_id=principal.municipality_id, status=E.ENROLLED)
                .annotate(att=Count("seats", filter=Q(seats__participation__status=P.ATTENDED)),
                          rec=Count("seats", filter=Q(seats__participation__status__in=[P.ATTENDED, P.NO_SHOW,
                                                                                       P.CANCELLED])))
                .values("course_id", "relative_id", "att", "rec", "evaluated_at")):
        enrolments[row["course_id"]].append(row)
    out = []
    for target in targets:
        inside = [c for c in courses
                  if target.first_year <= timezone.localtime(c.first).year <= target.last_year]
        held = [c for c in inside if c.last <= now]
        figures = PeriodFigures(target, held=len(held), running=len([c for c in inside if c.first <= now < c.last]),
                                planned=len([c for c in inside if c.first > now]), seats=sum(c.seats for c in inside),
                                enrolled=sum(c.enrolled_n for c in inside), attended=0, recorded=0, completed=0,
                                finished_enrolments=0, relatives=0, evaluations=0)
        for c in inside:
            for e in enrolments[c.pk]:
                figures.attended += e["att"]
                figures.recorded += e["rec"]
                figures.relatives += 1 if e["relative_id"] else 0
                figures.evaluations += 1 if e["evaluated_at"] else 0
                if c.last <= now:
                    figures.finished_enrolments += 1
                    if c.sessions_n and e["att"] >= COMPLETED_SHARE * c.sessions_n:
                        figures.completed += 1
        out.append(figures)
    return out


def course_table(user: Actor) -> list[Course]:
    """Every course with its figures, for the download."""
    return list(course_rows(user).select_related("offer"))

"""Every write of courses: rooms, courses and their sessions, enrolments and the waitlist, attendance,
evaluations and targets. Keyword-only, the acting user first, the write gate first, one transaction,
audited. Sessions and attendance go through the activities kernel (ADR 0004)."""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tovholder.accounts.principals import Actor, require_perm, require_same_municipality
from tovholder.activities import services as kernel
from tovholder.activities.models import Occasion, Participation
from tovholder.audit.services import audit
from tovholder.citizens.gate import NO_PERMISSION, knows, require_write
from tovholder.citizens.models import Citizen, Relative
from tovholder.layout import formats
from tovholder.offers.models import Offer
from tovholder.records import clean_text

from .events import Event
from .models import MAX_SEATS, Course, Enrolment, Room, Seat, Session, Target, Topic

COORDINATE = "courses.coordinate_courses"
ENROL = kernel.PERM  # a worker who plans occasions with citizens enrols them
E = Enrolment.Status
MAX_ROOM_CAPACITY = 500
NOT_OPEN = "Forløbet er ikke åbent for tilmelding i Min Tovholder. Kontakt din tovholder, hvis du gerne vil med."


def _whole(value, *, field: str, label: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValidationError({field: f"{label} skal være et helt tal fra {low} til {high}."})
    return value


# --- rooms and courses -------------------------------------------------------------------------

@transaction.atomic
def create_room(*, actor: Actor, name: str, address: str, capacity: int) -> Room:
    principal = require_perm(actor, COORDINATE)
    name = clean_text(name, field="name", label="lokalets navn", required=True, max_length=120, markup=False)
    address = clean_text(address, field="address", label="adressen", required=True, max_length=200, markup=False)
    capacity = _whole(capacity, field="capacity", label="Pladser i lokalet", low=1, high=MAX_ROOM_CAPACITY)
    if Room.objects.filter(municipality_id=principal.municipality_id, name__iexact=name).exists():
        raise ValidationError({"name": "Der findes allerede et lokale med det navn."})
    room = Room.objects.create(municipality=principal.municipality, name=name, address=address, capacity=capacity)
    audit(actor, room, Event.COURSE_ROOM_CREATED, None, navn=name)
    return room


@transaction.atomic
def plan_course(*, actor: Actor, title: str, topic: Topic, offer: Offer, seats: int, leaders: Iterable,
                audience: str = Course.Audience.USERS, partner: str = "", description: str = "",
                open_for_booking: bool = False) -> Course:
    """A new course (without sessions yet) with its leaders; the actor coordinates it."""
    principal = require_perm(actor, COORDINATE)
    assert actor.is_authenticated
    title = clean_text(title, field="title", label="forløbets titel", required=True, max_length=120,
                                min_length=3, markup=False)
    partner = clean_text(partner, field="partner", label="samarbejdspartneren", required=False,
                                  max_length=120, markup=False)
    description = clean_text(description, field="description", label="beskrivelsen", required=False,
                             max_length=2000)
    seats = _whole(seats, field="seats", label="Antal pladser", low=1, high=MAX_SEATS)
    if audience not in Course.Audience.values:
        raise ValidationError({"audience": "Vælg hvem der kan deltage."})
    if not Offer.objects.available_to(principal.municipality).filter(pk=offer.pk, active=True).exists():
        raise ValidationError({"offer": "Tilbuddet findes ikke i kommunens katalog."})
    leaders = list(leaders)
    if not leaders:
        raise ValidationError({"leaders": "Vælg mindst én holdleder."})
    for user in leaders:
        profile = getattr(user, "staff", None)
        if profile is None or profile.municipality_id != principal.municipality_id:
            raise ValidationError({"leaders": "Holdlederen findes ikke i kommunen."})
    course = Course.objects.create(municipality=principal.municipality, title=title, topic=topic, offer=offer,
                                   seats=seats, audience=audience, partner=partner, description=description,
                                   open_for_booking=open_for_booking is True, coordinator=actor)
    course.leaders.set(leaders)
    audit(actor, course, Event.COURSE_PLANNED, None, titel=title, pladser=seats, emne=topic.key)
    return course


def _require_coordinator(actor: Actor, course: Course) -> None:
    require_perm(actor, COORDINATE)
    require_same_municipality(actor, course)


def _when(starts_at: datetime.datetime, ends_at: datetime.datetime) -> str:
    return f"{formats.moment(starts_at)}–{timezone.localtime(ends_at):%H:%M}"


@transaction.atomic
def add_session(*, actor: Actor, course: Course, day: datetime.date | None, starts: datetime.time | None,
                ends: datetime.time | None, room: Room) -> Session:
    """A session of the course in a room, held by the course's leaders: an occasion of kind
    COURSE_SESSION planned through the kernel, with everyone enrolled on it. A room or a leader already
    booked in that time is refused."""
    _require_coordinator(actor, course)
    require_same_municipality(actor, room)
    if day is None or starts is None or ends is None:
        raise ValidationError("Skriv dato, starttidspunkt og sluttidspunkt for kursusgangen.")
    if not datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 1, 1):
        raise ValidationError({"day": "Datoen ligger uden for det mulige. Skriv en dato for kursusgangen."})
    starts_at = timezone.make_aware(datetime.datetime.combine(day, starts))
    ends_at = timezone.make_aware(datetime.datetime.combine(day, ends))
    if ends_at <= starts_at:
        raise ValidationError({"ends": "Kursusgangen skal slutte, efter den begynder."})
    room = Room.objects.select_for_update().get(pk=room.pk)  # one booking of the room at a time
    if not room.active:
        raise ValidationError({"room": "Lokalet er ikke længere i brug."})
    if room.capacity < course.seats:
        raise ValidationError({"room": f"{room.name} har kun {room.capacity} pladser, og forløbet har "
                                       f"{course.seats}."})
    clash = (Session.objects.filter(room=room, occasion__starts_at__lt=ends_at, occasion__ends_at__gt=starts_at)
             .exclude(occasion__status=Occasion.Status.CANCELLED).select_related("occasion", "course").first())
    if clash is not None:
        when = _when(clash.occasion.starts_at, clash.occasion.ends_at)
        raise ValidationError({"room": f"{room.name} er allerede booket {when} til forløbet »{clash.course.title}«. "
                                       "Vælg et andet lokale eller tidspunkt."})
    leaders = list(course.leaders.all())
    if not leaders:
        raise ValidationError("Forløbet har ingen holdledere. Vælg mindst én holdleder.")
    try:
        [occasion] = kernel.plan_occasions(
            actor=actor, kind=Occasion.Kind.COURSE_SESSION, starts_at=starts_at,
            minutes=int((ends_at - starts_at).total_seconds() // 60), staff=leaders, offer=course.offer,
            place=str(room)[:200])
    except kernel.OverlapWarning as exc:
        names = ", ".join(sorted({(u.get_full_name() or u.username) for u in leaders
                                  if any(row.user_id == u.pk for o in exc.overlaps for row in o.staff_rows.all())}))
        raise ValidationError(f"Holdlederen er allerede optaget{' (' + names + ')' if names else ''}: "
                              f"{exc.messages[0].removeprefix('Medarbejderen har allerede ')}") from None
    session = Session.objects.create(municipality=course.municipality, course=course, occasion=occasion, room=room)
    for enrolment in course.enrolments.filter(status=E.ENROLLED).select_related("citizen", "relative"):
        _seat(actor, enrolment, [session])
    audit(actor, session, Event.COURSE_SESSION_PLANNED, None, forloeb=course.pk, start=starts_at, lokale=room.name)
    return session


# --- enrolments and the waitlist ---------------------------------------------------------------

def _future_sessions(course: Course) -> list[Session]:
    return list(course.sessions.filter(occasion__starts_at__gt=timezone.now(),
                                       occasion__status=Occasion.Status.PLANNED).select_related("occasion"))


def _seat(actor: Actor, enrolment: Enrolment, sessions: list[Session]) -> None:
    by_occasion = {s.occasion_id: s for s in sessions}
    course = enrolment.course
    rows = kernel.join_occasions(actor=actor, occasions=[s.occasion for s in sessions],
                                 citizen=None if enrolment.relative_id else enrolment.citizen, offer=course.offer)
    Seat.objects.bulk_create([Seat(municipality=enrolment.municipality, enrolment=enrolment,
                                   session=by_occasion[p.occasion_id], participation=p) for p in rows])


@transaction.atomic
def enrol(*, actor: Actor, course: Course, citizen: Citizen, relative: Relative | None = None) -> Enrolment:
    """Put a citizen (or, with `relative`, the citizen's relative) on the course; when every seat is taken,
    on the course's waitlist (first come, first served). The course row is locked, so two enrolments in
    the last seat cannot both win."""
    principal = require_write(actor, citizen, perm=ENROL)
    assert actor.is_authenticated
    require_same_municipality(actor, course)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if principal.citizen_id is not None and not course.open_for_booking:  # a citizen booking their own seat
        raise PermissionDenied(NOT_OPEN)
    if relative is not None and relative.citizen_id != citizen.pk:
        raise ValidationError({"relative": "Den pårørende hører ikke til borgeren."})
    if relative is not None and not course.takes_relatives:
        raise ValidationError({"relative": "Forløbet er ikke for pårørende."})
    if relative is None and not course.takes_citizens:
        raise ValidationError({"citizen": "Forløbet er for pårørende. Vælg den pårørende, der skal deltage."})
    has_sessions = course.sessions.exists()
    future = _future_sessions(course)
    if has_sessions and not future:
        raise ValidationError("Forløbet er afsluttet (eller har ikke flere kursusgange); der kan ikke tilmeldes.")
    taken = course.enrolments.exclude(status=E.WITHDRAWN)
    taken = taken.filter(relative=relative) if relative is not None else taken.filter(citizen=citizen,
                                                                                        relative__isnull=True)
    if taken.exists():
        who = relative.name if relative is not None else citizen.full_name
        raise ValidationError(f"{who} er allerede tilmeldt forløbet eller står på dets venteliste.")
    seated = course.enrolments.filter(status=E.ENROLLED).count() < course.seats
    enrolment = Enrolment.objects.create(municipality=course.municipality, course=course, citizen=citizen,
                                         relative=relative, status=E.ENROLLED if seated else E.WAITING,
                                         enrolled_by=actor, seated_at=timezone.now() if seated else None)
    if seated:
        _seat(actor, enrolment, future)
    audit(actor, enrolment, Event.COURSE_ENROLLED if seated else Event.COURSE_WAITLISTED, citizen, forloeb=course.pk,
          paaroerende=relative.pk if relative else None)
    return enrolment


def _move_up(actor: Actor, course: Course) -> list[Enrolment]:
    """Seat the first on the waitlist while there are free seats — those the actor knows; the
    coordinator moves up the rest."""
    moved = []
    free = course.seats - course.enrolments.filter(status=E.ENROLLED).count()
    future = _future_sessions(course)
    for waiting in course.enrolments.filter(status=E.WAITING).select_related("citizen", "relative").order_by(
            "created_at", "pk"):
        if free <= 0 or not knows(actor, waiting.citizen):
            break
        waiting.status, waiting.seated_at = E.ENROLLED, timezone.now()
        waiting.version += 1
        waiting.save(update_fields=["status", "seated_at", "version"])
        _seat(actor, waiting, future)
        audit(actor, waiting, Event.COURSE_MOVED_UP, waiting.citizen, forloeb=course.pk)
        moved.append(waiting)
        free -= 1
    return moved


@transaction.atomic
def withdraw(*, actor: Actor, enrolment: Enrolment, reason: str) -> list[Enrolment]:
    """Take someone off the course (or its waitlist); their planned sessions are cancelled and the first
    on the waitlist moves up. Returns those moved up."""
    require_write(actor, enrolment.citizen, perm=ENROL)
    course = Course.objects.select_for_update().get(pk=enrolment.course_id)
    current = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if current.status == E.WITHDRAWN:
        raise ValidationError("Tilmeldingen er allerede afmeldt.")
    reason = clean_text(reason, field="reason", label="årsagen", required=True, max_length=300, min_length=3)
    was = current.status
    current.status, current.withdrawn_at = E.WITHDRAWN, timezone.now()
    current.version += 1
    current.save(update_fields=["status", "withdrawn_at", "version"])
    planned = [s.participation for s in current.seats.select_related("participation__citizen")
               if s.participation.status == Participation.Status.PLANNED]
    kernel.withdraw_participations(actor=actor, participations=planned, reason=reason)
    audit(actor, current, Event.COURSE_WITHDRAWN, current.citizen, forloeb=course.pk, foer=was, aarsag=reason)
    return _move_up(actor, course) if was == E.ENROLLED else []


@transaction.atomic
def move_up(*, actor: Actor, course: Course) -> list[Enrolment]:
    """The coordinator seats the first on the waitlist in the free seats."""
    _require_coordinator(actor, course)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.coordinator_id != actor.pk:
        raise PermissionDenied(NO_PERMISSION)
    moved = _move_up(actor, course)
    if not moved:
        raise ValidationError("Der er ingen ledige pladser, eller ingen på ventelisten.")
    return moved


# --- attendance and evaluation -----------------------------------------------------------------

STATUSES = (Participation.Status.ATTENDED, Participation.Status.NO_SHOW, Participation.Status.CANCELLED)


@transaction.atomic
def record_session(*, actor: Actor, session: Session, statuses: Mapping[int, str]) -> int:
    """Attendance per seat of a session (seat id -> attended / no-show / cancelled), through the kernel.
    Returns how many were recorded."""
    require_perm(actor, kernel.PERM)
    require_same_municipality(actor, session)
    seats = {s.pk: s for s in session.seats.select_related("participation__citizen", "participation__occasion")}
    count = 0
    for seat_id, status in statuses.items():
        if seat_id not in seats:
            raise ValidationError("Deltageren er ikke på kursusgangen.")
        if status not in STATUSES:
            raise ValidationError("Vælg deltog, udeblev eller meldte afbud for hver deltager.")
        participation = seats[seat_id].participation
        if participation.status == status:
            continue
        kernel.record_attendance(actor=actor, participation=participation, status=status)
        count += 1
    return count


@transaction.atomic
def evaluate(*, actor: Actor, enrolment: Enrolment, useful: int, group: int, use: int, text: str = "",
             version: int | None = None) -> Enrolment:
    """The participant's short evaluation at the end of the course (written down with them by staff)."""
    require_write(actor, enrolment.citizen, perm=ENROL)
    current = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if version is not None and version != current.version:
        raise ValidationError("Tilmeldingen er ændret af en anden imens. Åbn den igen.")
    if current.status != E.ENROLLED:
        raise ValidationError("Kun deltagere på forløbet kan evaluere det.")
    last = current.course.sessions.order_by("-occasion__starts_at").select_related("occasion").first()
    if last is None or last.occasion.starts_at > timezone.now():
        raise ValidationError("Evalueringen udfyldes ved forløbets sidste kursusgang eller bagefter.")
    for value, field in ((useful, "useful"), (group, "group"), (use, "use")):
        _whole(value, field=field, label="Svaret", low=1, high=5)
    current.eval_useful, current.eval_group, current.eval_use = useful, group, use
    current.eval_text = clean_text(text, field="text", label="kommentaren", required=False, max_length=2000)
    current.evaluated_at = timezone.now()
    current.version += 1
    current.save(update_fields=["eval_useful", "eval_group", "eval_use", "eval_text", "evaluated_at", "version"])
    audit(actor, current, Event.COURSE_EVALUATED, current.citizen, forloeb=current.course_id)
    return current


# --- targets -----------------------------------------------------------------------------------

@transaction.atomic
def set_target(*, actor: Actor, first_year: int, last_year: int, courses: int, source: str = "") -> Target:
    principal = require_perm(actor, COORDINATE)
    first_year = _whole(first_year, field="first_year", label="Fra år", low=2000, high=2100)
    last_year = _whole(last_year, field="last_year", label="Til og med år", low=2000, high=2100)
    if last_year < first_year:
        raise ValidationError({"last_year": "Perioden skal slutte samme år eller senere, end den begynder."})
    courses = _whole(courses, field="courses", label="Antal forløb", low=1, high=1000)
    source = clean_text(source, field="source", label="kilden", required=False, max_length=200, markup=False)
    target = Target.objects.create(municipality=principal.municipality, first_year=first_year,
                                   last_year=last_year, courses=courses, source=source)
    audit(actor, target, Event.COURSE_TARGET_SET, None, periode=f"{first_year}-{last_year}", forloeb=courses)
    return target

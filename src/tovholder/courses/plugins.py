"""What courses plugs in: need to know of the participants for a course's coordinator and leaders, the
menu, the start-page panels, the citizen overview's section and the course offer's seats."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from tovholder.accounts.principals import Kind, Principal
from tovholder.citizens import scopes
from tovholder.citizens.overview import section
from tovholder.citizens.timeline import TimelineItem
from tovholder.layout import menu
from tovholder.layout.panels import panel
from tovholder.offers.capacity import Use, usage

from .models import Course, Enrolment
from .selectors import (
    coordinated_courses,
    courses_of,
    delivered_minutes_on_courses,
    may_see_courses,
    next_sessions_led_by,
)

RECENTLY_ENDED_DAYS = 30  # after the last session, to record attendance and the evaluations
E = Enrolment.Status


@scopes.extend(Kind.STAFF)
def _participants(principal: Principal) -> Q | None:
    """A course's leaders know its participants, its coordinator also those waiting and the citizens of
    relatives on it; until RECENTLY_ENDED_DAYS after the course's last session."""
    since = timezone.now() - datetime.timedelta(days=RECENTLY_ENDED_DAYS)
    live = (Enrolment.objects.filter(municipality_id=principal.municipality_id)
            .filter(Q(course__sessions__isnull=True) | Q(course__sessions__occasion__ends_at__gte=since)))
    led = live.filter(course__leaders=principal.user, status=E.ENROLLED, relative__isnull=True)
    coordinated = live.filter(course__coordinator=principal.user, status__in=[E.ENROLLED, E.WAITING])
    return Q(pk__in=led.values("citizen_id")) | Q(pk__in=coordinated.values("citizen_id"))


menu.add(label="Gruppeforløb", url_name="courses", order=55,
         perms=("courses.coordinate_courses", "courses.view_course_figures", "activities.plan_occasions"),
         current=("courses", "course", "course_new", "rooms", "course_figures"))


@panel(key="gruppeforloeb_leder", title="Mine gruppeforløb", template="courses/panel_leader.html", order=20,
       perm="activities.plan_occasions")
def leader_panel(request) -> dict | None:
    rows = next_sessions_led_by(request.user)
    if not rows:
        return None
    return {"rows": rows, "shown": [e.citizen for _, enrolments in rows for e in enrolments]}


@panel(key="gruppeforloeb_koordinator", title="Gruppeforløb og ventelister", template="courses/panel_coordinator.html",
       order=25, perm="courses.coordinate_courses")
def coordinator_panel(request) -> dict:
    return {"courses": coordinated_courses(request.user), "shown": []}


@section(key="gruppeforloeb", title="Gruppeforløb", template="courses/overview_section.html", order=45)
def course_section(user, citizen) -> dict:
    enrolments = courses_of(citizen)
    minutes = delivered_minutes_on_courses(citizen) if enrolments else 0
    may_open = may_see_courses(user)  # a caseworker sees the citizen's courses, without a link to their pages
    return {"enrolments": enrolments, "hours": (Decimal(minutes) / 60).quantize(Decimal("0.1")), "may_open": may_open,
            "timeline": [TimelineItem(timezone.localtime(e.created_at).date(), "Gruppeforløb",
                                      f"{'Tilmeldt' if e.status != E.WAITING else 'Skrevet på venteliste til'} "
                                      f"»{e.course.title}«" + (f" ({e.relative.name})" if e.relative else ""),
                                      reverse("course", args=[e.course_id]) if may_open else "")
                         for e in enrolments]}


@usage("courses")
def _seats(offer, municipality) -> Use:
    """Seats taken on the offer's courses that have not ended, and those on their waitlists."""
    if offer.capacity_kind != offer.CapacityKind.SEATS:
        return Use()
    running = Course.objects.filter(offer=offer, sessions__occasion__ends_at__gte=timezone.now())
    if municipality is not None:
        running = running.filter(municipality=municipality)
    counts = Enrolment.objects.filter(course__in=running.values("pk")).aggregate(
        places=Count("pk", filter=Q(status=E.ENROLLED)), waiting=Count("pk", filter=Q(status=E.WAITING)))
    return Use(places=counts["places"] or 0, hours=Decimal(0), waiting=counts["waiting"] or 0)

"""What the citizen writes in the portal: a comment on a goal, an own step. Through the write gate with the
citizen as actor (the citizen principal knows only itself) and audited in the same transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of
from tovholder.activities.models import Occasion, Participation
from tovholder.audit.services import audit
from tovholder.citizens.gate import require_write
from tovholder.citizens.models import Citizen
from tovholder.courses import services as courses
from tovholder.courses.models import Course, Enrolment
from tovholder.dropin import services as dropin
from tovholder.dropin.models import Activity
from tovholder.plans.models import Goal
from tovholder.records import clean_text
from tovholder.todo.services import create_task

from .events import Event
from .models import GoalEntry
from .principals import CitizenPrincipal

PERM = "portal.write_own"
MAX_TEXT = 2000


def citizen_principal(actor: Actor) -> CitizenPrincipal:
    principal = principal_of(actor)
    if not isinstance(principal, CitizenPrincipal):
        raise PermissionDenied("Min Tovholder er for borgeren selv.")
    return principal


@transaction.atomic
def add_goal_entry(*, actor: Actor, goal_id: int | None, kind: str, text: str) -> GoalEntry:
    """Write the citizen's comment or own step on one of their own active goals."""
    principal = citizen_principal(actor)
    if kind not in GoalEntry.Kind.values:
        raise ValidationError({"kind": "Vælg om det er en kommentar eller et skridt."})
    goal = (Goal.objects.select_related("citizen").filter(
        pk=goal_id, citizen_id=principal.citizen_id, municipality_id=principal.municipality_id).first()
        if goal_id is not None else None)
    if goal is None:
        raise Http404("Målet findes ikke.")
    require_write(actor, goal.citizen, perm=PERM)
    if not goal.is_active:
        raise ValidationError({"text": "Målet er afsluttet; du kan ikke skrive på det længere."})
    label = "din kommentar" if kind == GoalEntry.Kind.COMMENT else "dit skridt"
    body = clean_text(text, field="text", label=label, required=True, max_length=MAX_TEXT, min_length=2)
    entry = GoalEntry.objects.create(municipality_id=goal.municipality_id, goal=goal, citizen=goal.citizen,
                                     kind=kind, text=body, written_by=principal.user)
    audit(actor, entry, Event.GOAL_COMMENTED if kind == GoalEntry.Kind.COMMENT else Event.STEP_ADDED,
          goal.citizen, goal=goal.pk)
    return entry


# ---- bookings: the courses' and Støberiet's own services, with the citizen as actor ----

WITHDRAWN_BY_CITIZEN = "Meldt fra af borgeren selv i Min Tovholder"


@transaction.atomic
def book_course(*, actor: Actor, course: Course) -> Enrolment:
    """Enrol the citizen themself on a course open for self-booking (a seat, or the waitlist when it is full)."""
    principal = citizen_principal(actor)
    citizen = Citizen.objects.get(pk=principal.citizen_id)
    with principal.booking():
        return courses.enrol(actor=actor, course=course, citizen=citizen)


@transaction.atomic
def withdraw_course(*, actor: Actor, enrolment: Enrolment) -> list[Enrolment]:
    """Take the citizen off a course (or its waitlist). Returns those moved up from the waitlist."""
    principal = citizen_principal(actor)
    if enrolment.citizen_id != principal.citizen_id or enrolment.relative_id is not None:
        raise Http404("Tilmeldingen findes ikke.")
    with principal.booking():
        was = Enrolment.objects.get(pk=enrolment.pk).status
        moved = courses.withdraw(actor=actor, enrolment=enrolment, reason=WITHDRAWN_BY_CITIZEN)
    course = enrolment.course
    if was == Enrolment.Status.ENROLLED and not moved and course.enrolments.filter(
            status=Enrolment.Status.WAITING).exists():
        # the citizen knows only themself, so – as for a worker who does not know the next in line – nobody moved
        # up: the coordinator is told a seat is free (no name in the task: the citizen does not see the list)
        create_task(actor=actor, citizen=None, title=f"Ledig plads på »{course.title}«: ryk op fra ventelisten",
                    due=timezone.localdate(), assignee=course.coordinator, source="portal.seat_freed",
                    source_ref=course)
    return moved


@transaction.atomic
def sign_up_activity(*, actor: Actor, activity: Activity, occasion: Occasion) -> Participation:
    """Sign the citizen themself up for a session of an activity open for self-booking, where seats allow."""
    principal = citizen_principal(actor)
    citizen = Citizen.objects.get(pk=principal.citizen_id)
    with principal.booking():
        return dropin.sign_up(actor=actor, activity=activity, occasion=occasion, citizen=citizen)


@transaction.atomic
def cancel_activity(*, actor: Actor, activity: Activity, participation: Participation) -> Participation:
    """Cancel the citizen's own sign-up for a session not yet begun."""
    principal = citizen_principal(actor)
    if participation.citizen_id != principal.citizen_id:
        raise Http404("Tilmeldingen findes ikke.")
    with principal.booking():
        return dropin.cancel_sign_up(actor=actor, activity=activity, participation=participation,
                                     reason=WITHDRAWN_BY_CITIZEN)

"""Every write of transitions from children's to adult services. Keyword-only, the acting user first, the
gate first, one transaction, audited. The caseworker's role (`visitation.handle_cases`) and need to know of
the young person; taking the children's services' request into a transition is a referral (the caseworker
may not know the young person yet), as taking a request into a case is."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of, require_perm, require_same_municipality
from tovholder.audit.services import audit
from tovholder.citizens.gate import require_referral, require_write
from tovholder.citizens.models import Citizen
from tovholder.layout import formats
from tovholder.layout.dates import check_date
from tovholder.records import check_day, clean_text, lock_version
from tovholder.todo import services as todo
from tovholder.todo.models import Task
from tovholder.visitation import services as visitation
from tovholder.visitation.models import Case, Request, Source

from .events import Event
from .models import Transition, eighteenth_birthday
from .selectors import young_people

CASES = "visitation.handle_cases"
TASK_SOURCE = "transition.prepare"
EARLIEST = datetime.timedelta(days=366)  # a transition may be opened from a year before the 18th birthday
LATEST = datetime.timedelta(days=183)  # … and until half a year after it
OPEN_BEFORE = datetime.timedelta(days=90)  # the task's due date: three months before the 18th birthday


def _check_age(citizen: Citizen, today: datetime.date) -> None:
    birthday = eighteenth_birthday(citizen.birth_date)
    if today < birthday - EARLIEST:
        raise ValidationError(f"{citizen.first_name} fylder 18 år den {formats.day(birthday)}. En overgang kan "
                              "forberedes fra et år før.")
    if today > birthday + LATEST:
        raise ValidationError(f"{citizen.first_name} fyldte 18 år den {formats.day(birthday)}. Overgangen fra "
                              "børneområdet er forbi; brug en almindelig sag.")


@transaction.atomic
def open_transition(*, actor: Actor, citizen: Citizen, request: Request | None = None,
                    opened_on: datetime.date | None = None) -> Transition:
    """A transition on the young person's open case (or a new case for the caseworker, with the children's
    services' request when there is one). The task to prepare it is done."""
    if request is not None:
        require_referral(actor, citizen, perm=CASES)
        require_same_municipality(actor, request)
        if request.citizen_id != citizen.pk:
            raise ValidationError({"request": "Henvendelsen gælder en anden borger."})
        if request.source != Source.CHILDREN:
            raise ValidationError({"request": "Henvendelsen er ikke fra børne- og familieområdet."})
    else:
        require_write(actor, citizen, perm=CASES)
    assert actor.is_authenticated
    today = timezone.localdate()
    _check_age(citizen, today)
    if Transition.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen).exists():
        raise ValidationError("Den unge har allerede en overgang til voksenområdet.")
    opened_on = check_day(opened_on or today, field="opened_on", what="Overgangens oprettelse",
                          years_back=citizen.municipality.backdate_years,
                          not_before=request.received_on if request else None,
                          before_what="henvendelsen blev modtaget")
    case = Case.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen,
                               status=Case.Status.OPEN).order_by("-opened_on", "-pk").first()
    if case is None:
        case = visitation.open_case(actor=actor, citizen=citizen, request=request, opened_on=opened_on)
    row = Transition.objects.create(municipality=citizen.municipality, citizen=citizen, case=case, request=request,
                                    caseworker=actor, opened_on=opened_on)
    audit(actor, row, Event.TRANSITION_OPENED, citizen, sag=case.pk, henvendelse=request.pk if request else None)
    todo.complete_source_tasks(actor=actor, source=TASK_SOURCE, source_ref=citizen)
    return row


def _staff(actor: Actor, person, field: str):
    if person is None:
        return None
    profile = getattr(person, "staff", None)
    if profile is None or profile.municipality_id != principal_of(actor).municipality_id or not person.is_active:
        raise ValidationError({field: "Medarbejderen findes ikke i kommunen."})
    return person


@transaction.atomic
def plan_handover(*, actor: Actor, transition: Transition, version: int | None, meeting_on: datetime.date | None,
                  meeting_place: str = "", participants: str = "", continues: str = "",
                  adult_coordinator=None) -> Transition:
    """The handover meeting (date, place, participants), what continues from 18, and the adult coordinator."""
    require_write(actor, transition.citizen, perm=CASES)
    current = lock_version(Transition, transition, version)
    if current.status != Transition.Status.PREPARING:
        raise ValidationError("Overgangen er allerede overleveret til voksenområdet.")
    if meeting_on is not None:
        check_date(meeting_on, kind="planned", field="meeting_on")
        if meeting_on < current.opened_on:
            raise ValidationError({"meeting_on": "Mødet kan ikke ligge før overgangen blev oprettet "
                                                 f"({formats.day(current.opened_on)})."})
    fields = {
        "meeting_on": meeting_on,
        "meeting_place": clean_text(meeting_place, field="meeting_place", label="mødestedet", required=False,
                                    max_length=200, markup=False),
        "participants": clean_text(participants, field="participants", label="deltagerne", required=False,
                                   max_length=1000),
        "continues": clean_text(continues, field="continues", label="hvad der fortsætter", required=False,
                                max_length=4000),
        "adult_coordinator": _staff(actor, adult_coordinator, "adult_coordinator"),
    }
    before = {k: str(getattr(current, k)) for k, v in fields.items() if getattr(current, k) != v}
    for key, value in fields.items():
        setattr(current, key, value)
    current.version += 1
    current.save()
    audit(actor, current, Event.TRANSITION_PLANNED, current.citizen, foer=before, moede=current.meeting_on,
          tovholder=current.adult_coordinator_id)
    return current


@transaction.atomic
def record_handover(*, actor: Actor, transition: Transition, version: int | None,
                    held_on: datetime.date | None) -> Transition:
    """The handover meeting was held: the transition is handed over to adult services."""
    require_write(actor, transition.citizen, perm=CASES)
    current = lock_version(Transition, transition, version)
    if current.status != Transition.Status.PREPARING:
        raise ValidationError("Overgangen er allerede overleveret til voksenområdet.")
    missing = [label for label, value in (("datoen for mødet", current.meeting_on),
                                          ("hvad der fortsætter fra det 18. år", current.continues),
                                          ("tovholderen i voksenområdet", current.adult_coordinator_id)) if not value]
    if missing:
        raise ValidationError("Skriv først " + ", ".join(missing) + ".")
    current.handed_over_on = check_day(held_on, field="held_on", what="Mødet",
                                       years_back=current.municipality.backdate_years,
                                       not_before=current.opened_on, before_what="overgangen blev oprettet")
    current.status = Transition.Status.HANDED_OVER
    current.version += 1
    current.save(update_fields=["handed_over_on", "status", "version"])
    audit(actor, current, Event.TRANSITION_HANDED_OVER, current.citizen, holdt=current.handed_over_on)
    return current


@transaction.atomic
def create_transition_tasks(*, actor: Actor, today: datetime.date | None = None) -> list[Task]:
    """A task for the caseworker for each young person they know who is 17½ or older, not yet 18, and has
    no transition — once per young person (a task done without a transition is not made again)."""
    require_perm(actor, CASES)
    today = today or timezone.localdate()
    rows = [r for r in young_people(actor, today=today, log=False) if r.ready and r.transition_id is None]
    had = set(Task.objects.filter(municipality_id=principal_of(actor).municipality_id, source=TASK_SOURCE,
                                  source_ref__in=[todo.ref_of(r.citizen) for r in rows])
              .values_list("source_ref", flat=True))
    made = []
    for r in rows:
        if todo.ref_of(r.citizen) in had:
            continue
        due = max(today, r.turns_18_on - OPEN_BEFORE)
        made.append(todo.create_task(
            actor=actor, citizen=r.citizen, title=f"Forbered overgangen til voksenområdet for {r.citizen.first_name}",
            due=due, assignee=actor, source=TASK_SOURCE, source_ref=r.citizen,
            detail=f"Fylder 18 år den {formats.day(r.turns_18_on)}. Opret en overgang med et overleveringsmøde."))
    return made

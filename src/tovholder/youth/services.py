"""Every write of Ballerup Ungeindsats: the young person's education/job status, the joint visitation
meeting, the education/job goal of the plan, and the move to SKP on førtidspension. Keyword-only, the
acting user first, through the write gate, one transaction, audited."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tovholder.accounts.principals import Actor, Principal
from tovholder.audit.services import audit
from tovholder.citizens import services as citizen_services
from tovholder.citizens.gate import NO_PERMISSION, require_write
from tovholder.citizens.models import Citizen, Consent, Involvement, Relative
from tovholder.plans import services as plan_services
from tovholder.plans.models import Goal
from tovholder.records import check_day, clean_text
from tovholder.visitation import youth as visitation_youth

from .events import Event
from .models import JointMeeting, Move, Programme, Status, StatusEntry
from .programme import EDUCATION_JOB_CONDITIONS, S, mentor_effort, programme_of

SUPPORT = "support.provide_support"
CASES = "visitation.handle_cases"
ANSWER = "visitation.answer_orders"
NOT_IN_PROGRAMME = "Borgeren er ikke i et mentorforløb i Ballerup Ungeindsats."
MIN_REASONS = 20


def _today() -> datetime.date:
    return timezone.localdate()


def _require_youth_work(actor: Actor, citizen: Citizen) -> Principal:
    """The mentors, their leader and the caseworker (need to know; never through a break-the-glass grant)."""
    principal = require_write(actor, citizen)
    if not (principal.has_perm(SUPPORT) or principal.has_perm(CASES) or principal.has_perm(ANSWER)):
        raise PermissionDenied(NO_PERMISSION)
    return principal


def _programme(citizen: Citizen) -> Programme:
    programme = programme_of(citizen.municipality_id)
    if programme is None:
        raise ValidationError("Kommunen har ikke sat en ungeindsats op i Tovholder.")
    return programme


def _in_programme(citizen: Citizen) -> Programme:
    """The citizen has, or had, a mentor effort (a status may be dated back to the effort's time)."""
    programme = _programme(citizen)
    if mentor_effort(citizen, programme, statuses=(S.GRANTED, S.ORDERED, S.ACTIVE, S.ENDED)) is None:
        raise ValidationError(NOT_IN_PROGRAMME)
    return programme


def _day(day, citizen: Citizen, *, field: str, what: str, not_before=None, before_what="") -> datetime.date:
    """A date that happened: not in the future, not before the citizen was born, not further back than
    the municipality allows (year 0001 and the like are refused)."""
    if not_before is None or citizen.birth_date > not_before:
        not_before, before_what = citizen.birth_date, "borgerens fødsel"
    return check_day(day, field=field, what=what, years_back=citizen.municipality.backdate_years,
                     not_before=not_before, before_what=before_what)


@transaction.atomic
def record_status(*, actor: Actor, citizen: Citizen, status: str, since: datetime.date, note: str = ""
                  ) -> StatusEntry:
    """The young person's status (in education, in job, in a clarifying activity, neither) from a date."""
    _require_youth_work(actor, citizen)
    assert actor.is_authenticated
    _in_programme(citizen)
    if status not in Status.values:
        raise ValidationError({"status": "Vælg en status: uddannelse, job, afklarende forløb eller ingen af dem."})
    since = _day(since, citizen, field="since", what="Statussens dato")
    note = clean_text(note, field="note", label="bemærkningen", required=False, max_length=500)
    Citizen.objects.select_for_update().filter(pk=citizen.pk).first()  # one status per day, also at once
    if StatusEntry.objects.filter(citizen=citizen, since=since).exists():
        raise ValidationError({"since": "Der er allerede registreret en status den dag."})
    entry = StatusEntry.objects.create(municipality=citizen.municipality, citizen=citizen, status=status,
                                       since=since, note=note, recorded_by=actor)
    audit(actor, entry, Event.YOUTH_STATUS_RECORDED, citizen, status=status, fra=since)
    return entry


def _meeting_consent(citizen: Citizen, contact: Relative | None, held_on: datetime.date) -> Consent:
    if contact is None:
        raise ValidationError({"jobcenter_contact": "Vælg Jobcentrets deltager (borgerens netværksperson fra "
                                                    "Jobcentret) for at registrere Jobcentrets del."})
    if contact.citizen_id != citizen.pk:
        raise ValidationError({"jobcenter_contact": "Jobcentrets deltager hører ikke til borgerens netværk."})
    consent = (Consent.objects.filter(relative=contact, scope=Consent.Scope.MEETINGS, given_on__lte=held_on)
               .exclude(withdrawn_on__lt=held_on).order_by("-given_on").first())
    if consent is None:
        raise ValidationError({"jobcenter_contact": (
            f"Borgeren havde ikke givet samtykke til, at {contact.name} deltager i møder, den dag mødet blev holdt. "
            "Jobcentrets del kan ikke registreres uden samtykket. Registrér samtykket (omfang: "
            "“Må deltage i møder”) under borgerens pårørende og netværk, eller gem mødet uden Jobcentrets del.")})
    return consent


@transaction.atomic
def record_joint_meeting(*, actor: Actor, citizen: Citizen, held_on: datetime.date, participants, agreement: str,
                         jobcenter_contact: Relative | None = None, jobcenter_part: str = "") -> JointMeeting:
    """The joint visitation meeting: the staff who took part (at least one from Social Vejledning), the
    date and the agreement; the Jobcenter's part only with the citizen's consent that the Jobcenter's
    contact takes part in meetings."""
    principal = _require_youth_work(actor, citizen)
    assert actor.is_authenticated
    _in_programme(citizen)
    held_on = _day(held_on, citizen, field="held_on", what="Mødet")
    participants = list(dict.fromkeys(participants or []))
    if not participants:
        raise ValidationError({"participants": "Et fælles visitationsmøde skal have deltagere. Vælg mindst én "
                                               "fra Social Vejledning og én fra Ungeindsatsen."})
    for user in participants:
        profile = getattr(user, "staff", None)
        if profile is None or profile.municipality_id != principal.municipality_id:
            raise ValidationError({"participants": "En deltager er ikke medarbejder i kommunen."})
    if not any(user.has_perm(CASES) for user in participants):
        raise ValidationError({"participants": "Mindst én deltager skal være sagsbehandler fra Social Vejledning: "
                                               "mødet er en fælles visitation."})
    agreement = clean_text(agreement, field="agreement", label="det aftalte", required=True, max_length=4000,
                           min_length=5)
    jobcenter_part = clean_text(jobcenter_part, field="jobcenter_part", label="Jobcentrets del", required=False,
                                max_length=2000)
    consent = None
    if jobcenter_part or jobcenter_contact is not None:
        consent = _meeting_consent(citizen, jobcenter_contact, held_on)
    meeting = JointMeeting.objects.create(
        municipality=citizen.municipality, citizen=citizen, held_on=held_on, agreement=agreement,
        jobcenter_contact=jobcenter_contact if consent else None, jobcenter_consent=consent,
        jobcenter_part=jobcenter_part, recorded_by=actor)
    meeting.staff.set(participants)
    audit(actor, meeting, Event.YOUTH_JOINT_MEETING, citizen, dato=held_on, deltagere=[u.pk for u in participants],
          jobcenter=consent is not None, samtykke=consent.pk if consent else None)
    return meeting


@transaction.atomic
def add_education_goal(*, actor: Actor, citizen: Citizen, text: str, condition: str, goal_type: str,
                       next_follow_up_on: datetime.date) -> Goal:
    """The education/job goal every Ungeindsats plan has (FFB: a goal type on an education or job
    condition), set on the mentor effort, in the citizen's own words."""
    _require_youth_work(actor, citizen)
    programme = _programme(citizen)
    effort = mentor_effort(citizen, programme)
    if effort is None:
        raise ValidationError(NOT_IN_PROGRAMME)
    if condition not in EDUCATION_JOB_CONDITIONS:
        raise ValidationError({"condition": "Vælg uddannelse, beskæftigelse eller uddannelse og job."})
    goal = plan_services.add_goal(actor=actor, citizen=citizen, text=text, goal_type=goal_type,
                                  next_follow_up_on=next_follow_up_on, condition=condition, decision=effort,
                                  unit=programme.offer.unit)
    audit(actor, goal, Event.YOUTH_GOAL_SET, citizen, tilstand=condition)
    return goal


def _require_mover(actor: Actor, citizen: Citizen, programme: Programme) -> Principal:
    """The caseworker, or the programme's leader (who answers its orders)."""
    principal = require_write(actor, citizen)
    leads = principal.has_perm(ANSWER) and programme.offer.unit_id in principal.scope_unit_ids
    if not (principal.has_perm(CASES) or leads):
        raise PermissionDenied("Kun sagsbehandleren eller Ungeindsatsens leder kan flytte en ung til SKP.")
    return principal


@transaction.atomic
def move_to_skp(*, actor: Actor, citizen: Citizen, pension_granted_on: datetime.date, reasons: str,
                moved_on: datetime.date | None = None) -> Move:
    """A young person granted førtidspension moves to SKP, in one step: SKP is granted and ordered with the
    mentor effort's hours (SKP's leader names the contact person, who becomes the coordinator), the
    one plan stays and is handed over, the mentor effort ends with the ending letter, and the
    programme lets go of the citizen from that day."""
    programme = _programme(citizen)
    _require_mover(actor, citizen, programme)
    assert actor.is_authenticated
    effort = mentor_effort(citizen, programme, statuses=(S.ACTIVE,))
    if effort is None:
        raise ValidationError(f"{NOT_IN_PROGRAMME} Kun en ung i et mentorforløb, der er i gang, kan flyttes til SKP.")
    pension_granted_on = _day(pension_granted_on, citizen, field="pension_granted_on",
                              what="Datoen for tilkendt førtidspension")
    moved_on = _day(moved_on or _today(), citizen, field="moved_on", what="Overgangen",
                    not_before=max(pension_granted_on, effort.activated_on or pension_granted_on),
                    before_what="førtidspensionen og mentorforløbets start")
    reasons = clean_text(reasons, field="reasons", label="begrundelsen til borgeren", required=True,
                         max_length=4000, min_length=MIN_REASONS)
    new, letter = visitation_youth.move_on_early_pension(actor=actor, decision=effort,
                                                         to_offer=programme.pension_offer, on=moved_on,
                                                         reasons=reasons)
    current = Citizen.objects.select_for_update().get(pk=citizen.pk)
    if current.coordinator_id is not None:
        citizen_services.set_coordinator(
            actor=actor, citizen=current, coordinator=None, since=moved_on,
            reason="Overgår til SKP: SKP's kontaktperson bliver tovholder og overtager planen")
    unit = programme.offer.unit
    if unit is not None:
        plan_services.release_goals(actor=actor, citizen=citizen, unit=unit,
                                    reason="Overgået til SKP: SKP's kontaktperson overtager målene")
        Involvement.objects.filter(citizen=citizen, unit=unit, ended_on__isnull=True).update(ended_on=moved_on)
    move = Move.objects.create(municipality=citizen.municipality, citizen=citizen,
                               pension_granted_on=pension_granted_on, moved_on=moved_on, from_decision=effort,
                               to_decision=new, letter=letter, reasons=reasons, by=actor)
    audit(actor, move, Event.YOUTH_MOVED_TO_SKP, citizen, fra=effort.pk, til=new.pk, dato=moved_on,
          tovholder_foer=citizen.coordinator_id)
    return move


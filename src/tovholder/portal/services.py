"""What the citizen writes in the portal: a comment on a goal, an own step, a check-in and the choice to have
the coordinator told about missed check-ins, the crisis plan, a request for help, a message to the team (staff
answer it here too, `answer_message`), withdrawing a consent, granting a relative access to chosen parts of the
portal and withdrawing it. Through the write gate with the citizen as actor (the citizen
principal knows only itself) and audited in the same transaction. And the daily job's write: the task for the
coordinator when a citizen who asked for it has not checked in."""

import datetime
import logging
import re
import time
import uuid
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of
from tovholder.activities.models import Occasion, Participation
from tovholder.audit.services import audit, record_access
from tovholder.citizens import services as citizen_services
from tovholder.citizens.cpr import clean_cpr
from tovholder.citizens.gate import require_write
from tovholder.citizens.models import Citizen, Consent, Involvement, Relative
from tovholder.courses import services as courses
from tovholder.courses.models import Course, Enrolment
from tovholder.dropin import services as dropin
from tovholder.dropin.models import Activity
from tovholder.plans.models import Goal
from tovholder.records import clean_text, int_or_none, lock_version
from tovholder.todo.services import create_task
from tovholder.visitation.models import Request, Source
from tovholder.visitation.services import register_request

from . import shares
from .events import Event
from .identity import relative_cpr_hash
from .models import (
    CheckIn,
    CheckInAlert,
    CitizenAccount,
    CrisisPlan,
    CrisisPlanSharing,
    DataCopy,
    GoalEntry,
    Message,
    MessageThread,
    RelativeGrant,
)
from .principals import CitizenPrincipal

logger = logging.getLogger(__name__)

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


# ---- check-ins ----

SCALE = (1, 10)
MAX_NOTE = 500
BACK_DAYS = 7  # a check-in may be made up for the past week, never for the future
ALERT_DAYS = (3, 7, 14)
ALERT_SOURCE = "portal.checkin_missed"
ONE_A_DAY = "Du har allerede tjekket ind {day}. Det, du skrev, bliver stående; du kan tjekke ind igen i morgen."


def _scale(value, field: str, label: str) -> int:
    number = value if type(value) is int else int_or_none(value)  # not True/False, not 5.5, not "abc"
    if number is None or not SCALE[0] <= number <= SCALE[1]:
        raise ValidationError({field: f"Vælg {label} på skalaen fra {SCALE[0]} til {SCALE[1]}."})
    return number


def _citizen_of(principal: CitizenPrincipal) -> Citizen:
    citizen = Citizen.objects.filter(pk=principal.citizen_id, municipality_id=principal.municipality_id).first()
    if citizen is None:
        raise Http404("Borgeren findes ikke.")
    return citizen


@transaction.atomic
def check_in(*, actor: Actor, mood, sleep, note: str = "", day: datetime.date | None = None) -> CheckIn:
    """The citizen's check-in for a day (today unless given; the past week at most). One a day: a second the
    same day is refused with a clear message, so nothing the citizen said is overwritten."""
    principal = citizen_principal(actor)
    citizen = _citizen_of(principal)
    require_write(actor, citizen, perm=PERM)
    today = timezone.localdate()
    day = day or today
    if not isinstance(day, datetime.date):
        raise ValidationError({"day": "Vælg en dag."})
    if day > today:
        raise ValidationError({"day": "Du kan ikke tjekke ind for en dag, der ikke er kommet endnu."})
    if day < today - datetime.timedelta(days=BACK_DAYS):
        raise ValidationError({"day": f"Du kan tjekke ind for i dag og højst {BACK_DAYS} dage tilbage."})
    mood = _scale(mood, "mood", "dit humør")
    sleep = _scale(sleep, "sleep", "din søvn")
    body = clean_text(note, field="note", label="din note", required=False, max_length=MAX_NOTE)
    Citizen.objects.select_for_update().filter(pk=citizen.pk).first()  # two check-ins at once: one waits
    if CheckIn.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen, day=day).exists():
        raise ValidationError({"day": ONE_A_DAY.format(day="i dag" if day == today else "den dag")})
    entry = CheckIn.objects.create(municipality_id=citizen.municipality_id, citizen=citizen, day=day, mood=mood,
                                   sleep=sleep, note=body, written_by=principal.user)
    audit(actor, entry, Event.CHECKIN_MADE, citizen, dag=day.isoformat(), humoer=mood, soevn=sleep)
    return entry


@transaction.atomic
def set_check_in_alert(*, actor: Actor, days, version: int | None = None) -> CheckInAlert:
    """Turn on ("tell my coordinator after N days without a check-in") or off (`days` empty). Off by default."""
    principal = citizen_principal(actor)
    citizen = _citizen_of(principal)
    require_write(actor, citizen, perm=PERM)
    chosen = None if days in (None, "", "0", 0) else int_or_none(days)
    if days not in (None, "", "0", 0) and chosen not in ALERT_DAYS:
        raise ValidationError({"days": "Vælg et af tallene på listen, eller at din tovholder ikke skal have besked."})
    alert, created = CheckInAlert.objects.get_or_create(
        municipality_id=citizen.municipality_id, citizen=citizen,
        defaults={"days": chosen, "changed_on": timezone.localdate()})
    if not created:
        alert = lock_version(CheckInAlert, alert, version, "Dit valg er ændret i et andet vindue. Se det nye valg "
                                                            "og vælg igen.")
        alert.days, alert.changed_on, alert.version = chosen, timezone.localdate(), alert.version + 1
        alert.save(update_fields=["days", "changed_on", "version"])
    audit(actor, alert, Event.CHECKIN_ALERT_SET, citizen, dage=chosen)
    return alert


def alert_missed_check_ins(*, municipality_id: int, today: datetime.date) -> list:
    """The daily job: a task for the coordinator (else the citizen's team) of each citizen who asked for it and
    has not checked in for the days they chose. Only citizens who opted in; one task per missed stretch (a new
    check-in starts a new stretch). Written on the citizen's standing request, with the citizen as the actor."""
    tasks = []
    alerts = CheckInAlert.objects.filter(municipality_id=municipality_id, days__isnull=False).select_related(
        "citizen__coordinator")
    for alert in alerts:
        assert alert.days is not None
        last = (CheckIn.objects.filter(municipality_id=municipality_id, citizen_id=alert.citizen_id)
                .order_by("-day").values_list("day", flat=True).first())
        since = max(d for d in (last, alert.changed_on) if d is not None)
        if (today - since).days < alert.days:
            continue
        try:
            task = _alert_task(alert, since, last, today)
        except (PermissionDenied, ValidationError):  # the coordinator no longer knows the citizen …: skip today
            continue
        if task is not None:
            tasks.append(task)
    return tasks


@transaction.atomic
def _alert_task(alert: CheckInAlert, since: datetime.date, last: datetime.date | None, today: datetime.date):
    account = CitizenAccount.objects.select_related("user").filter(citizen_id=alert.citizen_id).first()
    if account is None or not account.user.is_active:
        return None
    citizen = alert.citizen
    coordinator = citizen.coordinator if citizen.coordinator is not None and citizen.coordinator.is_active else None
    team = None
    if coordinator is None:
        involvement = (Involvement.objects.active_on(today).filter(municipality_id=citizen.municipality_id,
                                                                   citizen=citizen)
                       .select_related("unit").order_by("started_on", "pk").first())
        team = involvement.unit if involvement else None
        if team is None:
            return None
    when = f"siden {last:%d.%m.%Y}" if last else f"siden {since:%d.%m.%Y}, da borgeren bad om besked"
    return create_task(
        actor=account.user, citizen=citizen, assignee=coordinator, team=team, due=today + datetime.timedelta(days=2),
        title=f"Borgeren har ikke tjekket ind på Min Tovholder {when}",
        detail=(f"Borgeren har selv bedt om, at tovholderen får besked efter {alert.days} dage uden tjek-ind. "
                "Tag kontakt, som I har aftalt."),
        source=ALERT_SOURCE, source_ref=f"portal.checkinalert:{alert.pk}:{since.isoformat()}")
# ---- My crisis plan (mestringsplan) ----

MAX_SECTION = 4000
MAX_CONTACTS = 8
MAX_NAME = 100
PHONE = re.compile(r"^\+?[0-9][0-9 ]{2,18}[0-9]$")
STALE = ("Din kriseplan er blevet gemt i et andet vindue, mens du skrev. Se den nyeste version nedenfor, og gem "
         "din tekst igen, hvis den stadig skal med.")


def _no_nul(*values: str) -> None:
    if any("\x00" in (v or "") for v in values):
        raise ValidationError("Teksten indeholder et tegn, der ikke kan gemmes (NUL). Skriv almindelig tekst.")


def _own_citizen(actor: Actor) -> Citizen:
    principal = citizen_principal(actor)
    citizen = Citizen.objects.select_for_update().filter(
        pk=principal.citizen_id, municipality_id=principal.municipality_id).first()
    if citizen is None:
        raise Http404("Borgeren findes ikke.")
    require_write(actor, citizen, perm=PERM)
    return citizen


def _contacts(rows: list[tuple[str, str]]) -> list[dict[str, str]]:
    """The people to call: a name and a phone a row; empty rows are left out; a phone is digits (spaces and a
    leading + allowed), so it can be a tel: link."""
    contacts, errors = [], {}
    for i, (name, phone) in enumerate(rows, start=1):
        name, phone = (name or "").strip(), (phone or "").strip()
        if not name and not phone:
            continue
        try:
            name = clean_text(name, field=f"navn_{i}", label=f"et navn i række {i}", required=True,
                              max_length=MAX_NAME, markup=False)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if not phone:
            errors[f"telefon_{i}"] = [f"Skriv et telefonnummer til {name or 'personen'} i række {i}."]
        elif len(phone) > 22 or not PHONE.match(phone):
            errors[f"telefon_{i}"] = [f"Telefonnummeret i række {i} må kun have tal, mellemrum og et + foran, "
                                      "fx 12 34 56 78 eller +45 12 34 56 78."]
        contacts.append({"name": name, "phone": " ".join(phone.split())})
    if len(contacts) > MAX_CONTACTS:
        errors["__all__"] = [f"Der er plads til {MAX_CONTACTS} personer at ringe til."]
    if errors:
        raise ValidationError(errors)
    return contacts


@transaction.atomic
def save_crisis_plan(*, actor: Actor, warning_signs: str, my_actions: str, others_actions: str,
                     contacts: list[tuple[str, str]], written_with: str = "",
                     based_on: int | None = None) -> CrisisPlan:
    """Save the citizen's crisis plan as a new version (the earlier ones stay as they were). `based_on` is the
    version the citizen started from (0 for the first): if another save came in between, nothing is saved."""
    _no_nul(warning_signs, my_actions, others_actions, written_with, *(v for row in contacts for v in row))
    citizen = _own_citizen(actor)
    current = (CrisisPlan.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
               .order_by("-number").values_list("number", flat=True).first()) or 0
    if based_on is None or based_on != current:
        raise ValidationError(STALE)
    errors: dict[str, list[str]] = {}
    texts = {}
    for field, label, value in (("warning_signs", "dine advarselstegn", warning_signs),
                                ("my_actions", "det, du selv gør", my_actions),
                                ("others_actions", "det, andre kan gøre", others_actions)):
        try:
            texts[field] = "\n".join(CrisisPlan.lines(clean_text(value, field=field, label=label, required=False,
                                                                  max_length=MAX_SECTION)))
        except ValidationError as exc:
            errors.update(exc.message_dict)
    try:
        people = _contacts(contacts)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        people = []
    try:
        together = clean_text(written_with, field="written_with", label="hvem du har skrevet planen sammen med",
                              required=False, max_length=MAX_NAME, markup=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    if not any(texts.values()) and not people:
        raise ValidationError("Skriv mindst én ting i din kriseplan, før du gemmer.")
    plan = CrisisPlan.objects.create(municipality_id=citizen.municipality_id, citizen=citizen, number=current + 1,
                                     contacts=people, written_with=together, written_by=citizen_principal(actor).user,
                                     **texts)
    audit(actor, plan, Event.CRISIS_PLAN_SAVED, citizen, number=plan.number, written_with=bool(together))
    return plan


@transaction.atomic
def share_crisis_plan(*, actor: Actor, shared: bool) -> CrisisPlanSharing | None:
    """The citizen's choice: share the current crisis plan with the coordinator (and the staff who support
    them) or withdraw it. Audited each time it changes."""
    citizen = _own_citizen(actor)
    if shared and not CrisisPlan.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen).exists():
        raise ValidationError("Skriv og gem din kriseplan, før du deler den.")
    sharing = CrisisPlanSharing.objects.select_for_update().filter(
        municipality_id=citizen.municipality_id, citizen=citizen).first()
    if sharing is None:
        if not shared:
            return None  # never shared: nothing to withdraw, nothing written
        sharing = CrisisPlanSharing.objects.create(municipality_id=citizen.municipality_id, citizen=citizen,
                                                   shared=True)
    elif sharing.shared == shared:
        return sharing  # as it was: nothing written
    else:
        sharing.shared = shared
        sharing.version += 1
        sharing.save(update_fields=["shared", "version", "changed_at"])
    audit(actor, sharing, Event.CRISIS_PLAN_SHARED if shared else Event.CRISIS_PLAN_UNSHARED, citizen)
    return sharing
# ---- Bed om hjælp ----

HELP_PER_DAY = 5
MAX_HELP = 4000


@transaction.atomic
def ask_for_help(*, actor: Actor, text: str) -> Request:
    """The citizen asks the municipality for help: a request in visitation with the source "Borgeren selv (Min
    Tovholder)", handed in through visitation's own service with the citizen as actor. At most HELP_PER_DAY a day."""
    principal = citizen_principal(actor)
    citizen = Citizen.objects.select_for_update().get(pk=principal.citizen_id,
                                                      municipality_id=principal.municipality_id)
    body = clean_text(text, field="text", label="det, du beder om hjælp til", required=True, max_length=MAX_HELP,
                      min_length=5)
    since = timezone.now() - datetime.timedelta(days=1)
    if Request.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen, source=Source.PORTAL,
                              registered_at__gte=since).count() >= HELP_PER_DAY:
        raise ValidationError({"text": f"Du har allerede bedt om hjælp {HELP_PER_DAY} gange det seneste døgn. "
                                       "Vi vender tilbage. Har du brug for hjælp nu, så ring til kommunen – "
                                       "eller 112, hvis det er akut."})
    request = register_request(actor=actor, source=Source.PORTAL, asks_for=body,
                               received_on=timezone.localdate(), citizen=citizen,
                               requester_name=citizen.full_name[:200])
    audit(actor, request, Event.HELP_ASKED, citizen)
    return request


# ---- Beskeder ----

MESSAGES_PER_DAY = 10
MAX_MESSAGE = 4000
MAX_SUBJECT = 120


def _message_text(text: str) -> str:
    return clean_text(text, field="text", label="din besked", required=True, max_length=MAX_MESSAGE, min_length=2)


def _check_message_rate(citizen: Citizen) -> None:
    since = timezone.now() - datetime.timedelta(days=1)
    if Message.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen, from_citizen=True,
                              written_at__gte=since).count() >= MESSAGES_PER_DAY:
        raise ValidationError({"text": f"Du har skrevet {MESSAGES_PER_DAY} beskeder det seneste døgn. Vent på svar, "
                                       "eller ring til kommunen. Er det akut, så ring 112."})


@transaction.atomic
def write_message(*, actor: Actor, subject: str, text: str) -> MessageThread:
    """The citizen starts a new conversation with their team."""
    principal = citizen_principal(actor)
    citizen = Citizen.objects.select_for_update().get(pk=principal.citizen_id,
                                                      municipality_id=principal.municipality_id)
    require_write(actor, citizen, perm=PERM)
    title = clean_text(subject, field="subject", label="emnet", required=True, max_length=MAX_SUBJECT,
                       min_length=2, markup=False)
    body = _message_text(text)
    _check_message_rate(citizen)
    now = timezone.now()
    thread = MessageThread.objects.create(municipality_id=citizen.municipality_id, citizen=citizen, subject=title,
                                          last_at=now)
    message = Message.objects.create(municipality_id=citizen.municipality_id, thread=thread, citizen=citizen,
                                     from_citizen=True, text=body, written_by=principal.user)
    audit(actor, message, Event.MESSAGE_WRITTEN, citizen, traad=thread.pk)
    return thread


@transaction.atomic
def add_to_thread(*, actor: Actor, thread_id: int | None, text: str) -> Message:
    """The citizen writes again in one of their own threads (another citizen's thread: 404)."""
    principal = citizen_principal(actor)
    thread = (MessageThread.objects.select_for_update().select_related("citizen").filter(
        pk=thread_id, citizen_id=principal.citizen_id, municipality_id=principal.municipality_id).first()
        if thread_id is not None else None)
    if thread is None:
        raise Http404("Beskeden findes ikke.")
    require_write(actor, thread.citizen, perm=PERM)
    body = _message_text(text)
    _check_message_rate(thread.citizen)
    message = Message.objects.create(municipality_id=thread.municipality_id, thread=thread, citizen=thread.citizen,
                                     from_citizen=True, text=body, written_by=principal.user)
    thread.last_at, thread.answered = message.written_at, False
    thread.save(update_fields=["last_at", "answered"])
    audit(actor, message, Event.MESSAGE_WRITTEN, thread.citizen, traad=thread.pk)
    return message


ANSWER = "support.provide_support"


@transaction.atomic
def answer_message(*, actor: Actor, thread: MessageThread, text: str) -> Message:
    """A member of the citizen's team answers (need to know and a role that gives support; a break-the-glass
    grant reads, never answers)."""
    current = MessageThread.objects.select_for_update().select_related("citizen").get(pk=thread.pk)
    require_write(actor, current.citizen, perm=ANSWER)
    assert actor.is_authenticated
    body = clean_text(text, field="text", label="svaret", required=True, max_length=MAX_MESSAGE, min_length=2)
    message = Message.objects.create(municipality_id=current.municipality_id, thread=current,
                                     citizen=current.citizen, from_citizen=False, text=body, written_by=actor)
    current.last_at, current.answered = message.written_at, True
    current.save(update_fields=["last_at", "answered"])
    audit(actor, message, Event.MESSAGE_ANSWERED, current.citizen, traad=current.pk)
    return message
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


# ---- A copy of my data (GDPR art. 15) ----

@transaction.atomic
def request_data_copy(*, actor: Actor) -> DataCopy:
    """The citizen asks for a copy of their data: at most `MAX_PER_DAY` in 24 hours; the task worker makes it."""
    from tovholder.citizens.models import Citizen

    from . import datacopy
    from .tasks import make_data_copy_task

    principal = citizen_principal(actor)
    citizen = Citizen.objects.select_for_update().get(pk=principal.citizen_id,
                                                      municipality_id=principal.municipality_id)
    require_write(actor, citizen, perm=PERM)
    since = timezone.now() - datetime.timedelta(hours=24)
    recent = DataCopy.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen, created_at__gte=since)
    if recent.count() >= datacopy.MAX_PER_DAY:
        raise ValidationError(f"Du har allerede bestilt {datacopy.MAX_PER_DAY} kopier af dine data inden for det "
                              "seneste døgn. Brug en af dem, eller prøv igen i morgen.")
    if recent.filter(status__in=(DataCopy.Status.QUEUED, DataCopy.Status.RUNNING)).exists():
        raise ValidationError("Din kopi er allerede på vej. Vent, til den er klar.")
    copy = DataCopy.objects.create(municipality_id=citizen.municipality_id, citizen=citizen,
                                   requested_by=principal.user)
    record_access(actor=actor, citizen=citizen, what="Kopi af mine data: bestilt (Min Tovholder)")
    audit(actor, copy, Event.DATA_COPY_REQUESTED, citizen)
    task = make_data_copy_task.enqueue(copy.pk)
    DataCopy.objects.filter(pk=copy.pk).update(task_id=str(task.id)[:64])
    copy.refresh_from_db()
    return copy


class _Progress:
    """Writes the copy's progress, only when it moved."""

    def __init__(self, copy_id: int):
        self.copy_id, self.last = copy_id, -1

    def __call__(self, fraction: float) -> None:
        percent = max(0, min(99, int(fraction * 100)))
        if percent > self.last:
            DataCopy.objects.filter(pk=self.copy_id).update(progress=percent)
            self.last = percent


def execute_data_copy(*, copy_id: int) -> None:
    """Make a queued copy (the background task calls this), in the name of the citizen who asked. A failure is
    stored on the copy with a Danish message and audited, never raised."""
    from . import datacopy
    from .selectors import data_copy_contents

    copy = DataCopy.objects.select_related("requested_by", "citizen__municipality").filter(pk=copy_id).first()
    if copy is None or copy.status != DataCopy.Status.QUEUED:
        return
    began = time.perf_counter()
    DataCopy.objects.filter(pk=copy_id).update(status=DataCopy.Status.RUNNING, progress=1)
    file_name = f"{copy.municipality_id}/{copy.citizen_id}/{uuid.uuid4().hex}.zip"
    progress = _Progress(copy_id)
    try:
        with transaction.atomic():
            sections = data_copy_contents(copy.requested_by, copy.citizen_id, progress)
        size = datacopy.write_zip(file_name, sections, copy.citizen, progress)
    except Exception as exc:  # noqa: BLE001 - stored on the copy for the citizen, logged for operators
        logger.exception("Kopi af data %s fejlede", copy_id)
        with transaction.atomic():
            DataCopy.objects.filter(pk=copy_id).update(
                status=DataCopy.Status.FAILED, finished_at=timezone.now(),
                error="Kopien kunne ikke laves. Prøv igen senere, eller kontakt kommunen.")
            audit(copy.requested_by, copy, Event.DATA_COPY_FAILED, copy.citizen, fejl=f"{type(exc).__name__}"[:200])
        return
    now = timezone.now()
    with transaction.atomic():
        DataCopy.objects.filter(pk=copy_id).update(
            status=DataCopy.Status.DONE, progress=100, file_name=file_name, size_bytes=size, finished_at=now,
            expires_at=now + datetime.timedelta(days=datacopy.KEEP_DAYS))
        audit(copy.requested_by, copy, Event.DATA_COPY_MADE, copy.citizen, bytes=size,
              sekunder=round(time.perf_counter() - began, 2))


@transaction.atomic
def download_data_copy(*, actor: Actor, copy: DataCopy) -> Path | None:
    """The citizen fetches their copy: logged (Min log shows it) and audited; returns the file. None when it cannot
    be fetched (not ready, failed, or its time is up: then it is deleted here and now)."""
    from . import datacopy

    principal = citizen_principal(actor)
    if copy.citizen_id != principal.citizen_id or copy.municipality_id != principal.municipality_id:
        raise Http404("Kopien findes ikke.")
    if copy.status == DataCopy.Status.DONE and copy.expires_at and copy.expires_at <= timezone.now():
        _delete(copy, actor=actor)
    path = datacopy.path_of(copy.file_name) if copy.file_name else None
    if copy.status != DataCopy.Status.DONE or path is None or not path.is_file():
        return None
    record_access(actor=actor, citizen=copy.citizen, what="Kopi af mine data: hentet (Min Tovholder)")
    DataCopy.objects.filter(pk=copy.pk).update(downloads=copy.downloads + 1)
    audit(actor, copy, Event.DATA_COPY_DOWNLOADED, copy.citizen)
    return path


def _delete(copy: DataCopy, *, actor: Actor | None) -> None:
    from . import datacopy

    if copy.file_name:
        datacopy.path_of(copy.file_name).unlink(missing_ok=True)
    DataCopy.objects.filter(pk=copy.pk).update(status=DataCopy.Status.EXPIRED, file_name="")
    copy.status, copy.file_name = DataCopy.Status.EXPIRED, ""
    audit(actor or copy.requested_by, copy, Event.DATA_COPY_DELETED, copy.citizen)


@transaction.atomic
def delete_expired_data_copies(*, now: datetime.datetime | None = None) -> int:
    """The nightly job: delete the files of copies past their time (the rows stay, marked as deleted)."""
    now = now or timezone.now()
    expired = list(DataCopy.objects.filter(status=DataCopy.Status.DONE, expires_at__lte=now)
                   .select_related("requested_by", "citizen", "municipality"))
    for copy in expired:
        _delete(copy, actor=None)
    return len(expired)
def _principal_and_citizen(actor: Actor) -> tuple[CitizenPrincipal, Citizen]:
    principal = citizen_principal(actor)
    citizen = Citizen.objects.get(pk=principal.citizen_id, municipality_id=principal.municipality_id)
    require_write(actor, citizen, perm=PERM)
    return principal, citizen


@transaction.atomic
def withdraw_own_consent(*, actor: Actor, consent_id: int | None) -> Consent:
    """The citizen withdraws one of their consents (the row is kept with today's date; staff see it)."""
    principal = citizen_principal(actor)
    consent = (Consent.objects.select_related("citizen", "relative").filter(
        pk=consent_id, citizen_id=principal.citizen_id, municipality_id=principal.municipality_id).first()
        if consent_id is not None else None)
    if consent is None:
        raise Http404("Samtykket findes ikke.")
    return citizen_services.withdraw_consent(actor=actor, consent=consent, withdrawn_on=timezone.localdate(),
                                             perm=PERM)


@transaction.atomic
def grant_relative_access(*, actor: Actor, relative_id: int | None, parts: list[str], cpr: str) -> RelativeGrant:
    """The citizen lets one of their registered relatives see chosen parts of the portal. The relative's CPR
    number (so the relative can log in with MitID) is kept only as a keyed hash, never as the number."""
    principal, citizen = _principal_and_citizen(actor)
    if relative_id is None:
        raise ValidationError({"relative": "Vælg en af dine pårørende på listen."})
    relative = Relative.objects.filter(pk=relative_id, citizen=citizen, municipality_id=citizen.municipality_id).first()
    if relative is None:
        raise Http404("Den pårørende findes ikke.")
    chosen = [s.key for s in shares.all_shares() if s.key in set(parts)]
    if not chosen or len(set(parts)) != len(chosen):
        raise ValidationError({"parts": "Vælg mindst én af de dele, du vil dele."})
    try:
        number = clean_cpr(cpr)
    except ValidationError as exc:
        raise ValidationError({"cpr": exc.messages[0].replace("borgerens", "den pårørendes")}) from None
    if number == citizen.cpr:
        raise ValidationError({"cpr": "Det er dit eget CPR-nummer. Skriv den pårørendes CPR-nummer."})
    if RelativeGrant.objects.select_for_update().filter(relative=relative, withdrawn_at__isnull=True).exists():
        raise ValidationError({"relative": f"{relative.name} har allerede adgang. Træk adgangen tilbage først, "
                                           "hvis du vil ændre, hvad du deler."})
    grant = RelativeGrant.objects.create(municipality_id=citizen.municipality_id, citizen=citizen, relative=relative,
                                         cpr_hash=relative_cpr_hash(number), parts=chosen, granted_by=principal.user)
    audit(actor, grant, Event.RELATIVE_GRANTED, citizen, paaroerende=relative.pk, dele=chosen)
    return grant


@transaction.atomic
def withdraw_relative_access(*, actor: Actor, grant_id: int | None) -> RelativeGrant:
    """The citizen takes a relative's access back; the grant is kept with the time it ended."""
    principal, citizen = _principal_and_citizen(actor)
    grant = (RelativeGrant.objects.select_for_update().select_related("relative").filter(
        pk=grant_id, citizen=citizen, municipality_id=citizen.municipality_id).first()
        if grant_id is not None else None)
    if grant is None:
        raise Http404("Adgangen findes ikke.")
    if grant.withdrawn_at is not None:
        raise ValidationError(f"Adgangen for {grant.relative.name} er allerede trukket tilbage.")
    grant.withdrawn_at = timezone.now()
    grant.save(update_fields=["withdrawn_at"])
    audit(actor, grant, Event.RELATIVE_GRANT_WITHDRAWN, citizen, paaroerende=grant.relative_id)
    return grant

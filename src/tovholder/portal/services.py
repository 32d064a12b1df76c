"""What the citizen writes in the portal: a comment on a goal, an own step, a check-in and the choice to have
the coordinator told about missed check-ins. Through the write gate with the citizen as actor (the citizen
principal knows only itself) and audited in the same transaction. And the daily job's write: the task for the
coordinator when a citizen who asked for it has not checked in."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor, principal_of
from tovholder.audit.services import audit
from tovholder.citizens.gate import require_write
from tovholder.citizens.models import Citizen, Involvement
from tovholder.plans.models import Goal
from tovholder.records import clean_text, int_or_none, lock_version
from tovholder.todo.services import create_task

from .events import Event
from .models import CheckIn, CheckInAlert, CitizenAccount, GoalEntry
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


def _own_citizen(principal: CitizenPrincipal) -> Citizen:
    citizen = Citizen.objects.filter(pk=principal.citizen_id, municipality_id=principal.municipality_id).first()
    if citizen is None:
        raise Http404("Borgeren findes ikke.")
    return citizen


@transaction.atomic
def check_in(*, actor: Actor, mood, sleep, note: str = "", day: datetime.date | None = None) -> CheckIn:
    """The citizen's check-in for a day (today unless given; the past week at most). One a day: a second the
    same day is refused with a clear message, so nothing the citizen said is overwritten."""
    principal = citizen_principal(actor)
    citizen = _own_citizen(principal)
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
    audit(actor, entry, Event.CHECKED_IN, citizen, dag=day.isoformat(), humoer=mood, soevn=sleep)
    return entry


@transaction.atomic
def set_check_in_alert(*, actor: Actor, days, version: int | None = None) -> CheckInAlert:
    """Turn on ("tell my coordinator after N days without a check-in") or off (`days` empty). Off by default."""
    principal = citizen_principal(actor)
    citizen = _own_citizen(principal)
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

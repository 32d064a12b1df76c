"""Writing journal notes: a note per contact, corrections as new versions. The SQLite full-text
table is kept in sync here, in the note's own transaction (PostgreSQL keeps its search vector itself)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from tovholder.audit.services import record_audit
from tovholder.citizens.models import Citizen
from tovholder.plans.models import Goal
from tovholder.records import StaleEditError
from tovholder.support.models import Appointment, ContactKind, Episode
from tovholder.support.services import require_support

from .models import MAX_MINUTES, MAX_TEXT, Note, NoteGoal

FUTURE_SLACK = datetime.timedelta(minutes=5)
MAX_AGE = datetime.timedelta(days=366)
NO_TIME_KINDS = (ContactKind.NO_SHOW, ContactKind.CANCELLED)


def _index(note: Note) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO journal_note_fts(rowid, text) VALUES (%s, %s)", [note.pk, note.text])


def _check(*, citizen: Citizen, kind: str, occurred_at: datetime.datetime, minutes, text: str, goals, episode,
           appointment) -> tuple[datetime.datetime, str, list[Goal]]:
    errors = {}
    if kind not in ContactKind.values:
        errors["kind"] = "Vælg kontaktformen."
    if occurred_at is None:
        errors["occurred_at"] = "Skriv hvornår kontakten fandt sted."
    else:
        if timezone.is_naive(occurred_at):
            occurred_at = timezone.make_aware(occurred_at)
        if occurred_at > timezone.now() + FUTURE_SLACK:
            errors["occurred_at"] = "Et notat kan ikke dateres i fremtiden. Skriv notatet efter kontakten."
        elif occurred_at < timezone.now() - MAX_AGE:
            errors["occurred_at"] = "Kontakten ligger mere end et år tilbage; kontakt din leder om sene notater."
    if minutes is None or not isinstance(minutes, int):
        errors["minutes"] = "Skriv varigheden i minutter."
    elif minutes < 0:
        errors["minutes"] = "Varigheden kan ikke være negativ."
    elif minutes == 0 and kind not in NO_TIME_KINDS:
        errors["minutes"] = ("En kontakt varer mere end 0 minutter. Brug 'Udeblevet' eller 'Aflyst', hvis den ikke "
                             "blev til noget.")
    elif minutes > MAX_MINUTES:
        errors["minutes"] = "En kontakt kan ikke vare 24 timer eller mere. Skriv et notat for hver kontakt."
    text = (text or "").strip()
    if not text:
        errors["text"] = "Skriv notatet."
    elif len(text) > MAX_TEXT:
        errors["text"] = (f"Notatet er på {len(text):,} tegn; der er plads til {MAX_TEXT:,}. Del det op eller "
                          "skriv kortere.").replace(",", ".")
    goal_list = list(goals or [])
    if any(g.citizen_id != citizen.pk for g in goal_list):
        errors["goals"] = "Et af målene hører til en anden borger."
    if episode is not None and episode.citizen_id != citizen.pk:
        errors["episode"] = "Forløbet hører til en anden borger."
    if appointment is not None and appointment.citizen_id != citizen.pk:
        errors["appointment"] = "Aftalen hører til en anden borger."
    if errors:
        raise ValidationError(errors)
    return occurred_at, text, goal_list


def _default_episode(actor, citizen: Citizen, day: datetime.date) -> Episode | None:
    running = Episode.objects.filter(citizen=citizen, started_on__lte=day).exclude(ended_on__lt=day)
    return running.filter(worker=actor).order_by("-started_on").first() or running.order_by("-started_on").first()


@transaction.atomic
def write_note(
    *,
    actor,
    citizen: Citizen,
    kind: str,
    occurred_at: datetime.datetime,
    minutes: int,
    text: str,
    goals=(),
    episode: Episode | None = None,
    appointment: Appointment | None = None,
) -> Note:
    """A journal note for one contact. Without an episode, the citizen's running episode that day is
    used (the author's own first), so the minutes count as delivered hours there."""
    require_support(actor, citizen)
    occurred_at, text, goal_list = _check(citizen=citizen, kind=kind, occurred_at=occurred_at, minutes=minutes,
                                          text=text, goals=goals, episode=episode, appointment=appointment)
    if appointment is not None:
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if appointment.status != Appointment.Status.PLANNED:
            raise ValidationError({"appointment": "Aftalen er aflyst; skriv notatet uden aftale."})
        if appointment.notes.exists():
            raise ValidationError({"appointment": "Der er allerede skrevet notat om aftalen."})
        episode = episode or appointment.episode
    if episode is None:
        episode = _default_episode(actor, citizen, timezone.localtime(occurred_at).date())
    note = Note.objects.create(
        municipality=citizen.municipality, citizen=citizen, episode=episode, appointment=appointment, author=actor,
        kind=kind, occurred_at=occurred_at, minutes=minutes, text=text)
    NoteGoal.objects.bulk_create(NoteGoal(municipality=citizen.municipality, note=note, goal=g) for g in goal_list)
    _index(note)
    record_audit(actor=actor, municipality=citizen.municipality, action="note.written", obj=note, citizen=citizen,
                 detail={"kontaktform": kind, "minutter": minutes, "mål": [g.pk for g in goal_list]})
    return note


@transaction.atomic
def correct_note(
    *,
    actor,
    note: Note,
    text: str,
    reason: str,
    kind: str | None = None,
    occurred_at: datetime.datetime | None = None,
    minutes: int | None = None,
    goals=None,
) -> Note:
    """A correction is a new version pointing at the old one; the old one stays, unchanged and visible.
    Only the author corrects; a correction of an already corrected version is refused (no lost update)."""
    require_support(actor, note.citizen)
    current = Note.objects.select_for_update().select_related("citizen").get(pk=note.pk)
    newer = Note.objects.filter(replaces=current).select_related("author").first()
    if newer is not None:
        raise StaleEditError(f"Notatet er allerede rettet af {newer.author.get_full_name() or newer.author.username}. "
                             "Din rettelse er ikke gemt; se den nye version og ret den, hvis det stadig er nødvendigt.",
                             current=newer)
    if current.author_id != actor.pk:
        raise PermissionDenied("Kun den, der skrev notatet, kan rette det.")
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": "Skriv hvorfor notatet rettes (mindst 5 tegn)."})
    if len(reason) > 500:
        raise ValidationError({"reason": "Årsagen må højst være 500 tegn."})
    kind = kind or current.kind
    occurred_at = occurred_at or current.occurred_at
    minutes = current.minutes if minutes is None else minutes
    goals = list(current.goals.all()) if goals is None else goals
    occurred_at, text, goal_list = _check(citizen=current.citizen, kind=kind, occurred_at=occurred_at,
                                          minutes=minutes, text=text, goals=goals, episode=current.episode,
                                          appointment=current.appointment)
    same_goals = {g.pk for g in goal_list} == set(current.goals.values_list("pk", flat=True))
    if (text == current.text and kind == current.kind and occurred_at == current.occurred_at
            and minutes == current.minutes and same_goals):
        raise ValidationError("Rettelsen ændrer intet i notatet.")
    new = Note.objects.create(
        municipality=current.municipality, citizen=current.citizen, episode=current.episode,
        appointment=current.appointment, author=actor, kind=kind, occurred_at=occurred_at, minutes=minutes,
        text=text, replaces=current, correction_reason=reason, version_no=current.version_no + 1)
    NoteGoal.objects.bulk_create(NoteGoal(municipality=current.municipality, note=new, goal=g) for g in goal_list)
    _index(new)
    record_audit(actor=actor, municipality=current.municipality, action="note.corrected", obj=new,
                 citizen=current.citizen, detail={"retter": current.pk, "årsag": reason})
    return new

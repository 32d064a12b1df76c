"""Writing journal notes: a note documents one citizen's participation in an occasion, corrections are
new versions. The time that counts is recorded in the ledger (`activities`) in the note's transaction:
a planned visit gets its outcome, a contact that was not planned becomes an occasion of its own. The
SQLite full-text table is kept in sync here (PostgreSQL keeps its search vector itself)."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from tovholder.accounts.principals import Actor
from tovholder.activities import services as activities
from tovholder.activities.models import Occasion, Participation
from tovholder.audit.services import record_audit
from tovholder.citizens.models import Citizen
from tovholder.layout import formats
from tovholder.plans.models import Goal
from tovholder.records import StaleEditError
from tovholder.support.services import require_support, running_episode

from .events import Event
from .models import MAX_TEXT, Note, NoteGoal


def _index(note: Note) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO journal_note_fts(rowid, text) VALUES (%s, %s)", [note.pk, note.text])


def _check(*, citizen: Citizen, text: str, goals) -> tuple[str, list[Goal]]:
    errors = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = "Skriv notatet."
    elif len(text) > MAX_TEXT:
        errors["text"] = (f"Notatet er på {formats.number(len(text))} tegn; der er plads til "
                          f"{formats.number(MAX_TEXT)}. Del det op eller skriv kortere.")
    goal_list = list(goals or [])
    if any(g.citizen_id != citizen.pk for g in goal_list):
        errors["goals"] = "Et af målene hører til en anden borger."
    if errors:
        raise ValidationError(errors)
    return text, goal_list


def _save(actor: Actor, citizen: Citizen, participation: Participation, text: str, goals: list[Goal],
          **extra) -> Note:
    assert actor.is_authenticated
    occasion = Occasion.objects.get(pk=participation.occasion_id)
    note = Note.objects.create(municipality=citizen.municipality, citizen=citizen, participation=participation,
                               author=actor, occurred_at=occasion.starts_at, text=text, **extra)
    NoteGoal.objects.bulk_create(NoteGoal(municipality=citizen.municipality, note=note, goal=g) for g in goals)
    _index(note)
    return note


@transaction.atomic
def write_note(
    *,
    actor: Actor,
    citizen: Citizen,
    text: str,
    goals=(),
    participation: Participation | None = None,
    status: str = Participation.Status.ATTENDED,
    minutes: int | None = None,
    kind: str | None = None,
    occurred_at: datetime.datetime | None = None,
) -> Note:
    """A journal note about a contact with the citizen, and the contact's outcome in the ledger.

    With `participation` (a planned visit), its outcome is recorded: attended (for `minutes`, by default
    the visit's length), no-show or cancelled. Without, the contact is recorded as it happened (`kind`,
    `occurred_at`, `minutes`, `status`), under the offer of the citizen's episode running that day (the
    author's own first), so its time counts toward that episode."""
    require_support(actor, citizen)
    text, goal_list = _check(citizen=citizen, text=text, goals=goals)
    if participation is not None:
        if participation.citizen_id != citizen.pk:
            raise ValidationError({"participation": "Aftalen hører til en anden borger."})
        if participation.status != Participation.Status.PLANNED or participation.notes.exists():
            raise ValidationError({"participation": "Der er allerede registreret, hvad der skete ved aftalen. "
                                                    "Skriv notatet uden aftale, eller ret det notat, der findes."})
        participation = activities.record_attendance(actor=actor, participation=participation, status=status,
                                                     minutes=minutes)
        occasion = participation.occasion
        if (kind and kind != occasion.kind) or (occurred_at and occurred_at != occasion.starts_at):
            # it happened otherwise than planned: the ledger records it as it was
            participation = activities.correct_contact(
                actor=actor, participation=participation, kind=kind or occasion.kind,
                starts_at=occurred_at or occasion.starts_at, minutes=participation.minutes, status=status)
    else:
        if occurred_at is None:
            raise ValidationError({"occurred_at": "Skriv hvornår kontakten fandt sted."})
        day = timezone.localtime(occurred_at).date() if timezone.is_aware(occurred_at) else occurred_at.date()
        episode = running_episode(citizen, day, actor)
        participation = activities.record_contact(
            actor=actor, citizen=citizen, kind=kind or "", starts_at=occurred_at, minutes=minutes, status=status,
            offer=episode.offer if episode else None, unit=episode.unit if episode else None)
    note = _save(actor, citizen, participation, text, goal_list)
    record_audit(actor=actor, municipality=citizen.municipality, action=Event.NOTE_WRITTEN, obj=note, citizen=citizen,
                 detail={"kontakt": participation.pk, "status": participation.status,
                         "minutter": participation.minutes, "mål": [g.pk for g in goal_list]})
    return note


@transaction.atomic
def correct_note(
    *,
    actor: Actor,
    note: Note,
    text: str,
    reason: str,
    kind: str | None = None,
    occurred_at: datetime.datetime | None = None,
    minutes: int | None = None,
    status: str | None = None,
    goals=None,
) -> Note:
    """A correction is a new version pointing at the old one; the old one stays, unchanged and visible.
    Only the author corrects; a correction of an already corrected version is refused (no lost update).
    A changed time, form, length or outcome of the contact is corrected in the ledger too."""
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
    participation = Participation.objects.select_related("occasion").get(pk=current.participation_id)
    occasion = participation.occasion
    goals = list(current.goals.all()) if goals is None else goals
    text, goal_list = _check(citizen=current.citizen, text=text, goals=goals)
    contact: dict[str, Any] = {"kind": kind or occasion.kind, "starts_at": occurred_at or occasion.starts_at,
               "minutes": participation.minutes if minutes is None else minutes,
               "status": status or participation.status}
    contact_changed = (contact["kind"] != occasion.kind or contact["starts_at"] != occasion.starts_at
                       or contact["minutes"] != participation.minutes or contact["status"] != participation.status)
    same_goals = {g.pk for g in goal_list} == set(current.goals.values_list("pk", flat=True))
    if text == current.text and same_goals and not contact_changed:
        raise ValidationError("Rettelsen ændrer intet i notatet.")
    if contact_changed:
        participation = activities.correct_contact(actor=actor, participation=participation, **contact)
    new = _save(actor, current.citizen, participation, text, goal_list, replaces=current, correction_reason=reason,
                version_no=current.version_no + 1)
    record_audit(actor=actor, municipality=current.municipality, action=Event.NOTE_CORRECTED, obj=new,
                 citizen=current.citizen, detail={"retter": current.pk, "årsag": reason})
    return new

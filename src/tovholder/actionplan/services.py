"""Every write of the action plan: the focus areas, an effort, a goal, and a goal's status with its dated
comment (appended, never changed). Keyword-only, the acting user first, `actionplan.manage_action_plan`
in the municipality, one transaction, audited. No citizen data."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tovholder.accounts.models import Unit
from tovholder.accounts.principals import Actor, Principal, require_perm, require_same_municipality
from tovholder.audit.services import audit
from tovholder.records import check_day, clean_decimal, clean_text, lock_version
from tovholder.tenancy.models import Municipality

from . import indicators
from .events import Event
from .models import Direction, Effort, FocusArea, GoalStatus, PolicyGoal, Status
from .policy import FOCUS_AREAS

MANAGE = "actionplan.manage_action_plan"
MAX_VALUE = Decimal("9999999999")
STALE = "Målet er ændret af en anden, siden du åbnede siden. Se den nye status og gem igen."


def _require(actor: Actor, *objs) -> Principal:
    require_perm(actor, MANAGE)
    return require_same_municipality(actor, *objs)


def _number(value, *, field: str, label: str, required: bool = True) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError({field: f"Skriv {label}."})
        return None
    return clean_decimal(value, field=field, label=label, example="14 eller 27,5", max_abs=MAX_VALUE)


@transaction.atomic
def create_focus_areas(*, actor: Actor, municipality: Municipality) -> list[FocusArea]:
    """The policy's seven focus areas (6.1–6.7), those missing."""
    principal = _require(actor)
    if principal.municipality_id != municipality.pk:
        raise ValidationError("Kommunen er ikke din.")
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    have = set(FocusArea.objects.filter(municipality=municipality).values_list("code", flat=True))
    made = [FocusArea.objects.create(municipality=municipality, code=code, name=name)
            for code, name in FOCUS_AREAS if code not in have]
    for area in made:
        audit(actor, area, Event.ACTIONPLAN_FOCUS_AREAS, kode=area.code)
    return made


def _dates(starts_on, ends_on) -> None:
    if starts_on is None:
        raise ValidationError({"starts_on": "Skriv datoen, indsatsen begynder."})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "Indsatsen kan ikke slutte, før den begynder."})


@transaction.atomic
def add_effort(*, actor: Actor, focus_area: FocusArea, title: str, owner_unit: Unit, starts_on: datetime.date,
               ends_on: datetime.date | None = None, description: str = "", owner=None) -> Effort:
    """An effort under a focus area, owned by a unit (and optionally a named member of staff)."""
    _require(actor, focus_area, owner_unit)
    assert actor.is_authenticated
    title = clean_text(title, field="title", label="indsatsens navn", required=True, max_length=200, min_length=3,
                       markup=False)
    description = clean_text(description, field="description", label="beskrivelsen", required=False,
                             max_length=4000)
    _dates(starts_on, ends_on)
    if owner is not None and not get_user_model().objects.filter(
            pk=owner.pk, staff__municipality_id=focus_area.municipality_id).exists():
        raise ValidationError({"owner": "Den ansvarlige er ikke medarbejder i kommunen."})
    effort = Effort.objects.create(municipality_id=focus_area.municipality_id, focus_area=focus_area, title=title,
                                   description=description, owner_unit=owner_unit, owner=owner, starts_on=starts_on,
                                   ends_on=ends_on, created_by=actor)
    audit(actor, effort, Event.ACTIONPLAN_EFFORT_ADDED, fokusomraade=focus_area.code, enhed=owner_unit.pk)
    return effort


@transaction.atomic
def add_goal(*, actor: Actor, effort: Effort, text: str, indicator: str, target, direction: str = Direction.AT_LEAST,
             due_on: datetime.date | None = None, manual_unit: str = "") -> PolicyGoal:
    """A goal of an effort: what is to be reached, measured by which indicator, to which target."""
    _require(actor, effort)
    assert actor.is_authenticated
    text = clean_text(text, field="text", label="målet", required=True, max_length=300, min_length=5, markup=False)
    if indicators.get(indicator) is None:
        raise ValidationError({"indicator": "Vælg en indikator fra listen."})
    if direction not in Direction.values:
        raise ValidationError({"direction": "Vælg, om målet er et mindste- eller et højeste tal."})
    value = _number(target, field="target", label="målværdien")
    assert value is not None
    manual_unit = clean_text(manual_unit, field="manual_unit", label="enheden", required=False, max_length=40,
                             markup=False)
    goal = PolicyGoal.objects.create(municipality_id=effort.municipality_id, effort=effort, text=text,
                                     indicator=indicator, target=value, direction=direction, due_on=due_on,
                                     manual_unit=manual_unit if indicator == indicators.MANUAL else "",
                                     created_by=actor)
    audit(actor, goal, Event.ACTIONPLAN_GOAL_ADDED, indikator=indicator, maal=value)
    return goal


@transaction.atomic
def record_status(*, actor: Actor, goal: PolicyGoal, status: str, comment: str, version: int | None,
                  on: datetime.date | None = None, manual_value=None) -> GoalStatus:
    """The goal's status on a day (on track, at risk, off track) with a comment, and the indicator's value
    that day kept with it; for a manual indicator the value entered now. Appended to the history."""
    _require(actor, goal)
    assert actor.is_authenticated
    if status not in Status.values:
        raise ValidationError({"status": "Vælg en status: på rette spor, i risiko eller ikke på rette spor."})
    comment = clean_text(comment, field="comment", label="en kommentar til status", required=True,
                         max_length=2000, min_length=5)
    on = check_day(on or timezone.localdate(), field="on", what="Statussens dato",
                   years_back=goal.municipality.backdate_years, not_before=goal.effort.starts_on,
                   before_what="indsatsens start")
    current = lock_version(PolicyGoal, goal, version, STALE)
    indicator = indicators.get(current.indicator)
    if indicator is None:
        raise ValidationError("Målets indikator findes ikke længere. Opret målet igen med en anden indikator.")
    if indicator.key == indicators.MANUAL:
        value = _number(manual_value, field="manual_value", label="den aktuelle værdi", required=False)
        if value is None:
            value = current.manual_value
            if value is None:
                raise ValidationError({"manual_value": "Skriv den aktuelle værdi: målet følges med en indtastet "
                                                       "værdi."})
        else:
            current.manual_value, current.manual_on = value, on
        group = None
    else:
        reading = indicator.read(goal.municipality_id, on)
        value, group = reading.value, reading.group
    current.version += 1
    current.save(update_fields=["manual_value", "manual_on", "version"])
    entry = GoalStatus.objects.create(municipality_id=goal.municipality_id, goal=current, status=status, on=on,
                                       comment=comment, value=value, group_size=group, recorded_by=actor)
    audit(actor, entry, Event.ACTIONPLAN_STATUS_RECORDED, maal=goal.pk, status=status, dato=on, vaerdi=value)
    return entry

"""Every write of the plan: the citizen's overall wish, goals in the citizen's own words, and their
follow-ups. Keyword-only, the acting user first, through the write gate, one transaction, audited."""

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tovholder.accounts.models import StaffProfile
from tovholder.accounts.principals import Actor, Principal, require_same_municipality
from tovholder.audit.services import STALE, lock_naming_editor
from tovholder.audit.services import audit as _audit
from tovholder.citizens.gate import NO_PERMISSION, check_worker_knows, require_write
from tovholder.citizens.models import Citizen
from tovholder.layout.dates import check_date
from tovholder.offers import ffb
from tovholder.records import StaleEditError, check_day, clean_text
from tovholder.visitation.models import Decision

from . import requirements
from .events import Event
from .models import GOAL_TYPES, Goal, GoalFollowUp, GoalRevision, Plan

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MAX_FOLLOW_UP_DAYS = 2 * 366
PERM = "support.provide_support"


def _today() -> datetime.date:
    return timezone.localdate()


def _who(user: "User | None") -> str:
    return (user.get_full_name() or user.username) if user else "en anden"


CASES = "visitation.handle_cases"


def _require_plan_work(actor: Actor, citizen: Citizen) -> Principal:
    """Those who give the citizen support write the plan with the citizen, and the caseworker sets the
    goals of an effort at visitation (need to know; never through a break-the-glass grant)."""
    principal = require_write(actor, citizen)
    if not (principal.has_perm(PERM) or principal.has_perm(CASES)):
        raise PermissionDenied(NO_PERMISSION)
    return principal


def _plan_for(actor: Actor, citizen: Citizen) -> Plan:
    assert actor.is_authenticated
    plan = Plan.objects.select_for_update().filter(citizen=citizen).first()
    if plan is None:
        plan = Plan.objects.create(municipality=citizen.municipality, citizen=citizen, updated_by=actor)
        _audit(actor, plan, Event.PLAN_CREATED, citizen)
    return plan


@transaction.atomic
def save_plan(*, actor: Actor, citizen: Citizen, version: int, aim: str, review_on: datetime.date | None) -> Plan:
    """The citizen's overall wish in own words and when the plan is evaluated. `version` 0 creates it."""
    _require_plan_work(actor, citizen)
    aim = clean_text(aim, field="aim", label="borgerens overordnede ønske", required=False, max_length=4000)
    if review_on is not None and review_on < _today():
        raise ValidationError({"review_on": "Evalueringen af planen skal ligge i dag eller senere."})
    check_date(review_on, kind="planned", field="review_on")
    existing = Plan.objects.filter(citizen=citizen).first()
    if existing is None and version not in (0, None):
        raise StaleEditError("Planen findes ikke længere. Genindlæs siden.")
    if existing is not None and version == 0:
        raise StaleEditError(STALE.format(what="Planen", who=_who(existing.updated_by)), current=existing)
    plan = _plan_for(actor, citizen) if existing is None else lock_naming_editor(Plan, existing, version, "Planen")
    before = {"aim": plan.aim, "review_on": str(plan.review_on or "")}
    plan.aim, plan.review_on, plan.updated_by = aim, review_on, actor
    plan.version += 1
    plan.save()
    _audit(actor, plan, Event.PLAN_SAVED, citizen, før=before, efter={"aim": aim, "review_on": str(review_on or "")})
    return plan


def _leaf_conditions() -> set[str]:
    return {c.code for c in ffb.under("FFB tilstande") if len(c.path) >= 3}


def _secondary(codes, primary: str) -> list[str]:
    codes = [c for c in dict.fromkeys(codes or []) if c and c != primary]
    if codes and not primary:
        raise ValidationError({"secondary_conditions": "Vælg den primære tilstand først."})
    if any(code not in _leaf_conditions() for code in codes):
        raise ValidationError({"secondary_conditions": "Vælg sekundære tilstande fra FFB."})
    return codes


def _check_goal_fields(*, text, goal_type, condition, start_level, target_level, next_follow_up_on,
                       responsible, citizen, secondary_conditions=(), since: datetime.date | None = None) -> str:
    """`since`: the day the goal was set, when it is typed in afterwards (its follow-up may be past)."""
    text = clean_text(text, field="text", label="målet med borgerens egne ord", required=True, max_length=1000,
                 min_length=3)
    if goal_type not in GOAL_TYPES:
        raise ValidationError({"goal_type": "Vælg en måltype: udvikle, fastholde eller begrænse tab af "
                                            "funktionsevne."})
    if condition and condition not in _leaf_conditions():
        raise ValidationError({"condition": "Vælg en tilstand fra FFB."})
    _secondary(secondary_conditions, condition)
    for field, level in (("start_level", start_level), ("target_level", target_level)):
        if level is not None and not 0 <= level <= 4:
            raise ValidationError({field: "Funktionsevneniveauet er mellem 0 (ingen) og 4 (totale) begrænsninger."})
    if (start_level is not None or target_level is not None) and not condition:
        raise ValidationError({"condition": "Et funktionsevneniveau hører til en tilstand; vælg tilstanden."})
    if next_follow_up_on is None:
        raise ValidationError({"next_follow_up_on": "Vælg hvornår målet følges op."})
    if since is not None and since < _today():
        if next_follow_up_on < since:
            raise ValidationError({"next_follow_up_on": "Opfølgningen skal ligge på eller efter den dag, målet "
                                                        "blev sat."})
    elif next_follow_up_on < _today():
        raise ValidationError({"next_follow_up_on": "Opfølgningen skal ligge i dag eller senere."})
    if next_follow_up_on > _today() + datetime.timedelta(days=MAX_FOLLOW_UP_DAYS):
        raise ValidationError({"next_follow_up_on": "Følg op mindst hvert andet år."})
    if responsible is not None:
        check_worker_knows(responsible, citizen, "responsible")
    return text


@transaction.atomic
def add_goal(
    *,
    actor: Actor,
    citizen: Citizen,
    text: str,
    goal_type: str,
    next_follow_up_on: datetime.date,
    condition: str = "",
    start_level: int | None = None,
    target_level: int | None = None,
    parent: Goal | None = None,
    unit=None,
    responsible=None,
    decision: Decision | None = None,
    secondary_conditions: list[str] | tuple = (),
    created_on: datetime.date | None = None,
) -> Goal:
    """A goal in the citizen's own words in the citizen's plan (created if missing); with `parent`, a
    unit's sub-goal under an overall goal; with `decision`, the goal of an effort (FFB's indsatsmål), set
    by the caseworker at visitation. FFB: one primary condition and any secondary ones."""
    profile = _require_plan_work(actor, citizen)
    assert actor.is_authenticated
    require_same_municipality(actor, parent, unit, decision)
    created_on = check_day(created_on or _today(), field="created_on", what="Målet",
                           years_back=citizen.municipality.backdate_years)
    text = _check_goal_fields(text=text, goal_type=goal_type, condition=condition, start_level=start_level,
                              target_level=target_level, next_follow_up_on=next_follow_up_on,
                              responsible=responsible, citizen=citizen, secondary_conditions=secondary_conditions,
                              since=created_on)
    if decision is not None:
        if decision.citizen_id != citizen.pk:
            raise ValidationError({"decision": "Indsatsen hører til en anden borger."})
        if not decision.in_force:
            raise ValidationError({"decision": "Indsatsen er ikke bevilget eller er afsluttet."})
    if parent is not None:
        if parent.citizen_id != citizen.pk:
            raise ValidationError({"parent": "Delmålet skal høre under et af borgerens egne mål."})
        if parent.parent_id is not None:
            raise ValidationError({"parent": "Et delmål kan ikke have sine egne delmål."})
        if not parent.is_active:
            raise ValidationError({"parent": "Målet er afsluttet; der kan ikke tilføjes delmål."})
        unit = unit or profile.first_unit
    plan = _plan_for(actor, citizen)
    goal = Goal.objects.create(
        municipality=citizen.municipality, plan=plan, citizen=citizen, parent=parent, unit=unit, text=text,
        goal_type=goal_type, condition=condition or "", start_level=start_level, target_level=target_level,
        secondary_conditions=_secondary(secondary_conditions, condition or ""), decision=decision,
        responsible=responsible or actor, next_follow_up_on=next_follow_up_on, created_on=created_on,
        created_by=actor)
    _audit(actor, goal, Event.GOAL_ADDED, citizen, delmaal=parent is not None, maaltype=ffb.display(goal_type))
    return goal


GOAL_FIELDS = ("text", "goal_type", "condition", "secondary_conditions", "start_level", "target_level",
               "next_follow_up_on", "responsible")
REVISED = ("text", "goal_type", "condition", "secondary_conditions", "start_level", "target_level")


@transaction.atomic
def update_goal(*, actor: Actor, goal: Goal, version: int, **fields) -> Goal:
    """Change a goal. A save based on an older version is refused and the other's change shown."""
    _require_plan_work(actor, goal.citizen)
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {unknown}")
    current = lock_naming_editor(Goal, goal, version, "Målet")
    if not current.is_active:
        raise ValidationError("Målet er afsluttet og kan ikke ændres.")
    values = {f: fields.get(f, getattr(current, f)) for f in GOAL_FIELDS}
    values["condition"] = values["condition"] or ""
    values["text"] = _check_goal_fields(citizen=current.citizen, **values)
    values["secondary_conditions"] = _secondary(values["secondary_conditions"], values["condition"])
    _keep_requirements(current, changed=values)
    before = {f: str(getattr(current, f) or "") for f in GOAL_FIELDS}
    if any(values[f] != getattr(current, f) for f in REVISED):  # the goal as it was stays visible
        assert actor.is_authenticated
        GoalRevision.objects.create(municipality=current.municipality, goal=current, citizen=current.citizen,
                                    version=current.version, valid_until=_today(), changed_by=actor,
                                    **{f: getattr(current, f) for f in REVISED})
    for field, value in values.items():
        setattr(current, field, value)
    current.version += 1
    current.save()
    after = {f: str(getattr(current, f) or "") for f in GOAL_FIELDS}
    _audit(actor, current, Event.GOAL_CHANGED, current.citizen,
           før={k: v for k, v in before.items() if after[k] != v},
           efter={k: v for k, v in after.items() if before[k] != v})
    return current


def _keep_requirements(goal: Goal, *, changed: dict | None) -> None:
    """Refuse ending (`changed` None) or changing a goal when the plan would no longer hold what an effort
    requires of it (plans.requirements)."""
    others = list(Goal.objects.filter(citizen_id=goal.citizen_id, status=Goal.Status.ACTIVE).exclude(pk=goal.pk))
    before = requirements.broken(goal.citizen, [*others, goal])
    if changed is not None:
        others.append(Goal(**{f: v for f, v in changed.items() if f in REVISED}, citizen_id=goal.citizen_id))
    messages = [m for m in requirements.broken(goal.citizen, others) if m not in before]  # only what this breaks
    if messages:
        raise ValidationError(messages)


def check_follow_up(goal: Goal, *, held_on: datetime.date, result: str, learned: str,
                    next_on: datetime.date | None, level_reached: int | None = None) -> str:
    """The rules of a follow-up, without writing (for services that compose a follow-up with more).
    Returns the cleaned text of what was learned."""
    if not goal.is_active:
        raise ValidationError("Målet er afsluttet.")
    if result not in GoalFollowUp.Result.values:
        raise ValidationError({"result": "Vælg resultatet af opfølgningen."})
    learned = clean_text(learned, field="learned", label="hvad I har lært",
                         required=result != GoalFollowUp.Result.CONTINUE, max_length=4000)
    check_day(held_on, field="held_on", what="Opfølgningen", years_back=goal.municipality.backdate_years,
              not_before=goal.created_on, before_what="målet blev sat")
    if level_reached is not None:
        if not goal.condition:
            raise ValidationError({"level_reached": "Målet har ingen tilstand at måle et funktionsevneniveau på."})
        if not 0 <= level_reached <= 4:
            raise ValidationError({"level_reached": "Funktionsevneniveauet er mellem 0 og 4."})
    if result == GoalFollowUp.Result.END:
        if next_on is not None:
            raise ValidationError({"next_on": "Et afsluttet mål har ingen næste opfølgning."})
    else:
        if next_on is None:
            raise ValidationError({"next_on": "Vælg datoen for næste opfølgning."})
        if next_on <= held_on or next_on < _today():
            raise ValidationError({"next_on": "Næste opfølgning skal ligge efter denne og tidligst i dag."})
        if next_on > held_on + datetime.timedelta(days=MAX_FOLLOW_UP_DAYS):
            raise ValidationError({"next_on": "Følg op mindst hvert andet år."})
    return learned


@transaction.atomic
def record_follow_up(
    *,
    actor: Actor,
    goal: Goal,
    held_on: datetime.date,
    result: str,
    learned: str = "",
    next_on: datetime.date | None = None,
    version: int | None = None,
    level_reached: int | None = None,
) -> GoalFollowUp:
    """Follow up on a goal: the result (continue, change, end, revisit), what was learned, and the
    next follow-up date (none when the goal ends). (Goal attainment at the same follow-up:
    `outcomes.services.follow_up_goal`, which composes this with the measurement.)"""
    _require_plan_work(actor, goal.citizen)
    assert actor.is_authenticated
    current = lock_naming_editor(Goal, goal, version, "Målet")
    learned = check_follow_up(current, held_on=held_on, result=result, learned=learned, next_on=next_on,
                              level_reached=level_reached)
    if result == GoalFollowUp.Result.END:
        _keep_requirements(current, changed=None)
    follow_up = GoalFollowUp.objects.create(
        municipality=current.municipality, goal=current, citizen=current.citizen, due_on=current.next_follow_up_on,
        held_on=held_on, result=result, learned=learned, next_on=next_on, level_reached=level_reached, by=actor)
    current.next_follow_up_on = next_on
    if result == GoalFollowUp.Result.END:
        current.status, current.ended_on = Goal.Status.ENDED, held_on
    current.version += 1
    current.save(update_fields=["next_follow_up_on", "status", "ended_on", "version"])
    _audit(actor, follow_up, Event.GOAL_FOLLOWED_UP, current.citizen, maal=current.pk, resultat=result,
           naeste=next_on)
    return follow_up


@transaction.atomic
def release_goals(*, actor: Actor, citizen: Citizen, unit, reason: str) -> int:
    """A unit lets go of the citizen (a move to another offer): the active goals its workers are responsible
    for keep their content in the one plan, without a responsible, until the next contact person takes them.
    Composed by a service that passed the write gate for the move (need to know of the citizen)."""
    require_write(actor, citizen)
    assert actor.is_authenticated
    # the workers of the unit as a subquery: a join through the units would need DISTINCT, which PostgreSQL
    # refuses with FOR UPDATE
    workers = StaffProfile.objects.filter(units=unit).values("user_id")
    goals = list(Goal.objects.select_for_update().filter(citizen=citizen, status=Goal.Status.ACTIVE,
                                                         responsible_id__in=workers).order_by("pk"))
    for goal in goals:
        before = goal.responsible_id
        goal.responsible = None
        goal.version += 1
        goal.save(update_fields=["responsible", "version"])
        _audit(actor, goal, Event.GOAL_CHANGED, citizen, før={"responsible": str(before)},
               efter={"responsible": ""}, grund=reason)
    return len(goals)
